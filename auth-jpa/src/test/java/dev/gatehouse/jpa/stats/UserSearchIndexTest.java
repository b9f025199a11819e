package dev.gatehouse.jpa.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.UserPage;
import dev.gatehouse.core.store.UserPage.Key;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Administration's pages of users (UserStore#page) read a range of one index on every database,
 * behind thousands of accounts: by a prefix of the email, and by a range of creation and of last
 * sign-in time (the last through the sign-in table's index, then the users by public id). The plan,
 * not a timing, shows that a page does not grow with the table (benchmarks/user-search.sh measures
 * it on a million accounts, docs/BENCHMARKS.md).
 */
class UserSearchIndexTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final int USERS = 4000;

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aPageByEmailPrefixOrByTimeIsReadFromAnIndexBehindThousandsOfAccounts(DatabaseKind kind)
      throws SQLException {
    CountingDataSource counter = CountingDataSource.create();
    try (JpaFixture f = JpaFixture.create(kind, counter::wrap)) {
      try (Connection c = f.db.connect();
          PreparedStatement insert =
              c.prepareStatement(
                  "insert into gh_user (public_id, email, email_normalized, is_active,"
                      + " is_verified, email_verified, phone_verified, is_staff, is_superuser,"
                      + " created_at, modified_at, last_login_at) values"
                      + " (?, ?, ?, true, true, true, false, false, false, ?, ?, ?)");
          // The last sign-in's index is the library's table's (changeset 0018), as the store
          // writes it with last_login_at.
          PreparedStatement signedIn =
              c.prepareStatement(
                  "insert into gh_user_sign_in (user_public_id, last_login_at) values (?, ?)")) {
        for (int i = 0; i < USERS; i++) {
          String email = String.format("u%05d@example.test", i);
          Timestamp at = Timestamp.from(START.plus(Duration.ofMinutes(i)));
          String publicId = UUID.randomUUID().toString();
          insert.setString(1, publicId);
          insert.setString(2, email);
          insert.setString(3, email);
          insert.setTimestamp(4, at);
          insert.setTimestamp(5, at);
          insert.setTimestamp(6, i % 2 == 0 ? at : null);
          insert.addBatch();
          if (i % 2 == 0) {
            signedIn.setString(1, publicId);
            signedIn.setTimestamp(2, at);
            signedIn.addBatch();
          }
        }
        insert.executeBatch();
        signedIn.executeBatch();
        try (Statement s = c.createStatement()) {
          s.execute(
              switch (kind) {
                case H2 -> "ANALYZE";
                case POSTGRESQL -> "ANALYZE gh_user";
                case MARIADB -> "ANALYZE TABLE gh_user";
              });
          if (kind != DatabaseKind.H2) {
            s.execute(
                (kind == DatabaseKind.POSTGRESQL ? "ANALYZE " : "ANALYZE TABLE ")
                    + "gh_user_sign_in");
          }
        }
      }

      List<UserRecord> byEmail =
          page(f, counter, UserPage.prefix(Key.EMAIL, "u0123", 5), "u0123%", null, null);
      assertThat(byEmail)
          .extracting(UserRecord::emailCanonical)
          .containsExactly(
              "u01230@example.test",
              "u01231@example.test",
              "u01232@example.test",
              "u01233@example.test",
              "u01234@example.test");
      // On PostgreSQL the byte-wise prefix index (0014), whatever the database's collation.
      assertUses(
          kind,
          f,
          "email",
          kind == DatabaseKind.POSTGRESQL ? "ix_gh_user_email_prefix" : "uq_gh_user_email");

      Instant from = START.plus(Duration.ofMinutes(2000));
      List<UserRecord> created =
          page(
              f,
              counter,
              UserPage.range(Key.CREATED, from, from.plus(Duration.ofMinutes(10)), 4),
              null,
              "2030-01-02 09:20:00",
              "2030-01-02 09:30:00");
      assertThat(created)
          .extracting(UserRecord::dateJoined)
          .containsExactly(
              from, from.plusSeconds(60), from.plusSeconds(120), from.plusSeconds(180));
      assertUses(kind, f, "created", "ix_gh_user_created");

      List<UserRecord> signedIn =
          page(
              f,
              counter,
              UserPage.range(Key.LAST_SIGN_IN, from, from.plus(Duration.ofMinutes(10)), 4),
              null,
              "2030-01-02 09:20:00",
              "2030-01-02 09:30:00");
      assertThat(signedIn)
          .extracting(UserRecord::lastLoginAt)
          .containsExactly(
              from, from.plusSeconds(120), from.plusSeconds(240), from.plusSeconds(360));
      // A range of the sign-in table's index, then the page's users by their unique public id.
      assertUses(kind, f, "last sign-in", "ix_gh_user_sign_in_last_login");
      String users =
          taken.stream()
              .filter(q -> q.contains("from gh_user ") && q.contains(" in ("))
              .findFirst()
              .orElseThrow();
      for (UserRecord u : signedIn) {
        users = users.replaceFirst("\\?", "'" + u.publicId() + "'");
      }
      literal = users.replace("?", String.valueOf(signedIn.size()));
      assertUses(kind, f, "signed-in users", "uq_gh_user_public_id");
    }
  }

  private String literal;
  private List<String> taken;

  /** Reads the page and keeps its statement with the values written in, for EXPLAIN. */
  private List<UserRecord> page(
      JpaFixture f,
      CountingDataSource counter,
      UserPage page,
      String pattern,
      String from,
      String to) {
    counter.take();
    List<UserRecord> found = f.store.inTransaction(tx -> tx.users().page(page));
    taken = counter.take();
    String query = taken.stream().filter(q -> q.contains("from gh_user")).findFirst().orElseThrow();
    DatabaseKind kind = f.db.kind();
    literal =
        pattern != null
            ? query.replaceFirst("\\?", "'" + pattern + "'")
            : query.replaceFirst("\\?", time(kind, from)).replaceFirst("\\?", time(kind, to));
    // The limit, where the dialect binds it.
    literal = literal.replace("?", String.valueOf(page.limit()));
    return found;
  }

  private void assertUses(DatabaseKind kind, JpaFixture f, String what, String index)
      throws SQLException {
    StringBuilder plan = new StringBuilder();
    String key = null;
    try (Connection c = f.db.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("EXPLAIN " + literal)) {
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        for (int i = 1; i <= columns; i++) {
          plan.append(r.getString(i)).append(' ');
        }
        plan.append('\n');
        if (kind == DatabaseKind.MARIADB && key == null) {
          key = r.getString("key");
        }
      }
    }
    String read = plan.toString().toLowerCase(Locale.ROOT);
    switch (kind) {
      case H2 -> assertThat(read).as("the %s plan of %s", what, literal).containsPattern(index);
      case POSTGRESQL ->
          assertThat(read)
              .as("the %s plan of %s", what, literal)
              .containsPattern("(index (only )?scan using|bitmap index scan on) " + index)
              .doesNotContain("seq scan");
      case MARIADB ->
          assertThat(key == null ? "" : key.toLowerCase(Locale.ROOT))
              .as("the %s plan of %s: %s", what, literal, read)
              .matches(index);
    }
  }

  private static String time(DatabaseKind kind, String at) {
    return kind == DatabaseKind.MARIADB
        ? "TIMESTAMP '" + at + "'"
        : "TIMESTAMP WITH TIME ZONE '" + at + "+00'";
  }
}
