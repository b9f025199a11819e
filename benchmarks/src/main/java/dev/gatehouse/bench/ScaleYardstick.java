package dev.gatehouse.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link ScaleBench}'s yardstick for the login: the rows a password login writes into the tables
 * that are large at ten million accounts, written by plain JDBC in one transaction of a schema's
 * own connection, with nothing of the library between. It reads the account by its email, sets its
 * last login (the user row and its row of {@code gh_user_sign_in}, in the login's one statement),
 * inserts a session and an audit entry (copies of the template account's, with a time-ordered key
 * and the account as owner and subject, so each goes to the account's leaf of the owner and subject
 * indexes as the login's do), and commits. Timed whole and its commit alone: what these writes cost
 * PostgreSQL at each size on this machine, so that the login's ratio large ÷ small is read beside
 * the ratio the same rows have without the library. Not thread-safe: one per schema, one thread.
 */
final class ScaleYardstick implements AutoCloseable {
  /** The comment that begins each of its statements, which pg_stat_statements keeps. */
  static final String MARK = "/* yardstick */ ";

  private final Connection connection;
  private final PreparedStatement account;
  private final PreparedStatement lastLogin;
  private final PreparedStatement session;
  private final PreparedStatement audit;

  /** Prepares the statements on a connection of its own to {@code w}'s schema. */
  ScaleYardstick(BenchWorld w) throws SQLException {
    connection = w.db.connect();
    try (Statement st = connection.createStatement()) {
      String template = "(select public_id from gh_user where email not like '%@scale.test')";
      String sessionId =
          ScaleLoad.text(st, "select id from gh_session where user_public_id = " + template);
      long auditId =
          ScaleLoad.longValue(st, "select max(id) from gh_audit_event where subject = " + template);
      account =
          connection.prepareStatement(
              MARK + "select id, public_id from gh_user where email_normalized = ?");
      lastLogin =
          connection.prepareStatement(
              MARK
                  + "with gh_l as (update gh_user set last_login_at = ? where id = ? returning 1)"
                  + " insert into gh_user_sign_in (user_public_id, last_login_at) select ?, ? from"
                  + " gh_l on conflict (user_public_id) do update set last_login_at ="
                  + " excluded.last_login_at");
      session =
          connection.prepareStatement(
              MARK
                  + "with p (sid, uid) as (values (cast(? as varchar(36)),"
                  + " cast(? as varchar(36)))) "
                  + ScaleLoad.copySql(
                      st,
                      "gh_session",
                      "gh_session t, p where t.id = '" + sessionId + "'",
                      Map.of(
                          "id", "p.sid",
                          "user_public_id", "p.uid",
                          "created_at", "now()",
                          "last_used_at", "now()",
                          "idle_expires_at", "now() + interval '10 days'",
                          "expires_at", "now() + interval '20 days'")));
      audit =
          connection.prepareStatement(
              MARK
                  + "with p (subject) as (values (cast(? as varchar(36)))) "
                  + ScaleLoad.copySql(
                      st,
                      "gh_audit_event",
                      "gh_audit_event t, p where t.id = " + auditId,
                      Map.of("subject", "p.subject", "occurred_at", "now()")));
    }
    connection.setAutoCommit(false);
  }

  /**
   * Writes one sign-in's rows for the account {@code email} and commits.
   *
   * @return {nanoseconds in all, nanoseconds of the commit}
   */
  long[] signIn(String email) throws SQLException {
    long t0 = System.nanoTime();
    long id;
    String publicId;
    account.setString(1, email);
    try (ResultSet r = account.executeQuery()) {
      if (!r.next()) {
        throw new IllegalStateException("no loaded account " + email);
      }
      id = r.getLong(1);
      publicId = r.getString(2);
    }
    Timestamp now = Timestamp.from(Instant.now());
    lastLogin.setTimestamp(1, now);
    lastLogin.setLong(2, id);
    lastLogin.setString(3, publicId);
    lastLogin.setTimestamp(4, now);
    lastLogin.executeUpdate();
    session.setString(1, timeOrdered(now.toInstant()).toString());
    session.setString(2, publicId);
    session.executeUpdate();
    audit.setString(1, publicId);
    audit.executeUpdate();
    long c0 = System.nanoTime();
    connection.commit();
    long t1 = System.nanoTime();
    return new long[] {t1 - t0, t1 - c0};
  }

  /**
   * A version 7 UUID of {@code at}, as the library keys a session (its own generator is internal to
   * auth-core): the millisecond first, so the insert lands on the primary key's right-hand leaf.
   */
  private static UUID timeOrdered(Instant at) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (at.toEpochMilli() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }

  @Override
  public void close() throws SQLException {
    connection.rollback();
    connection.close();
  }
}
