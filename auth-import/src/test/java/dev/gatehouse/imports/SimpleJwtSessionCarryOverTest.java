package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.legacy.LegacySettings;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.SimpleJwtVectors;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.time.Duration;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The whole chain of a cut-over from Django: the Django sample's users are imported, and a refresh
 * token simplejwt issued to one of them before the switch ({@link SimpleJwtVectors}) is exchanged
 * through the import's mapping ({@link GatehouseImports#legacyAccounts}) for a session of the
 * account that user became.
 */
@OneDatabase(
    "the chain from import to a carried-over token; the exchange on each database is SimpleJwtCarryOverTest's")
class SimpleJwtSessionCarryOverTest {

  /** Gatehouse carrying simplejwt sessions over, a minute after the legacy token was issued. */
  private static Gatehouse carryingOver(
      ImportFixture f,
      SimpleJwtVectors.Case legacy,
      LegacyAccountResolver accounts,
      UnaryOperator<GatehouseConfig.Builder> tweak) {
    GatehouseConfig.Builder config =
        GatehouseConfig.builder()
            .clock(MutableClock.at(legacy.issuedAt().plusSeconds(60)))
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, SimpleJwtVectors.SECRET_KEY)
            .set(LegacySettings.LEGACY_SIMPLEJWT_UNTIL, legacy.issuedAt().plus(Duration.ofDays(7)));
    return Gatehouse.builder(tweak.apply(config).build(), f.store)
        .legacyAccounts(accounts)
        .install(new LegacyCutOver())
        .deliveryExecutor(Runnable::run)
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void anImportedDjangoUserKeepsTheirSimplejwtSession(DatabaseKind kind) throws Exception {
    SimpleJwtVectors.Case seven = SimpleJwtVectors.get("secret_key");
    try (ImportFixture f = ImportFixture.create(kind)) {
      RunReport run =
          f.importer.run(
              DjangoImportTest.sqlite(), DjangoImportTest.options(ConflictPolicy.MERGE).build());
      assertThat(run.status()).isEqualTo("COMPLETED");
      Gatehouse gatehouse =
          carryingOver(f, seven, GatehouseImports.legacyAccounts(f.emf, "django"), c -> c);

      TokenPair pair = gatehouse.sessions().refresh(seven.refresh(), ClientInfo.web("192.0.2.7"));

      UUID account =
          UUID.fromString(gatehouse.sessions().verifyAccessToken(pair.accessToken()).subject());
      UserRecord user =
          f.store.inTransaction(tx -> tx.users().findByPublicId(account)).orElseThrow();
      // Legacy user 7 of the sample is mrivera@example.org.
      assertThat(user.email()).isEqualTo("mrivera@example.org");
      assertThat(gatehouse.sessions().listSessions(account, null)).hasSize(1);
      // A user the sample does not have was never imported: nothing to carry over to.
      assertThatThrownBy(
              () ->
                  gatehouse
                      .sessions()
                      .refresh(
                          SimpleJwtVectors.get("unmapped_user").refresh(),
                          ClientInfo.web("192.0.2.7")))
          .isInstanceOf(InvalidRefreshTokenException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void anImportedDjangoUserIsKnownByItsDjangoIdInTheTokensUserIdWithIntegerUserIds(
      DatabaseKind kind) throws Exception {
    SimpleJwtVectors.Case seven = SimpleJwtVectors.get("secret_key");
    try (ImportFixture f = ImportFixture.create(kind)) {
      f.importer.run(
          DjangoImportTest.sqlite(), DjangoImportTest.options(ConflictPolicy.MERGE).build());
      LegacyAccountResolver mapping = GatehouseImports.legacyAccounts(f.emf, "django");
      Gatehouse gatehouse =
          carryingOver(
              f,
              seven,
              mapping,
              c ->
                  c.set(TokenSettings.TOKEN_SIMPLEJWT_CLAIMS, true)
                      .set(TokenSettings.TOKEN_INTEGER_USER_IDS, true));

      TokenPair pair = gatehouse.sessions().refresh(seven.refresh(), ClientInfo.web("192.0.2.7"));

      UUID account = mapping.accountOf("7").orElseThrow();
      // The mapping answers both ways; the id Django's clients knew is the one they see.
      assertThat(mapping.legacyUserIdOf(account)).contains("7");
      assertThat(mapping.legacyUserIdOf(UUID.randomUUID())).isEmpty();
      assertThat(gatehouse.profiles().integerId(account)).hasValue(7L);
      var claims = SignedJWT.parse(pair.accessToken()).getJWTClaimsSet();
      assertThat(claims.getClaim("user_id")).isEqualTo(7L);
      assertThat(claims.getSubject()).isEqualTo(account.toString());
    }
  }
}
