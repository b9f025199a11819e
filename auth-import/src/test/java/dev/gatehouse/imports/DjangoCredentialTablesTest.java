package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.AuthEventListener;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.InvalidSubjectTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.lazy.DjangoCredentialTables;
import dev.gatehouse.legacy.LegacyCredentials;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.legacy.LegacySettings;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.SimpleJwtVectors;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.sqlite.SQLiteDataSource;

/**
 * A Django project's own credential tables during the cut-over (issue 34, item 1), read from a
 * database Django 3.2, djangorestframework's authtoken app and simplejwt's blacklist app made
 * ({@code django-credentials/make.py}): a DRF {@code Token} key is exchanged once for a session of
 * the account its user was imported into, and a simplejwt refresh token that Django blacklisted (a
 * logout) is not carried over, nor is any when the blacklist cannot be read.
 */
@OneDatabase(
    "Django's credential tables read from SQLite; on each server database: DjangoCredentialTablesSchemaTest")
class DjangoCredentialTablesTest {
  @TempDir Path dir;

  private static final Map<String, JsonNode> CREDENTIALS = credentials();

  private static Map<String, JsonNode> credentials() {
    Map<String, JsonNode> m = new HashMap<>();
    try (InputStream in =
        DjangoCredentialTablesTest.class.getResourceAsStream(
            "/django-credentials/credentials.jsonl")) {
      for (String line :
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          JsonNode n = new ObjectMapper().readTree(line);
          m.put(n.get("name").asText(), n);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return m;
  }

  private static String text(String name, String field) {
    return CREDENTIALS.get(name).get(field).asText();
  }

  private DataSource django() throws Exception {
    Path copy = dir.resolve("credentials.sqlite3");
    if (!Files.exists(copy)) {
      try (InputStream in =
          getClass().getResourceAsStream("/django-credentials/credentials.sqlite3")) {
        Files.copy(in, copy);
      }
    }
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:file:" + copy.toAbsolutePath() + "?mode=ro");
    return ds;
  }

  private static final class Host {
    final Gatehouse gatehouse;
    final List<AuthEvent> events = new CopyOnWriteArrayList<>();

    Host(ImportFixture f, LegacyCredentials credentials, Instant drfUntil) {
      this(f, credentials, drfUntil, b -> b);
    }

    Host(
        ImportFixture f,
        LegacyCredentials credentials,
        Instant drfUntil,
        java.util.function.UnaryOperator<GatehouseConfig.Builder> tweak) {
      Instant issued = Instant.ofEpochSecond(CREDENTIALS.get("refresh_kept").get("iat").asLong());
      GatehouseConfig.Builder config =
          GatehouseConfig.builder()
              .clock(MutableClock.at(issued.plusSeconds(60)))
              .set(GatehouseConfig.SECRET_KEY, "test-secret-key-" + UUID.randomUUID())
              .set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, SimpleJwtVectors.SECRET_KEY)
              .set(LegacySettings.LEGACY_SIMPLEJWT_UNTIL, issued.plus(Duration.ofDays(7)));
      if (drfUntil != null) {
        config.set(LegacySettings.LEGACY_DRF_TOKENS_UNTIL, drfUntil);
      }
      Gatehouse.Builder b =
          Gatehouse.builder(tweak.apply(config).build(), f.store)
              .legacyAccounts(GatehouseImports.legacyAccounts(f.emf, "django"))
              .listener((AuthEventListener) events::add)
              .deliveryExecutor(Runnable::run);
      b.install(credentials != null ? new LegacyCutOver(credentials) : new LegacyCutOver());
      this.gatehouse = b.build();
    }

    TokenPair exchange(String token) {
      return gatehouse.sessions().exchangeLegacyToken(token, ClientInfo.web("192.0.2.7"));
    }

    TokenPair refresh(String token) {
      return gatehouse.sessions().refresh(token, ClientInfo.web("192.0.2.7"));
    }

    UUID account(TokenPair pair) {
      return UUID.fromString(gatehouse.sessions().verifyAccessToken(pair.accessToken()).subject());
    }
  }

  private static ImportFixture imported(DatabaseKind kind) {
    ImportFixture f = ImportFixture.create(kind);
    RunReport run =
        f.importer.run(
            DjangoImportTest.sqlite(), DjangoImportTest.options(ConflictPolicy.MERGE).build());
    assertThat(run.status()).isEqualTo("COMPLETED");
    return f;
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aDrfTokenBecomesASessionOfItsImportedUserOnce(DatabaseKind kind) throws Exception {
    try (ImportFixture f = imported(kind)) {
      Instant until = Instant.parse("2030-01-01T00:00:00Z");
      Host h = new Host(f, new DjangoCredentialTables(django()), until);

      TokenPair pair = h.exchange(text("drf_token_12", "key"));

      UserRecord user =
          f.store.inTransaction(tx -> tx.users().findByPublicId(h.account(pair))).orElseThrow();
      // Legacy user 12 of the sample.
      assertThat(user.email()).isEqualTo("james.taylor16@example.org");
      assertThat(h.gatehouse.sessions().verifyAccessToken(pair.accessToken()).amr())
          .containsExactly("drf_token");
      assertThat(h.events)
          .filteredOn(AuthEvent.LoggedIn.class::isInstance)
          .map(e -> ((AuthEvent.LoggedIn) e).method())
          .containsExactly("drf_token");

      assertThatThrownBy(() -> h.exchange(text("drf_token_12", "key")))
          .isInstanceOf(InvalidSubjectTokenException.class);
      assertThat(h.gatehouse.sessions().listSessions(user.publicId(), null)).isEmpty();

      // A key of the right shape that Django never issued.
      assertThatThrownBy(() -> h.exchange("0123456789abcdef0123456789abcdef01234567"))
          .isInstanceOf(InvalidSubjectTokenException.class);
      // Without the window configured, keys are not exchanged at all.
      Host off = new Host(f, new DjangoCredentialTables(django()), null);
      assertThatThrownBy(() -> off.exchange(text("drf_token_7", "key")))
          .isInstanceOf(InvalidSubjectTokenException.class);
      assertThat(off.events).noneMatch(AuthEvent.LoggedIn.class::isInstance);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aRefreshTokenDjangoBlacklistedIsNotCarriedOver(DatabaseKind kind) throws Exception {
    try (ImportFixture f = imported(kind)) {
      Host h = new Host(f, new DjangoCredentialTables(django()), null);

      assertThatThrownBy(() -> h.refresh(text("refresh_blacklisted", "refresh")))
          .isInstanceOf(InvalidRefreshTokenException.class);
      assertThat(h.events).noneMatch(AuthEvent.LoggedIn.class::isInstance);

      TokenPair kept = h.refresh(text("refresh_kept", "refresh"));
      UserRecord user =
          f.store.inTransaction(tx -> tx.users().findByPublicId(h.account(kept))).orElseThrow();
      assertThat(user.email()).isEqualTo("mrivera@example.org");
    }
  }

  @Test
  void aBlacklistThatCannotBeReadRefusesAndAProjectWithoutOneRefusesNothing() throws Exception {
    try (ImportFixture f = imported(DatabaseKind.H2)) {
      SQLiteDataSource unreachable = new SQLiteDataSource();
      unreachable.setUrl(
          "jdbc:sqlite:file:"
              + dir.resolve("no-such-dir/db.sqlite3").toAbsolutePath()
              + "?mode=ro");
      Host down = new Host(f, new DjangoCredentialTables(unreachable), null);
      assertThatThrownBy(() -> down.refresh(text("refresh_kept", "refresh")))
          .isInstanceOf(InvalidRefreshTokenException.class);
      assertThat(down.events).noneMatch(AuthEvent.LoggedIn.class::isInstance);

      // The Django sample has neither the blacklist nor the authtoken app.
      SQLiteDataSource sample = new SQLiteDataSource();
      sample.setUrl(
          "jdbc:sqlite:file:"
              + ImportFixture.sample("django/db.sqlite3").toAbsolutePath()
              + "?mode=ro");
      Host plain = new Host(f, new DjangoCredentialTables(sample), null);
      assertThat(plain.refresh(text("refresh_kept", "refresh"))).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aDjangoSessionCookieBecomesASessionOnlyAsDjangoWouldStillAcceptIt(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = imported(kind)) {
      java.util.function.UnaryOperator<GatehouseConfig.Builder> sessions =
          b ->
              b.set(LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY, SimpleJwtVectors.SECRET_KEY)
                  .set(
                      LegacySettings.LEGACY_DJANGO_SESSIONS_UNTIL,
                      Instant.parse("2030-01-01T00:00:00Z"));
      Host h = new Host(f, new DjangoCredentialTables(django()), null, sessions);

      TokenPair pair = h.exchange(text("session_7", "session_key"));

      UserRecord user =
          f.store.inTransaction(tx -> tx.users().findByPublicId(h.account(pair))).orElseThrow();
      assertThat(user.email()).isEqualTo("mrivera@example.org");
      assertThat(h.gatehouse.sessions().verifyAccessToken(pair.accessToken()).amr())
          .containsExactly("django_session");
      assertThatThrownBy(() -> h.exchange(text("session_7", "session_key")))
          .as("a second exchange")
          .isInstanceOf(InvalidSubjectTokenException.class);
      assertThat(h.gatehouse.sessions().listSessions(user.publicId(), null)).isEmpty();

      // Sessions Django itself would no longer accept, or that have nobody signed in.
      for (String refused :
          List.of(
              text("session_12_password_changed", "session_key"),
              text("session_anonymous", "session_key"),
              "abcdefghijklmnopqrstuvwxyz012345")) {
        assertThatThrownBy(() -> h.exchange(refused))
            .as(refused)
            .isInstanceOf(InvalidSubjectTokenException.class);
      }
      // Signed with another SECRET_KEY (or tampered with): the data does not verify.
      Host otherKey =
          new Host(
              f,
              new DjangoCredentialTables(django()),
              null,
              b ->
                  sessions
                      .apply(b)
                      .set(
                          LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY,
                          "not-the-django-secret-key"));
      assertThatThrownBy(() -> otherKey.exchange(text("session_7", "session_key")))
          .isInstanceOf(InvalidSubjectTokenException.class);
      assertThat(h.events.stream().filter(AuthEvent.LoggedIn.class::isInstance).count())
          .isEqualTo(1);
      assertThat(otherKey.events).noneMatch(AuthEvent.LoggedIn.class::isInstance);
    }
  }

  @Test
  void anExpiredDjangoSessionIsRefused() throws Exception {
    try (ImportFixture f = imported(DatabaseKind.H2)) {
      Instant expired =
          java.time.OffsetDateTime.parse(text("session_7", "expire_date"))
              .toInstant()
              .plusSeconds(1);
      Host h =
          new Host(
              f,
              new DjangoCredentialTables(django()),
              null,
              b ->
                  b.clock(MutableClock.at(expired))
                      .set(
                          LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY,
                          SimpleJwtVectors.SECRET_KEY)
                      .set(
                          LegacySettings.LEGACY_DJANGO_SESSIONS_UNTIL,
                          Instant.parse("2030-01-01T00:00:00Z")));
      assertThatThrownBy(() -> h.exchange(text("session_7", "session_key")))
          .isInstanceOf(InvalidSubjectTokenException.class);
      assertThat(h.events).noneMatch(AuthEvent.LoggedIn.class::isInstance);
    }
  }

  @Test
  void drfTokensNeedTheCredentialTables() {
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      assertThatThrownBy(() -> new Host(f, null, Instant.parse("2030-01-01T00:00:00Z")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("gatehouse.legacy.drf-tokens.until")
          .hasMessageContaining("legacyCredentials");
    }
  }
}
