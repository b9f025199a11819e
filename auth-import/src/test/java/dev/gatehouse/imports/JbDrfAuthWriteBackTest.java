package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.session.ProfileService;
import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.core.store.ProfileStore.Person;
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
import java.time.LocalDate;
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
 * each database; {@code DjangoCutOverWalkTest} signs such users in through a real Django login. A
 * change of the default profile on Gatehouse reaches that row (issue 76), a conflict included.
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

      // Issue 76: a change of the default profile on Gatehouse reaches the legacy default profile
      // row (person and settings), by the user rows' conflict rule.
      UUID mr = account(g, MRIVERA);
      long profileId =
          g.profiles().list(mr).stream()
              .filter(ProfileService.ProfileView::defaultProfile)
              .findFirst()
              .map(ProfileService.ProfileView::id)
              .orElseGet(() -> g.profiles().create(mr, ProfileInput.ofRole("USER")).id());
      // The legacy row holds what Gatehouse's profile held (the import took it from there).
      ProfileService.ProfileView view =
          g.profiles().list(mr).stream().filter(p -> p.id() == profileId).findFirst().orElseThrow();
      Person held = view.person();
      LegacyWriteBackTest.execute(
          legacy,
          "update authentication_profile set first_name = ?, last_name_1 = ?, last_name_2 = ?,"
              + " birthday = ?, gender = ?, picture = ?, settings = "
              + (kind == DatabaseKind.POSTGRESQL ? "cast(? as jsonb)" : "?")
              + " where user_id = ?",
          held.firstName(),
          held.lastName1(),
          held.lastName2(),
          held.birthday() == null ? null : java.sql.Date.valueOf(held.birthday()),
          held.gender(),
          held.picture(),
          view.settingsJson() == null ? "{}" : view.settingsJson(),
          mrivera);
      Person maria =
          new Person(
              "María", "Rivera", "Gómez", LocalDate.parse("1990-05-17"), "F", "profiles/mr.png");
      g.profiles()
          .update(
              mr,
              profileId,
              new ProfileInput(
                  null,
                  null,
                  "{\"idioma\": \"es-MX\",\n \"tema\": \"oscuro\"}",
                  null,
                  false,
                  maria));
      g.deliverPending();
      Map<String, String> row = profileRow(legacy, mrivera);
      assertThat(row)
          .containsEntry("first_name", "María")
          .containsEntry("last_name_1", "Rivera")
          .containsEntry("last_name_2", "Gómez")
          .containsEntry("birthday", "1990-05-17")
          .containsEntry("gender", "F")
          .containsEntry("picture", "profiles/mr.png");
      assertThat(JSON.readTree(row.get("settings")))
          .isEqualTo(JSON.readTree("{\"idioma\":\"es-MX\",\"tema\":\"oscuro\"}"));
      assertThat(g.status().writeBackFailed()).isZero();

      // The legacy side changed the first name meanwhile: Gatehouse's next change of it is a
      // conflict, not written; the row keeps the legacy value.
      LegacyWriteBackTest.execute(
          legacy,
          "update authentication_profile set first_name = 'Mari' where user_id = ?",
          mrivera);
      g.profiles()
          .update(
              mr,
              profileId,
              new ProfileInput(
                  null,
                  null,
                  null,
                  null,
                  false,
                  new Person(
                      "Marisol",
                      maria.lastName1(),
                      maria.lastName2(),
                      maria.birthday(),
                      maria.gender(),
                      maria.picture())));
      g.deliverPending();
      assertThat(profileRow(legacy, mrivera)).containsEntry("first_name", "Mari");
      assertThat(g.status().writeBackFailed()).isEqualTo(1);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** The user's live default profile row: its person and settings columns as text. */
  private static Map<String, String> profileRow(TestDatabase legacy, int userId) throws Exception {
    try (Connection c = legacy.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select first_name, last_name_1, last_name_2, birthday, gender, picture, settings"
                    + " from authentication_profile where user_id = ? and is_default = ? and"
                    + " deleted is null")) {
      ps.setInt(1, userId);
      ps.setBoolean(2, true);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("the default profile row").isTrue();
        Map<String, String> row = new java.util.HashMap<>();
        for (int i = 1; i <= 7; i++) {
          Object v = rs.getObject(i);
          row.put(
              rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT),
              v == null ? null : v.toString());
        }
        return row;
      }
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
            + " last_name_1 varchar(150) null, last_name_2 varchar(150) null, birthday date null,"
            + " gender varchar(50) null, picture varchar(100) null,"
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
