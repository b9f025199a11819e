package dev.gatehouse.imports.bench;

import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacyUser;
import dev.gatehouse.imports.internal.LedgerIds;
import dev.gatehouse.imports.internal.SyntheticUsers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Two more floors for {@link ImportThroughput}, each writing what the import writes per plain new
 * user (the user, its default profile, the mapping row, with the import's foreign keys) into the
 * copies {@link ImportThroughput#createFloorTables} makes, one transaction per batch on one
 * connection, as the import and the other floors do:
 *
 * <ul>
 *   <li>{@link #serverWritten}: the rows are made by the database itself ({@code insert ... select}
 *       over generated numbers), so no row crosses the wire and no statement is bound per row. It
 *       is the least time any client can take to write these rows on that server with one
 *       connection: the one-bare-row floor's seconds divided by these are the highest {@code import
 *       / plain JDBC} ratio an import that writes these rows can reach there.
 *   <li>{@link #arrays} (PostgreSQL): the rows bound as arrays and unnested by the server, one
 *       statement per batch for the users with their profiles (a data-modifying {@code with}) and
 *       one for the mappings: the cheapest way a client sends its own rows over JDBC without {@code
 *       COPY}.
 * </ul>
 */
final class WriteCeiling {
  private WriteCeiling() {}

  /**
   * Writes {@code users} users with their default profiles and mapping rows from numbers the server
   * generates.
   *
   * @return the seconds the writes took
   */
  static double serverWritten(DataSource ds, long users, int batch, boolean mariadb)
      throws SQLException {
    // Random 36-character keys, as random as the import's UUIDs: a time-based UUID (MariaDB's
    // uuid()) would append to the index instead of scattering over it, and flatter the floor.
    String random36 =
        mariadb
            ? "left(concat(md5(rand()), md5(rand())), 36)"
            : "left(md5(random()::text) || md5(random()::text), 36)";
    String numbers = mariadb ? "seq_%d_to_%d g" : "generate_series(%d, %d) as g(seq)";
    String orderedId = mariadb ? "lpad(id, 12, '0')" : "lpad(id::text, 12, '0')";
    String usersSql =
        "insert into floor_gh_user (public_id, email, email_normalized, username,"
            + " username_normalized, password_hash, is_active, is_verified, email_verified,"
            + " phone_verified, is_staff, is_superuser, created_at, modified_at) select "
            + random36
            + ", concat('user', g.seq, '@example.com'), concat('user', g.seq, '@example.com'),"
            + " concat('user', g.seq), concat('user', g.seq), ?, true, true, false, false,"
            + " false, false, ?, ? from "
            + numbers;
    try (Connection c = ds.getConnection()) {
      ImportThroughput.createFloorTables(c, mariadb, true);
      c.setAutoCommit(false);
      long lastUserId = 0;
      long start = System.nanoTime();
      try (PreparedStatement batchRow =
              c.prepareStatement("insert into floor_batch (id) values (?)");
          PreparedStatement maxId = c.prepareStatement("select max(id) from floor_gh_user");
          PreparedStatement profiles =
              c.prepareStatement(
                  "insert into floor_gh_profile (user_id, is_default, default_marker, role,"
                      + " is_active, created_at, modified_at) select id, true, public_id, 'USER',"
                      + " true, ?, ? from floor_gh_user where id > ? and id <= ?");
          PreparedStatement mappings =
              c.prepareStatement(
                  "insert into floor_gh_import_mapping (id, source_name, legacy_id,"
                      + " user_public_id, action, batch_id, created_at) select concat(?, "
                      + orderedId
                      + "), 'bench', username, public_id, 'CREATED', ?, ? from floor_gh_user"
                      + " where id > ? and id <= ?")) {
        for (long first = 1; first <= users; first += batch) {
          long last = Math.min(users, first + batch - 1);
          Timestamp now = Timestamp.from(Instant.now());
          String batchId = LedgerIds.next();
          batchRow.setString(1, batchId);
          batchRow.executeUpdate();
          try (PreparedStatement u = c.prepareStatement(String.format(usersSql, first, last))) {
            u.setString(1, SyntheticUsers.HASH);
            u.setTimestamp(2, now);
            u.setTimestamp(3, now);
            u.executeUpdate();
          }
          long top;
          try (ResultSet rs = maxId.executeQuery()) {
            rs.next();
            top = rs.getLong(1);
          }
          profiles.setTimestamp(1, now);
          profiles.setTimestamp(2, now);
          profiles.setLong(3, lastUserId);
          profiles.setLong(4, top);
          profiles.executeUpdate();
          // Time-ordered keys, as the import's ledger ids are (a prefix per batch, then the user).
          mappings.setString(1, batchId.substring(0, 24));
          mappings.setString(2, batchId);
          mappings.setTimestamp(3, now);
          mappings.setLong(4, lastUserId);
          mappings.setLong(5, top);
          mappings.executeUpdate();
          c.commit();
          lastUserId = top;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      ImportThroughput.dropFloorTables(c, true);
      c.commit();
      return seconds;
    }
  }

  /**
   * Writes the synthetic source's users with their default profiles and mapping rows, bound as
   * arrays: PostgreSQL only.
   *
   * @return the seconds the writes took
   */
  static double arrays(DataSource ds, long users, int batch) throws SQLException {
    try (Connection c = ds.getConnection()) {
      ImportThroughput.createFloorTables(c, false, true);
      c.setAutoCommit(false);
      long start = System.nanoTime();
      try (PreparedStatement batchRow =
              c.prepareStatement("insert into floor_batch (id) values (?)");
          PreparedStatement usersAndProfiles =
              c.prepareStatement(
                  "with src as (select * from unnest(?::varchar[], ?::varchar[], ?::varchar[],"
                      + " ?::varchar[], ?::timestamptz[]) as s(public_id, email, username, hash,"
                      + " created_at)), u as (insert into floor_gh_user (public_id, email,"
                      + " email_normalized, username, username_normalized, password_hash,"
                      + " is_active, is_verified, email_verified, phone_verified, is_staff,"
                      + " is_superuser, created_at, modified_at) select public_id, email, email,"
                      + " username, username, hash, true, true, false, false, false, false,"
                      + " created_at, ? from src returning id, public_id) insert into"
                      + " floor_gh_profile (user_id, is_default, default_marker, role, is_active,"
                      + " created_at, modified_at) select id, true, public_id, 'USER', true, ?, ?"
                      + " from u");
          PreparedStatement mappings =
              c.prepareStatement(
                  "insert into floor_gh_import_mapping (id, source_name, legacy_id,"
                      + " user_public_id, action, batch_id, created_at) select id, 'bench',"
                      + " legacy_id, public_id, 'CREATED', ?, ? from unnest(?::varchar[],"
                      + " ?::varchar[], ?::varchar[]) as s(id, legacy_id, public_id)")) {
        String[][] columns = new String[6][batch];
        Timestamp[] created = new Timestamp[batch];
        int n = 0;
        try (LegacySource.RecordStream st = new SyntheticUsers(users).open()) {
          while (st.hasNext()) {
            LegacyUser u = st.next().user();
            String publicId = UUID.randomUUID().toString();
            columns[0][n] = publicId;
            columns[1][n] = u.email();
            columns[2][n] = u.username();
            columns[3][n] = u.passwordHash();
            columns[4][n] = LedgerIds.next();
            columns[5][n] = u.legacyId();
            created[n] = Timestamp.from(u.createdAt());
            if (++n == batch || !st.hasNext()) {
              Timestamp now = Timestamp.from(Instant.now());
              String batchId = LedgerIds.next();
              batchRow.setString(1, batchId);
              batchRow.executeUpdate();
              for (int i = 0; i < 4; i++) {
                usersAndProfiles.setArray(i + 1, array(c, "varchar", columns[i], n));
              }
              usersAndProfiles.setArray(5, c.createArrayOf("timestamptz", head(created, n)));
              usersAndProfiles.setTimestamp(6, now);
              usersAndProfiles.setTimestamp(7, now);
              usersAndProfiles.setTimestamp(8, now);
              usersAndProfiles.executeUpdate();
              mappings.setString(1, batchId);
              mappings.setTimestamp(2, now);
              mappings.setArray(3, array(c, "varchar", columns[4], n));
              mappings.setArray(4, array(c, "varchar", columns[5], n));
              mappings.setArray(5, array(c, "varchar", columns[0], n));
              mappings.executeUpdate();
              c.commit();
              n = 0;
            }
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      ImportThroughput.dropFloorTables(c, true);
      c.commit();
      return seconds;
    }
  }

  private static Array array(Connection c, String type, String[] values, int n)
      throws SQLException {
    return c.createArrayOf(type, head(values, n));
  }

  private static <T> T[] head(T[] values, int n) {
    return n == values.length ? values : java.util.Arrays.copyOf(values, n);
  }
}
