package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.imports.source.MongoUsersSource;
import dev.gatehouse.testing.DatabaseKind;
import dev.gatehouse.testing.EnabledDatabases;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Profile fields the default tables have no column for (names, pictures, profile settings) are kept
 * in the profile's settings document (issue 18, finding 9).
 */
class ProfileFieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

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
}
