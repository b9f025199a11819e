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
import java.util.List;
import javax.sql.DataSource;
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
 * Issue 54, finding 3: {@code gh_session.auth_time} came after sessions existed. A session stored
 * before the changeset signed in when it started, so the upgrade gives it {@code created_at} as its
 * auth time: no live session of an upgraded deployment loses or gains a recent sign-in.
 */
class SessionAuthTimeMigrationTest {
  private static final String CHANGESET = "0009-session-auth-time";
  private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aSessionStoredBeforeTheUpgradeSignedInWhenItStarted(DatabaseKind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind)) {
      DataSource ds = db.dataSource();
      try (Connection c = ds.getConnection()) {
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
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into gh_session (id, user_public_id, client, created_at, last_used_at,"
                    + " expires_at, idle_expires_at) values (?, ?, 'web', ?, ?, ?, ?)")) {
          s.setString(1, "00000000-0000-0000-0000-000000000001");
          s.setString(2, "00000000-0000-0000-0000-000000000002");
          Timestamp started = Timestamp.from(STARTED);
          s.setTimestamp(3, started);
          s.setTimestamp(4, started);
          s.setTimestamp(5, Timestamp.from(STARTED.plusSeconds(86_400)));
          s.setTimestamp(6, Timestamp.from(STARTED.plusSeconds(3_600)));
          s.executeUpdate();
        }
        if (!c.getAutoCommit()) {
          c.commit();
        }
        liquibase.update(new Contexts(), new LabelExpression());
        try (PreparedStatement s =
                c.prepareStatement("select auth_time, created_at from gh_session");
            ResultSet r = s.executeQuery()) {
          assertThat(r.next()).isTrue();
          assertThat(r.getTimestamp(1)).isNotNull().isEqualTo(r.getTimestamp(2));
        }
      }
    }
  }
}
