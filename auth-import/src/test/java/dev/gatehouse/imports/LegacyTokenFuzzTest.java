package dev.gatehouse.imports;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.InvalidSubjectTokenException;
import dev.gatehouse.imports.lazy.DjangoCredentialTables;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.legacy.LegacySettings;
import dev.gatehouse.testing.FastApiUsersVectors;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.SimpleJwtVectors;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.sqlite.SQLiteDataSource;

/**
 * Coverage-guided fuzzing (Jazzer) of the legacy credentials a client presents during a cut-over:
 * at the token-exchange route (simplejwt access tokens, FastAPI-Users JWTs, DRF {@code Token} keys,
 * Django session keys) and at the refresh route (simplejwt refresh tokens), with every kind
 * switched on, the Django credential tables of the fixture Django made, and the clock at the
 * vectors' time. Fuzzed data is either any string or a real token of each kind with one of its
 * parts replaced, so the signature, claim and lookup code behind the parser is reached. The
 * invariant: the typed refusal ({@link InvalidSubjectTokenException}, {@link
 * InvalidRefreshTokenException}) and nothing else. In the normal build it runs once per file of
 * {@code LegacyTokenFuzzTestInputs/<method>/} (docs/FUZZING.md).
 */
class LegacyTokenFuzzTest {
  private static final Gatehouse GATEHOUSE = gatehouse();
  private static final List<String> REAL =
      List.of(
          SimpleJwtVectors.get("secret_key").refresh(),
          SimpleJwtVectors.get("secret_key").access(),
          FastApiUsersVectors.get("auth").token());

  private static Gatehouse gatehouse() {
    ImportFixture f = ImportFixture.create(DatabaseKind.H2);
    Path copy;
    try (InputStream in =
        LegacyTokenFuzzTest.class.getResourceAsStream("/django-credentials/credentials.sqlite3")) {
      copy = Files.createTempFile("credentials", ".sqlite3");
      copy.toFile().deleteOnExit();
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SQLiteDataSource django = new SQLiteDataSource();
    django.setUrl("jdbc:sqlite:file:" + copy.toAbsolutePath() + "?mode=ro");
    Instant issued = SimpleJwtVectors.get("secret_key").issuedAt();
    Instant until = issued.plus(Duration.ofDays(3650));
    return Gatehouse.builder(
            GatehouseConfig.builder()
                .clock(MutableClock.at(issued.plusSeconds(60)))
                .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
                .set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, SimpleJwtVectors.SECRET_KEY)
                .set(LegacySettings.LEGACY_SIMPLEJWT_UNTIL, until)
                .set(LegacySettings.LEGACY_SIMPLEJWT_ACCESS_TOKENS, true)
                .set(
                    LegacySettings.LEGACY_FASTAPI_USERS_SECRET,
                    FastApiUsersVectors.get("auth").secret())
                .set(LegacySettings.LEGACY_FASTAPI_USERS_UNTIL, until)
                .set(LegacySettings.LEGACY_DRF_TOKENS_UNTIL, until)
                .set(LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY, SimpleJwtVectors.SECRET_KEY)
                .set(LegacySettings.LEGACY_DJANGO_SESSIONS_UNTIL, until)
                .build(),
            f.store)
        .legacyAccounts(GatehouseImports.legacyAccounts(f.emf, "django"))
        .install(new LegacyCutOver(new DjangoCredentialTables(django)))
        .dispatchDeliveries(false)
        .build();
  }

  /** Any string, or a real token with one dot-separated part replaced by fuzzed text. */
  private static String presented(FuzzedDataProvider data) {
    if (!data.consumeBoolean()) {
      return data.consumeRemainingAsString();
    }
    String real = REAL.get(data.consumeInt(0, REAL.size() - 1));
    String[] parts = real.split("\\.", -1);
    parts[data.consumeInt(0, parts.length - 1)] = data.consumeRemainingAsString();
    return String.join(".", parts);
  }

  @FuzzTest(maxDuration = "60s")
  void exchange(FuzzedDataProvider data) {
    String presented = presented(data);
    try {
      GATEHOUSE.sessions().exchangeLegacyToken(presented, ClientInfo.web("192.0.2.9"));
    } catch (InvalidSubjectTokenException expected) {
      // documented: every refusal is this one error
    }
  }

  @FuzzTest(maxDuration = "60s")
  void refresh(FuzzedDataProvider data) {
    String presented = presented(data);
    try {
      GATEHOUSE.sessions().refresh(presented, ClientInfo.web("192.0.2.9"));
    } catch (InvalidRefreshTokenException expected) {
      // documented: an unknown, altered or refused refresh token
    }
  }
}
