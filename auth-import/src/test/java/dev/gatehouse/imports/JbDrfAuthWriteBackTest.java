package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.imports.lazy.UserTableWriteBack;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange.Kind;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange.Snapshot;
import dev.gatehouse.testing.MutableClock;
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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The write-back creates what jb-drf-auth needs to sign a user in (issue 58, item 4): its login
 * issues no token to a user without a default profile, so a user who signs up on Gatehouse during
 * the window gets one with their row, in the same transaction of the legacy database, once however
 * often the change is delivered; a user the legacy side left without one gets it with their next
 * change. The legacy tables are the DDL Django makes for jb-drf-auth's user and profile models, on
 * each database; {@code DjangoCutOverWalkTest} signs such users in through a real Django login.
 */
class JbDrfAuthWriteBackTest {
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final String GUADALUPE = "guadalupe.ruiz@example.net";
  private static final String GUADALUPE_PASSWORD = "Cenote.Mariposa-630";
  private static final String MRIVERA = "mrivera@example.org";
  private static final String MRIVERA_PASSWORD = "pirámide_mango7275";

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aUserWhoSignsUpInTheWindowGetsTheDefaultProfileWithTheirRow(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind);
        TestDatabase legacy = TestDatabase.create(kind)) {
      LegacyWriteBackTest.importTheDjangoSample(f);
      LegacyWriteBackTest.djangoTable(legacy);
      profileTable(legacy, "");
      int mrivera = userId(legacy, MRIVERA);
      // Mrivera has her default profile already; a soft-deleted one does not count for Guadalupe.
      insertProfile(legacy, mrivera, true, null);
      insertProfile(legacy, userId(legacy, GUADALUPE), true, Timestamp.from(START));
      UserTableWriteBack target = target(legacy);
      assertThat(target.signInRows()).hasSize(1);
      Gatehouse g = LegacyWriteBackTest.gatehouse(f, MutableClock.at(START), target).build();

      g.accounts()
          .register(
              RegistrationRequest.builder()
                  .email("nueva@example.com")
                  .password("Mole-Poblano-2026")
                  .termsAccepted(true)
                  .build());
      g.deliverPending();
      List<Map<String, Object>> profiles =
          defaultProfiles(legacy, userId(legacy, "nueva@example.com"));
      assertThat(profiles).hasSize(1);
      Map<String, Object> profile = profiles.get(0);
      assertThat(profile.get("role")).isEqualTo("USER");
      assertThat(profile.get("label")).isEqualTo("");
      assertThat(LegacyWriteBackTest.truthy(profile.get("is_active"))).isTrue();
      assertThat(LegacyWriteBackTest.truthy(profile.get("deleted_by_cascade"))).isFalse();
      assertThat(profile.get("settings").toString().replace(" ", "")).isEqualTo("{}");
      assertThat(profile.get("created")).isNotNull();

      // Changes of users the legacy side knows: one without a live default profile gets one, one
      // with it keeps hers and gets no second.
      g.accounts().changePassword(account(g, GUADALUPE), GUADALUPE_PASSWORD, "Nuevo-Cenote-2026");
      g.accounts().changePassword(account(g, MRIVERA), MRIVERA_PASSWORD, "Nueva-Pirámide-2026");
      g.deliverPending();
      assertThat(defaultProfiles(legacy, userId(legacy, GUADALUPE))).hasSize(1);
      assertThat(defaultProfiles(legacy, mrivera)).hasSize(1);
      assertThat(g.status().writeBackPending()).isZero();
      assertThat(g.status().writeBackFailed()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aCreationDeliveredTwiceMakesOneUserAndOneProfile(DatabaseKind kind) throws Exception {
    try (TestDatabase legacy = TestDatabase.create(kind)) {
      LegacyWriteBackTest.djangoTable(legacy);
      profileTable(legacy, "");
      UserTableWriteBack target = target(legacy);
      LegacyChange created = creation(target, "twice@example.com");

      assertThat(target.apply(created).isConflict()).isFalse();
      assertThat(target.apply(created).isConflict()).isFalse();

      int id = userId(legacy, "twice@example.com");
      assertThat(defaultProfiles(legacy, id)).hasSize(1);
      assertThat(count(legacy, "select count(*) from authentication_profile where user_id = ?", id))
          .isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aProfileTheLegacyTableRefusesLeavesNoUserRowAndTheRetryMakesBoth(DatabaseKind kind)
      throws Exception {
    try (TestDatabase legacy = TestDatabase.create(kind)) {
      LegacyWriteBackTest.djangoTable(legacy);
      // A column the host added that the target does not fill: the profile insert fails.
      profileTable(legacy, ", nickname varchar(40) not null");
      UserTableWriteBack target = target(legacy);
      LegacyChange created = creation(target, "halfway@example.com");

      assertThatThrownBy(() -> target.apply(created))
          .isInstanceOf(AuthInfrastructureException.class);
      assertThat(
              LegacyWriteBackTest.query(
                  legacy,
                  "select * from authentication_user where email = ?",
                  "halfway@example.com"))
          .as("no user row without the profile it needs: one transaction")
          .isEmpty();

      // The host fixes its table; the journal's retry makes both.
      LegacyWriteBackTest.execute(
          legacy, "alter table authentication_profile drop column nickname");
      assertThat(target.apply(created).isConflict()).isFalse();
      assertThat(defaultProfiles(legacy, userId(legacy, "halfway@example.com"))).hasSize(1);
    }
  }

  private static UserTableWriteBack target(TestDatabase legacy) {
    return UserTableWriteBack.jbDrfAuth(
        legacy.dataSource(), "authentication_user", "authentication_profile", "USER");
  }

  private static LegacyChange creation(UserTableWriteBack target, String email) {
    return new LegacyChange(
        1,
        Kind.CREATED,
        UUID.randomUUID(),
        null,
        new Snapshot(null, email, null, true, false, false, false, false, START),
        target.hashPassword("Window-Sign-Up-1"),
        null,
        START);
  }

  /** jb-drf-auth's {@code AbstractJbProfile} as Django's migration creates it. */
  private static void profileTable(TestDatabase legacy, String extra) throws Exception {
    LegacyWriteBackTest.Ddl ddl = LegacyWriteBackTest.Ddl.of(legacy.kind());
    String ts = ddl.timestamp();
    String id = ddl.key();
    String json = ddl.settingsJson();
    LegacyWriteBackTest.execute(
        legacy,
        "create table authentication_profile (id "
            + id
            + ", created "
            + ts
            + " not null, modified "
            + ts
            + " not null, deleted "
            + ts
            + " null, deleted_by_cascade boolean not null, first_name varchar(100) null,"
            + " user_id integer not null references authentication_user (id),"
            + " is_default boolean not null, role varchar(30) not null, settings "
            + json
            + ", label varchar(80) not null, is_active boolean not null"
            + extra
            + ")");
  }

  private static void insertProfile(
      TestDatabase legacy, int userId, boolean isDefault, Timestamp deleted) throws Exception {
    boolean pg = legacy.kind() == DatabaseKind.POSTGRESQL;
    LegacyWriteBackTest.execute(
        legacy,
        "insert into authentication_profile (created, modified, deleted, deleted_by_cascade,"
            + " user_id, is_default, role, settings, label, is_active) values (?, ?, ?, false, ?,"
            + " ?, 'USER', "
            + (pg ? "cast('{}' as jsonb)" : "'{}'")
            + ", '', true)",
        Timestamp.from(START),
        Timestamp.from(START),
        deleted,
        userId,
        isDefault);
  }

  private static int userId(TestDatabase legacy, String email) throws Exception {
    Map<String, Object> row =
        LegacyWriteBackTest.query(
            legacy, "select id from authentication_user where lower(email) = ?", email);
    assertThat(row).as("the legacy row of " + email).isNotEmpty();
    return ((Number) row.get("id")).intValue();
  }

  private static List<Map<String, Object>> defaultProfiles(TestDatabase legacy, int userId)
      throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = legacy.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select role, label, is_active, deleted_by_cascade, settings, created from"
                    + " authentication_profile where user_id = ? and is_default = ? and deleted"
                    + " is null")) {
      ps.setInt(1, userId);
      ps.setBoolean(2, true);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new java.util.HashMap<>(
                  Map.of(
                      "role", rs.getString(1),
                      "label", rs.getString(2),
                      "is_active", rs.getObject(3),
                      "deleted_by_cascade", rs.getObject(4),
                      "settings", rs.getString(5),
                      "created", rs.getObject(6))));
        }
      }
    }
    return out;
  }

  private static long count(TestDatabase legacy, String sql, int arg) throws Exception {
    try (Connection c = legacy.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static UUID account(Gatehouse g, String email) {
    return g.accounts().findByEmail(email).orElseThrow().id();
  }
}
