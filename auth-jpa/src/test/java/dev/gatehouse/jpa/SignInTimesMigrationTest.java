package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Issue 79: changeset 0018 moves the last sign-in's index off the user table into {@code
 * gh_user_sign_in}. On a database with accounts, the upgrade gives each account that signed in its
 * row with the same time, none to an account that never did, and drops the user table's index on
 * {@code last_login_at}, which made every sign-in's update of the user row rewrite all its indexes
 * on PostgreSQL.
 */
class SignInTimesMigrationTest {
  private static final String CHANGESET = "0018-user-sign-in";
  private static final Instant SIGNED_IN = Instant.parse("2026-03-01T10:00:00.123456Z");

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void theUpgradeGivesEveryAccountThatSignedInItsRowAndDropsTheUserTablesIndex(DatabaseKind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Connection c = db.dataSource().getConnection()) {
      Database database =
          DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      @SuppressWarnings("deprecation")
      Liquibase liquibase =
          new Liquibase(
              GatehouseMigrations.LIBRARY_CHANGELOG,
              new ClassLoaderResourceAccessor(getClass().getClassLoader()),
              database);
      GatehouseMigrations.DEFAULT_PARAMETERS.forEach(liquibase::setChangeLogParameter);
      List<ChangeSet> all = liquibase.getDatabaseChangeLog().getChangeSets();
      int before = 0;
      while (!all.get(before).getId().equals(CHANGESET)) {
        before++;
      }
      liquibase.update(before, new Contexts(), new LabelExpression());
      assertThat(indexes(db, c)).contains("ix_gh_user_last_login");
      String signedIn = UUID.randomUUID().toString();
      String never = UUID.randomUUID().toString();
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into gh_user (public_id, email, email_normalized, is_active, is_verified,"
                  + " email_verified, phone_verified, is_staff, is_superuser, created_at,"
                  + " modified_at, last_login_at) values"
                  + " (?, ?, ?, true, true, true, false, false, false, ?, ?, ?)")) {
        for (String id : List.of(signedIn, never)) {
          Timestamp at = Timestamp.from(SIGNED_IN);
          s.setString(1, id);
          s.setString(2, id + "@example.test");
          s.setString(3, id + "@example.test");
          s.setTimestamp(4, at);
          s.setTimestamp(5, at);
          s.setTimestamp(6, id.equals(signedIn) ? at : null);
          s.addBatch();
        }
        s.executeBatch();
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }

      liquibase.update(new Contexts(), new LabelExpression());

      Map<String, Timestamp> rows = new TreeMap<>();
      try (PreparedStatement s =
              c.prepareStatement(
                  "select s.user_public_id, s.last_login_at, u.last_login_at from gh_user_sign_in s"
                      + " join gh_user u on u.public_id = s.user_public_id");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          assertThat(r.getTimestamp(2)).isEqualTo(r.getTimestamp(3));
          rows.put(r.getString(1), r.getTimestamp(2));
        }
      }
      assertThat(rows).containsOnlyKeys(signedIn);
      assertThat(indexes(db, c))
          .doesNotContain("ix_gh_user_last_login")
          .contains("ix_gh_user_created");
    }
  }

  /** The names of the user table's indexes, in lower case. */
  private static List<String> indexes(TestDatabase db, Connection c) throws Exception {
    String schema =
        switch (db.kind()) {
          case POSTGRESQL -> db.name();
          case H2 -> "PUBLIC";
          case MARIADB -> null;
        };
    String catalog = db.kind() == DatabaseKind.MARIADB ? db.name() : null;
    List<String> out = new ArrayList<>();
    for (String table : List.of("gh_user", "GH_USER")) {
      try (ResultSet rs = c.getMetaData().getIndexInfo(catalog, schema, table, false, false)) {
        while (rs.next()) {
          String name = rs.getString("INDEX_NAME");
          if (name != null) {
            out.add(name.toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    return out;
  }
}
