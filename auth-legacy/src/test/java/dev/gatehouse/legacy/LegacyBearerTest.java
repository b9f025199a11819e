package dev.gatehouse.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.flows.session.Users;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.FastApiUsersVectors;
import dev.gatehouse.testing.SimpleJwtVectors;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A legacy access token presented as a bearer during the window ({@code
 * SessionService#verifyLegacyBearer}, read by {@link LegacyCutOver}): a simplejwt access token and
 * a FastAPI-Users JWT name the account their user became, unspent and without a session, until they
 * expire or the window ends; every other legacy token, a forged one, and one of a user with no
 * account here, are refused and leave nothing behind.
 */
class LegacyBearerTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final SimpleJwtVectors.Case SEVEN = SimpleJwtVectors.get("secret_key");
  private static final FastApiUsersVectors.Case AUTH = FastApiUsersVectors.get("auth");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture host(StoreKind kind, Map<String, UUID> accounts, Instant until) {
    return new GatehouseFixture(
        FIXTURES.get(kind),
        b ->
            b.set(GatehouseConfig.SECRET_KEY, "test-secret-key-" + UUID.randomUUID())
                .set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, SimpleJwtVectors.SECRET_KEY)
                .set(LegacySettings.LEGACY_SIMPLEJWT_UNTIL, until)
                .set(LegacySettings.LEGACY_SIMPLEJWT_ACCESS_TOKENS, true)
                .set(LegacySettings.LEGACY_FASTAPI_USERS_SECRET, AUTH.secret())
                .set(LegacySettings.LEGACY_FASTAPI_USERS_UNTIL, until),
        g ->
            g.legacyAccounts(id -> Optional.ofNullable(accounts.get(id)))
                .install(new LegacyCutOver()));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLegacyAccessTokenNamesItsAccountUntilItExpiresUnspent(StoreKind kind) {
    Map<String, UUID> accounts = new ConcurrentHashMap<>();
    GatehouseFixture f = host(kind, accounts, Instant.parse("2030-01-01T00:00:00Z"));
    f.clock.set(SEVEN.issuedAt().plusSeconds(60));
    UUID seven = Users.create(f);
    UUID fu = Users.create(f);
    accounts.put("7", seven);
    accounts.put(FastApiUsersVectors.USER_ID, fu);

    VerifiedAccessToken a = f.gatehouse.sessions().verifyLegacyBearer(SEVEN.access());
    assertThat(a.userPublicId()).isEqualTo(seven);
    assertThat(a.amr()).containsExactly("simplejwt");
    assertThat(a.authTime()).isEmpty();
    assertThat(a.expiresAt()).isEqualTo(SEVEN.accessExpiresAt());
    assertThat(a.jwtId()).doesNotContain(SEVEN.access());
    // Not spent: the same token again, and still exchangeable once.
    assertThat(f.gatehouse.sessions().verifyLegacyBearer(SEVEN.access()).sessionId())
        .isEqualTo(a.sessionId());
    assertThat(f.gatehouse.sessions().listSessions(seven, null)).isEmpty();
    assertThatThrownBy(() -> f.gatehouse.sessions().verifyLiveAccessToken(SEVEN.access()))
        .isInstanceOf(InvalidTokenException.class);
    assertThat(f.gatehouse.sessions().verifyLegacyBearer(AUTH.token()).userPublicId())
        .isEqualTo(fu);

    f.clock.set(SEVEN.accessExpiresAt());
    assertRefused(f, SEVEN.access());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void otherForgedAndUnmappedLegacyTokensAndAClosedWindowAreRefused(StoreKind kind) {
    Map<String, UUID> accounts = new ConcurrentHashMap<>();
    Instant until = SEVEN.issuedAt().plusSeconds(120);
    GatehouseFixture f = host(kind, accounts, until);
    f.clock.set(SEVEN.issuedAt().plusSeconds(60));
    accounts.put("7", Users.create(f));
    accounts.put(FastApiUsersVectors.USER_ID, UUID.randomUUID()); // an account that is not here
    String[] parts = SEVEN.access().split("\\.");
    for (String token :
        List.of(
            SEVEN.refresh(),
            SimpleJwtVectors.get("unmapped_user").access(),
            SimpleJwtVectors.get("signing_key_hs512").access(),
            parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2) + "AA",
            "eyJhbGciOiJub25lIn0." + parts[1] + ".",
            AUTH.token(),
            FastApiUsersVectors.get("reset_password").token(),
            FastApiUsersVectors.get("verify").token(),
            FastApiUsersVectors.get("other_secret").token(),
            "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b")) {
      assertRefused(f, token);
    }
    assertThat(f.gatehouse.sessions().verifyLegacyBearer(SEVEN.access())).isNotNull();
    f.clock.set(until);
    assertThat(SEVEN.accessExpiresAt()).isAfter(until);
    assertRefused(f, SEVEN.access());
  }

  private static void assertRefused(GatehouseFixture f, String token) {
    assertThatThrownBy(() -> f.gatehouse.sessions().verifyLegacyBearer(token))
        .as(token)
        .isInstanceOf(InvalidTokenException.class)
        .satisfies(
            e ->
                assertThat(((InvalidTokenException) e).reason())
                    .isEqualTo(InvalidTokenException.Reason.LEGACY_REFUSED));
  }
}
