package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.source.SupabaseSource;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Supabase's {@code auth.users}, created in a real database of each kind, imported over JDBC. */
class SupabaseImportTest {
  static final int USERS = 30;
  static final String BANNED = "e43dfb63-dca2-4fd0-94c3-b02d2b88a248";
  static final String BAN_RAN_OUT = "e2d9e19d-920e-4ce1-9042-5ce7e0747d99";
  static final List<String> DELETED =
      List.of("2f7328db-c3dd-423b-891c-d8991e6ff6aa", "9777bf5b-38e1-4858-85ec-da923ea315a0");

  /** A fresh legacy database of {@code kind} holding the sample's {@code auth.users} rows. */
  static TestDatabase supabase(DatabaseKind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind);
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      String dialect = kind.name().toLowerCase(Locale.ROOT);
      s.execute(
          Files.readString(
              ImportFixture.sample("supabase/auth-users." + dialect + ".sql"),
              StandardCharsets.UTF_8));
      insertRows(c, kind);
    } catch (Exception e) {
      db.close();
      throw e;
    }
    return db;
  }

  private static void insertRows(Connection c, DatabaseKind kind) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    for (String line :
        Files.readAllLines(ImportFixture.sample("supabase/users.jsonl"), StandardCharsets.UTF_8)) {
      JsonNode row = json.readTree(line);
      List<String> columns = new ArrayList<>();
      List<String> marks = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = row.fields();
      List<Map.Entry<String, JsonNode>> values = new ArrayList<>();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        columns.add(e.getKey());
        values.add(e);
        String name = e.getKey();
        boolean uuid = name.equals("id") || name.equals("instance_id");
        boolean jsonb = name.startsWith("raw_");
        if (kind == DatabaseKind.POSTGRESQL && uuid) {
          marks.add("cast(? as uuid)");
        } else if (kind == DatabaseKind.POSTGRESQL && jsonb) {
          marks.add("cast(? as jsonb)");
        } else if (kind == DatabaseKind.H2 && uuid) {
          marks.add("cast(? as uuid)");
        } else {
          marks.add("?");
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into users ("
                  + String.join(",", columns)
                  + ") values ("
                  + String.join(",", marks)
                  + ")")) {
        for (int i = 0; i < values.size(); i++) {
          String name = values.get(i).getKey();
          JsonNode v = values.get(i).getValue();
          if (v.isNull()) {
            ps.setNull(i + 1, sqlType(name));
          } else if (v.isBoolean()) {
            ps.setBoolean(i + 1, v.asBoolean());
          } else if (v.isContainerNode()) {
            ps.setString(i + 1, v.toString());
          } else if (name.endsWith("_at") || name.equals("banned_until")) {
            ps.setTimestamp(i + 1, Timestamp.from(Instant.parse(v.asText())), utc);
          } else {
            ps.setString(i + 1, v.asText());
          }
        }
        ps.executeUpdate();
      }
    }
  }

  private static int sqlType(String column) {
    if (column.startsWith("is_")) {
      return Types.BOOLEAN;
    }
    return column.endsWith("_at") || column.equals("banned_until")
        ? Types.TIMESTAMP
        : Types.VARCHAR;
  }

  static LegacySource source(TestDatabase legacy, ImportFixture f) {
    return SupabaseSource.of(legacy.dataSource(), "users", f.clock);
  }

  static ImportOptions.Builder options() {
    return ImportOptions.builder("supabase").batchSize(7).conflictPolicy(ConflictPolicy.MERGE);
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void planRunRerunAndRollback(DatabaseKind kind) throws Exception {
    try (TestDatabase legacy = supabase(kind);
        ImportFixture f = ImportFixture.create(kind)) {
      SourceScenarios.planRunRerunRollback(
          f,
          source(legacy, f),
          options().build(),
          (plan, run) -> {
            assertThat(plan.records()).isEqualTo(USERS);
            assertThat(plan.hashFormats())
                .containsOnly(Map.entry("bcrypt cost=10", 24L), Map.entry("unusable", 6L));
            assertThat(plan.softDeleted()).isEqualTo(2);
            assertThat(plan.noIdentifier()).isEqualTo(1); // the anonymous user
            // 2 soft-deleted users skipped, the anonymous one quarantined.
            assertThat(List.of(run.created(), run.updated(), run.skipped(), run.quarantined()))
                .isEqualTo(List.of(27L, 0L, 2L, 1L));
            for (String deleted : DELETED) {
              assertThat(SourceScenarios.issues(f, deleted))
                  .containsExactly("SKIPPED:deleted_in_source");
            }
            // Banned until 2124: inactive; a ban that ran out in 2023: active.
            assertThat(SourceScenarios.flag(f, BANNED, "is_active")).isFalse();
            assertThat(SourceScenarios.flag(f, BAN_RAN_OUT, "is_active")).isTrue();
            assertThat(f.count("select count(*) from gh_user where is_active = false"))
                .isEqualTo(1);
            // Unconfirmed emails (2 sign-ups, 1 invite) stay unverified.
            assertThat(
                    f.count(
                        "select count(*) from gh_user where email is not null and email_verified = false"))
                .isEqualTo(3);
            // Phones come back with their '+', verified only when confirmed.
            assertThat(f.count("select count(*) from gh_user where phone is not null"))
                .isEqualTo(5);
            assertThat(f.count("select count(*) from gh_user where phone like '+%'")).isEqualTo(5);
            assertThat(f.count("select count(*) from gh_user where phone_verified = true"))
                .isEqualTo(3);
            assertThat(f.count("select count(*) from gh_user where phone = '+525512345025'"))
                .isEqualTo(1);
            // Passwordless: 2 phone-OTP, SSO, invited, Google users.
            assertThat(f.count("select count(*) from gh_user where password_hash is null"))
                .isEqualTo(5);
          });
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aRunThatDiesMidwayResumes(DatabaseKind kind) throws Exception {
    try (TestDatabase legacy = supabase(kind);
        ImportFixture f = ImportFixture.create(kind)) {
      SourceScenarios.resumesAfterInterruption(f, source(legacy, f), options().build(), 16);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void knownPasswordsLogInByEmailOrPhoneAndAreUpgraded(DatabaseKind kind) throws Exception {
    try (TestDatabase legacy = supabase(kind);
        ImportFixture f = ImportFixture.create(kind)) {
      f.importer.run(source(legacy, f), options().build());
      SourceScenarios.replayKnownLogins(
          f, f.hashing, ImportFixture.sample("supabase/known-passwords.csv"), List.of());
    }
  }
}
