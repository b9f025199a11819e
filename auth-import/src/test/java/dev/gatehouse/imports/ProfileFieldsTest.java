package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.imports.source.MongoUsersSource;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Profile fields are imported, not dropped: the person's (names, birthday, gender, picture) into
 * the profile's own columns, the others the default tables have no column for (BioGraph's name,
 * notification settings) into the profile's settings document (issue 18, finding 9).
 */
@OneDatabase(
    "which profile fields land where; the import's writes on each database are DjangoImportTest's")
class ProfileFieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** The settings of the default profile of the account a legacy id was imported into. */
  static JsonNode settingsOf(ImportFixture f, String source, String legacyId) throws Exception {
    String userId = f.importer.resolve(source, legacyId).orElseThrow().toString();
    List<String> settings =
        f.rowsOf(
            "select p.settings from gh_profile p join gh_user u on p.user_id = u.id"
                + " where u.public_id = '"
                + userId
                + "' and p.is_default = true");
    assertThat(settings).hasSize(1);
    return JSON.readTree(settings.get(0));
  }

  /**
   * The person columns of the default profile of the account a legacy id was imported into: first
   * name, both last names, birthday, gender, picture.
   */
  static List<Object> personOf(ImportFixture f, String source, String legacyId) throws Exception {
    String userId = f.importer.resolve(source, legacyId).orElseThrow().toString();
    try (Connection c = f.db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select p.first_name, p.last_name_1, p.last_name_2, p.birthday, p.gender,"
                    + " p.picture from gh_profile p join gh_user u on p.user_id = u.id"
                    + " where u.public_id = '"
                    + userId
                    + "' and p.is_default = true")) {
      assertThat(rs.next()).isTrue();
      List<Object> person =
          Arrays.asList(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getObject(4, LocalDate.class),
              rs.getString(5),
              rs.getString(6));
      assertThat(rs.next()).isFalse();
      return person;
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void mongoPictureIsTheProfilePictureAndTheNameIsNotSplitButKeptInTheSettings(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      f.importer.run(
          MongoUsersSource.of(ImportFixture.sample("mongo-biograph/users.jsonl")),
          ImportOptions.builder("biograph").lenientPhones(true).build());
      JsonNode david = settingsOf(f, "biograph", "5b23a9a657470e31b4fa5dcf");
      assertThat(david.get("name").asText()).isEqualTo("David Baker");
      assertThat(david.get("profile_settings").asText()).isEqualTo("F");
      assertThat(david.get("email_notification").get("all").asBoolean()).isTrue();
      assertThat(david.get("premium").asBoolean()).isFalse();
      assertThat(david.has("profile_pic_url")).isFalse();
      // One free-text name: no guessed first and last name.
      assertThat(personOf(f, "biograph", "5b23a9a657470e31b4fa5dcf"))
          .containsExactly(
              null,
              null,
              null,
              null,
              null,
              "https://cdn.example.com/biograph/profile_pics/5b23a9a657470e31b4fa5dcf_89a9fa27.jpg");
      // An empty picture is not carried over.
      assertThat(personOf(f, "biograph", "5b38c8bc57470e31b4fa5dd0"))
          .containsExactly(null, null, null, null, null, null);
      assertThat(settingsOf(f, "biograph", "5b38c8bc57470e31b4fa5dd0").has("profile_pic_url"))
          .isFalse();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void mongoSeparateFirstAndLastNamesAreThePersonsAndAnOverlongPictureIsReported(DatabaseKind kind)
      throws Exception {
    String picture = "https://cdn.example.com/p/" + "x".repeat(500) + ".jpg";
    Path file = dir.resolve("users.jsonl");
    Files.writeString(
        file,
        "{\"_id\":{\"$oid\":\"5b23a9a657470e31b4fa0003\"},\"phone_number\":\"7700900003\","
            + "\"country_code\":44,\"name\":\"Ana G.\",\"first_name\":\"Ana\","
            + "\"last_name\":\"García\",\"profile_pic_url\":\""
            + picture
            + "\",\"is_active\":true,\"date_joined\":{\"$date\":\"2018-06-15T11:57:26.808Z\"}}\n");
    ImportOptions options = ImportOptions.builder("biograph").lenientPhones(true).build();
    try (ImportFixture f = ImportFixture.create(kind)) {
      RunReport run = f.importer.run(MongoUsersSource.of(file), options);
      assertThat(run.created()).isEqualTo(1);
      assertThat(personOf(f, "biograph", "5b23a9a657470e31b4fa0003"))
          .containsExactly("Ana", "García", null, null, null, null);
      assertThat(settingsOf(f, "biograph", "5b23a9a657470e31b4fa0003").get("name").asText())
          .isEqualTo("Ana G.");
      String tooLong = " from gh_import_issue where reason = 'profile_person_too_long'";
      assertThat(f.rowsOf("select legacy_id" + tooLong))
          .containsExactly("5b23a9a657470e31b4fa0003");
      assertThat(f.rowsOf("select detail" + tooLong).get(0))
          .contains("picture over 500 characters")
          .doesNotContain("xxxxxxxxxx");
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void djangoProfileNamesBirthdayGenderAndPictureAreTheProfilesColumnsNotSettings(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      f.importer.run(
          DjangoDatabaseSource.sqlite(
              ImportFixture.sample("django/db.sqlite3"), "authentication", ZoneOffset.UTC),
          ImportOptions.builder("django")
              .defaultRegion("MX")
              .conflictPolicy(ConflictPolicy.MERGE)
              .build());
      assertThat(personOf(f, "django", "3"))
          .containsExactly(
              "Paola",
              "Rodríguez",
              "Pérez",
              LocalDate.of(2004, 10, 3),
              "FEMALE",
              "uploads/users/profile-pictures/ae8b8ddac814d205.jpg");
      // No second last name and an empty picture: none.
      assertThat(personOf(f, "django", "4"))
          .containsExactly("Amy", "Evans", null, LocalDate.of(1995, 8, 10), "FEMALE", null);
      // The settings are the profile's own document, without the person's fields.
      JsonNode paola = settingsOf(f, "django", "3");
      assertThat(paola.isObject()).isTrue();
      assertThat(paola.fieldNames())
          .toIterable()
          .doesNotContain(
              "first_name", "last_name_1", "last_name_2", "birthday", "gender", "picture");
      assertThat(
              f.count(
                  "select count(*) from gh_profile where settings like '%first_name%'"
                      + " or settings like '%picture%' or settings like '%birthday%'"))
          .isZero();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void djangoBadBirthdayIsAnUnreadableRecordAndAnOverlongNameIsReportedNotDroppedSilently(
      DatabaseKind kind) throws Exception {
    String longName = "Amelia" + "-Rose".repeat(20); // 106 characters: over the 100 kept
    Path db = dir.resolve("db.sqlite3");
    Files.copy(ImportFixture.sample("django/db.sqlite3"), db);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      // Two users: Paola (3) with a day February never has, Amy (4) with a name too long.
      for (String table : List.of("profile", "device", "user_groups")) {
        s.executeUpdate("delete from authentication_" + table + " where user_id not in (3, 4)");
      }
      s.executeUpdate("delete from authentication_user where id not in (3, 4)");
      s.executeUpdate(
          "update authentication_profile set birthday = '2004-02-30' where user_id = 3");
      try (PreparedStatement p =
          c.prepareStatement(
              "update authentication_profile set first_name = ? where user_id = 4")) {
        p.setString(1, longName);
        assertThat(p.executeUpdate()).isEqualTo(1);
      }
    }
    LegacySource source = DjangoDatabaseSource.sqlite(db, "authentication", ZoneOffset.UTC);
    ImportOptions options = ImportOptions.builder("django").defaultRegion("MX").build();
    try (ImportFixture f = ImportFixture.create(kind)) {
      PlanReport plan = f.importer.plan(source, options);
      assertThat(plan.records()).isEqualTo(2);
      assertThat(plan.unreadable()).as(plan.summary()).isEqualTo(1);
      assertThat(plan.reasons()).containsEntry("create:profile_person_too_long", 1L);

      RunReport run = f.importer.run(source, options);
      assertThat(List.of(run.created(), run.quarantined())).containsExactly(1L, 1L);
      // The bad birthday: the record is set aside with the profile row named, not the value.
      String unreadable = " from gh_import_issue where reason = 'unreadable'";
      assertThat(f.rowsOf("select legacy_id" + unreadable)).containsExactly("3");
      assertThat(f.rowsOf("select detail" + unreadable).get(0))
          .contains("birthday is not a YYYY-MM-DD date")
          .doesNotContain("2004-02-30");
      assertThat(f.importer.resolve("django", "3")).isEmpty();
      // The name too long: the account and the rest of its person are imported, the name reported.
      String tooLong = " from gh_import_issue where reason = 'profile_person_too_long'";
      assertThat(f.rowsOf("select legacy_id" + tooLong)).containsExactly("4");
      assertThat(f.rowsOf("select outcome" + tooLong)).containsExactly("CREATED");
      assertThat(f.rowsOf("select detail" + tooLong).get(0))
          .contains("1 profile(s) with firstName over 100 characters")
          .doesNotContain("Amelia");
      assertThat(personOf(f, "django", "4"))
          .containsExactly(null, "Evans", null, LocalDate.of(1995, 8, 10), "FEMALE", null);

      // Once per record: a second run adds no row.
      f.importer.run(source, options);
      assertThat(f.count("select count(*)" + tooLong)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void djangoDateBirthdaysAreReadFromEachDatabasesOwnDateType(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      // A jb-drf-auth app's tables beside the target's: a real DATE column, not SQLite text.
      try (Connection c = f.db.connect();
          Statement s = c.createStatement()) {
        s.executeUpdate(
            "create table legacyapp_user (id bigint primary key, email varchar(254),"
                + " password varchar(128), is_active boolean, date_joined timestamp)");
        s.executeUpdate(
            "create table legacyapp_profile (id bigint primary key, user_id bigint,"
                + " deleted timestamp null, created timestamp, role varchar(30), label varchar(80),"
                + " is_default boolean, is_active boolean, settings varchar(200),"
                + " first_name varchar(100), last_name_1 varchar(150), last_name_2 varchar(150),"
                + " birthday date, gender varchar(50), picture varchar(500))");
        s.executeUpdate(
            "insert into legacyapp_user values (7, 'lucia@example.com', '', true,"
                + " timestamp '2020-01-02 03:04:05')");
        s.executeUpdate(
            "insert into legacyapp_profile values (70, 7, null, timestamp '2020-01-02 03:04:05',"
                + " 'USER', '', true, true, '{\"theme\": \"dark\"}', 'Lucía', 'Hernández', null,"
                + " date '1999-12-31', 'OTHER', 'uploads/users/profile-pictures/l.png')");
      }
      RunReport run =
          f.importer.run(
              DjangoDatabaseSource.of(f.db.dataSource(), "legacyapp", ZoneOffset.UTC),
              ImportOptions.builder("legacy").build());
      assertThat(run.created()).isEqualTo(1);
      assertThat(personOf(f, "legacy", "7"))
          .containsExactly(
              "Lucía",
              "Hernández",
              null,
              LocalDate.of(1999, 12, 31),
              "OTHER",
              "uploads/users/profile-pictures/l.png");
      assertThat(settingsOf(f, "legacy", "7").get("theme").asText()).isEqualTo("dark");
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void profileSettingsTooLongToStoreAreReportedOncePerRecordNotDroppedSilently(DatabaseKind kind)
      throws Exception {
    String secret = "s3cr3t-bio ";
    String longBio = secret.repeat(400); // 4,400 characters: over the 4,000 the column holds
    Path file = dir.resolve("users.jsonl");
    Files.writeString(
        file,
        "{\"_id\":{\"$oid\":\"5b23a9a657470e31b4fa0001\"},\"phone_number\":\"7700900001\","
            + "\"country_code\":44,\"name\":\"Long Bio\",\"profile_settings\":\""
            + longBio
            + "\",\"is_active\":true,\"date_joined\":{\"$date\":\"2018-06-15T11:57:26.808Z\"}}\n"
            + "{\"_id\":{\"$oid\":\"5b23a9a657470e31b4fa0002\"},\"phone_number\":\"7700900002\","
            + "\"country_code\":44,\"name\":\"Short Bio\",\"profile_settings\":\"F\","
            + "\"is_active\":true,\"date_joined\":{\"$date\":\"2018-06-15T11:57:26.808Z\"}}\n");
    // Drama-range numbers, as in the sample export: possible, not valid, so read leniently.
    ImportOptions options = ImportOptions.builder("biograph").lenientPhones(true).build();
    try (ImportFixture f = ImportFixture.create(kind)) {
      PlanReport plan = f.importer.plan(MongoUsersSource.of(file), options);
      assertThat(plan.create()).as(plan.summary()).isEqualTo(2);
      assertThat(plan.reasons()).containsEntry("create:profile_settings_too_long", 1L);
      assertThat(plan.samples())
          .anySatisfy(
              m -> {
                assertThat(m.get("reason")).isEqualTo("profile_settings_too_long");
                assertThat(m.get("legacyId")).isEqualTo("5b23a9a657470e31b4fa0001");
              });
      assertThat(plan.summary()).contains("create:profile_settings_too_long=1");

      RunReport run = f.importer.run(MongoUsersSource.of(file), options);
      assertThat(run.created()).isEqualTo(2);
      String tooLong = " from gh_import_issue where reason = 'profile_settings_too_long'";
      assertThat(f.rowsOf("select legacy_id" + tooLong))
          .containsExactly("5b23a9a657470e31b4fa0001");
      assertThat(f.rowsOf("select outcome" + tooLong)).containsExactly("CREATED");
      // The detail says what was lost, not what it said (it is personal data).
      assertThat(f.rowsOf("select detail" + tooLong).get(0))
          .contains("over 4000 characters")
          .doesNotContain(secret.strip());
      // The account and its profile are imported; the profile without the settings.
      String userId =
          f.importer.resolve("biograph", "5b23a9a657470e31b4fa0001").orElseThrow().toString();
      assertThat(
              f.rowsOf(
                  "select coalesce(p.settings, 'none') from gh_profile p join gh_user u"
                      + " on p.user_id = u.id where u.public_id = '"
                      + userId
                      + "'"))
          .containsExactly("none");
      assertThat(settingsOf(f, "biograph", "5b23a9a657470e31b4fa0002").get("name").asText())
          .isEqualTo("Short Bio");

      // Once per record: a second run (everything already imported) adds no row.
      f.importer.run(MongoUsersSource.of(file), options);
      assertThat(f.count("select count(*)" + tooLong)).isEqualTo(1);
    }
  }
}
