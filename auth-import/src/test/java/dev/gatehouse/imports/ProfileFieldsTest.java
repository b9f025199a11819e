package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.imports.source.MongoUsersSource;
import dev.gatehouse.testing.DatabaseKind;
import dev.gatehouse.testing.EnabledDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Profile fields the default tables have no column for (names, pictures, profile settings) are kept
 * in the profile's settings document (issue 18, finding 9).
 */
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

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void mongoNamesPicturesAndProfileSettingsAreInTheProfileSettings(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      f.importer.run(
          MongoUsersSource.of(ImportFixture.sample("mongo-biograph/users.jsonl")),
          ImportOptions.builder("biograph").lenientPhones(true).build());
      JsonNode david = settingsOf(f, "biograph", "5b23a9a657470e31b4fa5dcf");
      assertThat(david.get("name").asText()).isEqualTo("David Baker");
      assertThat(david.get("profile_pic_url").asText())
          .isEqualTo(
              "https://cdn.example.com/biograph/profile_pics/5b23a9a657470e31b4fa5dcf_89a9fa27.jpg");
      assertThat(david.get("profile_settings").asText()).isEqualTo("F");
      assertThat(david.get("email_notification").get("all").asBoolean()).isTrue();
      assertThat(david.get("premium").asBoolean()).isFalse();
      // An empty picture is not carried over.
      assertThat(settingsOf(f, "biograph", "5b38c8bc57470e31b4fa5dd0").has("profile_pic_url"))
          .isFalse();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void djangoProfileNamesBirthdayGenderAndPictureAreInTheProfileSettings(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      f.importer.run(
          DjangoDatabaseSource.sqlite(
              ImportFixture.sample("django/db.sqlite3"), "authentication", ZoneOffset.UTC),
          ImportOptions.builder("django")
              .defaultRegion("MX")
              .conflictPolicy(ConflictPolicy.MERGE)
              .build());
      JsonNode paola = settingsOf(f, "django", "3");
      assertThat(paola.get("first_name").asText()).isEqualTo("Paola");
      assertThat(paola.get("last_name_1").asText()).isEqualTo("Rodríguez");
      assertThat(paola.get("last_name_2").asText()).isEqualTo("Pérez");
      assertThat(paola.get("birthday").asText()).isEqualTo("2004-10-03");
      assertThat(paola.get("gender").asText()).isEqualTo("FEMALE");
      assertThat(paola.get("picture").asText())
          .isEqualTo("uploads/users/profile-pictures/ae8b8ddac814d205.jpg");
      assertThat(settingsOf(f, "django", "4").has("picture")).isFalse();
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
