package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.UserPage;
import dev.gatehouse.core.store.UserPage.Key;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * {@code gh_user_sign_in} (changeset 0018, {@link SignInTimes}) says what the user rows' {@code
 * last_login_at} says after every writer of it: the logins, a new account with a last login, an
 * update of the whole account (to another time, or to none), the import's bulk insert; and
 * administration's page by last sign-in time, read through it, answers the live accounts in the
 * order of their last sign-in and public id across pages.
 */
class SignInTimesTest {
  private static final Instant NOW = Instant.parse("2030-03-01T10:00:00Z");

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void everyWriterOfALastLoginKeepsTheSignInRowEqualToIt(DatabaseKind kind) throws SQLException {
    try (JpaFixture f = JpaFixture.create(kind)) {
      UUID never = create(f, null);
      UUID imported = create(f, NOW.minus(Duration.ofDays(3)));
      UUID password = create(f, null);
      assertThat(signInRows(f)).containsOnlyKeys(imported.toString());
      assertThat(signInRows(f)).isEqualTo(lastLogins(f));

      Instant login = NOW.plusSeconds(10);
      assertThat(applied(f, tx -> tx.users().recordLogin(never, login))).isTrue();
      assertThat(applied(f, tx -> tx.users().recordPasswordLogin(password, "other-hash", login)))
          .isFalse();
      assertThat(applied(f, tx -> tx.users().recordPasswordLogin(password, "hash", login)))
          .isTrue();
      assertThat(applied(f, tx -> tx.users().recordLogin(UUID.randomUUID(), login))).isFalse();
      assertThat(signInRows(f))
          .containsOnlyKeys(never.toString(), imported.toString(), password.toString());
      assertThat(signInRows(f)).isEqualTo(lastLogins(f));

      // A second sign-in moves the row with the user's time.
      Instant again = login.plusSeconds(60);
      f.store.inTransaction(tx -> tx.users().recordPasswordLogin(password, "hash", again));
      assertThat(signInRows(f).get(password.toString())).isEqualTo(again);

      // An update of the whole account, to another time and to none (an import's merge).
      f.store.inTransaction(
          tx ->
              tx.users()
                  .update(
                      tx.users().findByPublicId(imported).orElseThrow().toBuilder()
                          .lastLoginAt(NOW.minusSeconds(5))
                          .build()));
      f.store.inTransaction(
          tx ->
              tx.users()
                  .update(
                      tx.users().findByPublicId(never).orElseThrow().toBuilder()
                          .lastLoginAt(null)
                          .build()));
      assertThat(signInRows(f)).containsOnlyKeys(imported.toString(), password.toString());
      assertThat(signInRows(f)).isEqualTo(lastLogins(f));

      // The import's bulk insert: the accounts with a last login get their rows.
      List<UserRecord> bulk = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        bulk.add(
            UserRecord.newAccount(NOW)
                .email("bulk" + i + "@example.test", "bulk" + i + "@example.test")
                .lastLoginAt(i % 2 == 0 ? NOW.minusSeconds(100 + i) : null)
                .build());
      }
      f.store.inBulkTransaction(
          tx -> {
            tx.insertUsersWithDefaultProfile(bulk, "member", NOW);
            return null;
          });
      assertThat(signInRows(f)).hasSize(5).isEqualTo(lastLogins(f));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aPageByLastSignInAnswersTheLiveAccountsInTheirOrderAcrossPages(DatabaseKind kind) {
    try (JpaFixture f = JpaFixture.create(kind)) {
      List<UserRecord> live = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        // Pairs of accounts that signed in at the same time: the public id orders them.
        UUID id = create(f, NOW.plus(Duration.ofMinutes(i / 2)));
        if (i % 3 == 1) {
          f.store.inTransaction(tx -> tx.users().softDelete(id, NOW));
        } else {
          live.add(f.store.inTransaction(tx -> tx.users().findByPublicId(id).orElseThrow()));
        }
      }
      create(f, null);
      create(f, NOW.plus(Duration.ofHours(1)));
      live.sort(
          Comparator.comparing(UserRecord::lastLoginAt)
              .thenComparing(u -> u.publicId().toString()));

      List<UUID> read = new ArrayList<>();
      UserPage page = UserPage.range(Key.LAST_SIGN_IN, NOW, NOW.plus(Duration.ofMinutes(30)), 2);
      for (int pages = 0; pages < 10; pages++) {
        UserPage current = page;
        List<UserRecord> found = f.store.inTransaction(tx -> tx.users().page(current));
        found.forEach(u -> read.add(u.publicId()));
        if (found.size() < 2) {
          break;
        }
        assertThat(found).hasSize(2);
        page = page.after(found.get(1));
      }
      assertThat(read).containsExactlyElementsOf(live.stream().map(UserRecord::publicId).toList());
    }
  }

  private static boolean applied(
      JpaFixture f, java.util.function.Predicate<dev.gatehouse.core.store.StoreTransaction> write) {
    return f.store.inTransaction(write::test);
  }

  private static UUID create(JpaFixture f, Instant lastLogin) {
    UUID id = UUID.randomUUID();
    String email = id + "@example.test";
    f.store.inTransaction(
        tx ->
            tx.users()
                .create(
                    UserRecord.newAccount(NOW.minus(Duration.ofDays(10)), id)
                        .email(email, email)
                        .passwordHash("hash")
                        .lastLoginAt(lastLogin)
                        .build()));
    return id;
  }

  private static Map<String, Instant> signInRows(JpaFixture f) throws SQLException {
    return read(f, "select user_public_id, last_login_at from gh_user_sign_in");
  }

  private static Map<String, Instant> lastLogins(JpaFixture f) throws SQLException {
    return read(f, "select public_id, last_login_at from gh_user where last_login_at is not null");
  }

  private static Map<String, Instant> read(JpaFixture f, String sql) throws SQLException {
    Map<String, Instant> out = new TreeMap<>();
    try (Connection c = f.db.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      SqlDialect dialect = SqlDialect.of(c.getMetaData());
      while (r.next()) {
        out.put(r.getString(1), dialect.readInstant(r, 2));
      }
    }
    return out;
  }
}
