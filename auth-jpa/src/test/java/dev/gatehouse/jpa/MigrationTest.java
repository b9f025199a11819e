package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.entity.AbstractSmsLog;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class MigrationTest {

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aHostWithoutSocialSignInDeclaresNoSocialAccountEntityAndStillStarts(DatabaseKind kind) {
    try (TestDatabase db = TestDatabase.create(kind)) {
      EntityClasses entities =
          EntityClasses.builder()
              .user(DefaultEntities.User.class)
              .profile(DefaultEntities.Profile.class)
              .device(DefaultEntities.Device.class)
              .otpCode(DefaultEntities.OtpCode.class)
              .smsLog(DefaultEntities.SmsLog.class)
              .emailLog(DefaultEntities.EmailLog.class)
              .build();
      GatehouseMigrations.migrate(db.dataSource(), GatehouseMigrations.LIBRARY_CHANGELOG, entities);
      try (EntityManagerFactory emf =
          GatehouseJpa.bootstrap(db.dataSource(), entities, List.of())) {
        // The host's six, and nothing of the library's (its tables are not entities): no social
        // account or passkey entity is needed.
        assertThat(emf.getMetamodel().getEntities()).hasSize(6);
        long superusers =
            new JpaAuthStore(emf, entities).inTransaction(tx -> tx.users().countSuperusers());
        assertThat(superusers).isZero();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void libraryChangelogAppliesToAnEmptyDatabaseAndHibernateValidatesTheMapping(DatabaseKind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind)) {
      EntityClasses entities = DefaultEntities.classes();
      GatehouseMigrations.migrate(db.dataSource(), GatehouseMigrations.LIBRARY_CHANGELOG, entities);
      try (EntityManagerFactory emf =
          GatehouseJpa.bootstrap(db.dataSource(), entities, List.of())) {
        // The host's eight (the six, the optional social account and passkey) and nothing of the
        // library's: its tables are read and written with plain SQL.
        assertThat(emf.getMetamodel().getEntities()).hasSize(8);
      }
      List<String> tables = tables(db);
      assertThat(tables)
          .contains(
              "gh_user",
              "gh_profile",
              "gh_device",
              "gh_otp_code",
              "gh_sms_log",
              "gh_email_log",
              "gh_counter",
              "gh_action_token",
              "gh_outbox",
              "gh_totp_factor",
              "gh_recovery_code",
              "gh_social_account",
              "gh_passkey",
              "gh_remembered_device",
              "gh_mfa_policy",
              "gh_audit_event",
              "gh_user_sign_in")
          .doesNotContain("gh_import_run");
      // The last sign-in's index is the sign-in table's (0018): the user row's update of
      // last_login_at at every sign-in writes no index entry, and on PostgreSQL stays in place.
      assertThat(indexedColumns(db, "gh_user")).doesNotContain("last_login_at");
      assertThat(indexedColumns(db, "gh_user_sign_in"))
          .containsExactlyInAnyOrder("user_public_id", "last_login_at");
      // A counter is found by its key only: an index on a column the increment writes would cost
      // every increment an index entry, and on PostgreSQL its in-place (HOT) update (issue 79).
      assertThat(indexedColumns(db, "gh_counter")).containsExactly("counter_key");
      if (kind == DatabaseKind.POSTGRESQL) {
        // The revocations' read ranges over revoked sessions only: a new session adds no entry.
        try (Connection c = db.connect();
            ResultSet rs =
                c.createStatement()
                    .executeQuery(
                        "select indexdef from pg_indexes where indexname = 'ix_gh_session_revoked'"
                            + " and schemaname = '"
                            + db.name()
                            + "'")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).endsWith("WHERE (revoked_at IS NOT NULL)");
        }
      }
      int applied = count(db, "SELECT COUNT(*) FROM DATABASECHANGELOG");
      // A second run on the same database finds nothing to do.
      GatehouseMigrations.migrate(db.dataSource(), GatehouseMigrations.LIBRARY_CHANGELOG, entities);
      assertThat(count(db, "SELECT COUNT(*) FROM DATABASECHANGELOG")).isEqualTo(applied);
      assertThat(
              count(
                  db,
                  "SELECT COUNT(*) FROM DATABASECHANGELOG WHERE FILENAME NOT LIKE 'gatehouse/%'"))
          .as("every changeset carries a fixed logical path")
          .isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void tableNamesFollowTheChangelogParameters(DatabaseKind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind)) {
      GatehouseMigrations.migrate(
          db.dataSource(),
          GatehouseMigrations.LIBRARY_CHANGELOG,
          Map.of("gatehouse.table.user", "acme_user", "gatehouse.table.profile", "acme_profile"));
      assertThat(tables(db)).contains("acme_user", "acme_profile", "gh_device");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void anUnknownParameterFailsBeforeAnythingIsWritten(DatabaseKind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind)) {
      assertThatThrownBy(
              () ->
                  GatehouseMigrations.migrate(
                      db.dataSource(),
                      GatehouseMigrations.LIBRARY_CHANGELOG,
                      Map.of("gatehouse.table.usr", "acme_user")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("gatehouse.table.usr")
          .hasMessageContaining("gatehouse.table.user");
      assertThatThrownBy(
              () ->
                  GatehouseMigrations.migrate(
                      db.dataSource(),
                      GatehouseMigrations.LIBRARY_CHANGELOG,
                      Map.of("gatehouse.table.user", "users; drop table x")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("gatehouse.table.user");
      assertThat(tables(db)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aParameterThatContradictsTheEntityMappingIsRefused(DatabaseKind kind) {
    try (TestDatabase db = TestDatabase.create(kind)) {
      assertThatThrownBy(
              () ->
                  GatehouseMigrations.migrate(
                      db.dataSource(),
                      GatehouseMigrations.LIBRARY_CHANGELOG,
                      DefaultEntities.classes(),
                      Map.of("gatehouse.table.user", "other_user")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("gatehouse.table.user=other_user")
          .hasMessageContaining("gh_user");
    }
  }

  /** A host SMS log with a column its database does not have. */
  @Entity
  @Table(name = "gh_sms_log")
  public static class SmsLogWithExtraColumn extends AbstractSmsLog {
    @Column(name = "campaign_id")
    private String campaignId;
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void anEntityMissingAColumnFailsAtStartUpNamingTableAndColumn(DatabaseKind kind) {
    try (TestDatabase db = TestDatabase.create(kind)) {
      GatehouseMigrations.migrate(
          db.dataSource(), GatehouseMigrations.LIBRARY_CHANGELOG, DefaultEntities.classes());
      EntityClasses extra =
          EntityClasses.builder()
              .user(DefaultEntities.User.class)
              .profile(DefaultEntities.Profile.class)
              .device(DefaultEntities.Device.class)
              .otpCode(DefaultEntities.OtpCode.class)
              .smsLog(SmsLogWithExtraColumn.class)
              .emailLog(DefaultEntities.EmailLog.class)
              .build();
      assertThatThrownBy(() -> GatehouseJpa.bootstrap(db.dataSource(), extra, List.of()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("campaign_id")
          .hasMessageContaining("gh_sms_log");
    }
  }

  private static List<String> tables(TestDatabase db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect()) {
      String schema = db.kind() == DatabaseKind.POSTGRESQL ? db.name() : null;
      String catalog = db.kind() == DatabaseKind.MARIADB ? db.name() : null;
      try (ResultSet rs =
          c.getMetaData()
              .getTables(
                  catalog,
                  schema == null ? (db.kind() == DatabaseKind.H2 ? "PUBLIC" : null) : schema,
                  "%",
                  new String[] {"TABLE"})) {
        while (rs.next()) {
          out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    out.removeIf(t -> t.startsWith("databasechangelog"));
    return out;
  }

  /** The columns of every index of {@code table}, each once. */
  private static List<String> indexedColumns(TestDatabase db, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect()) {
      String schema =
          switch (db.kind()) {
            case POSTGRESQL -> db.name();
            case H2 -> "PUBLIC";
            case MARIADB -> null;
          };
      String catalog = db.kind() == DatabaseKind.MARIADB ? db.name() : null;
      for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
        try (ResultSet rs = c.getMetaData().getIndexInfo(catalog, schema, name, false, false)) {
          while (rs.next()) {
            String column = rs.getString("COLUMN_NAME");
            if (column != null && !out.contains(column.toLowerCase(Locale.ROOT))) {
              out.add(column.toLowerCase(Locale.ROOT));
            }
          }
        }
      }
    }
    return out;
  }

  private static int count(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
