package dev.gatehouse.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.Base64URL;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.config.SecondFactorSettings.SecondFactorRequirement;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.flows.TestStores;
import dev.gatehouse.core.flows.session.Users;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SessionService.InvalidSubjectTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.FastApiUsersVectors;
import dev.gatehouse.testing.SimpleJwtVectors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Legacy tokens exchanged for Gatehouse sessions (RFC 8693 shape, issue 34 item 1): a simplejwt
 * access token and a FastAPI-Users JWT, made by the real libraries ({@link SimpleJwtVectors},
 * {@link FastApiUsersVectors}), each become a session of the account their user became once; a
 * second exchange ends that session; every token their issuer would refuse, and the issuer's other
 * tokens (FastAPI-Users' reset-password and verify tokens, simplejwt's refresh token), are refused
 * and change nothing.
 */
class LegacyTokenExchangeTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final SimpleJwtVectors.Case SEVEN = SimpleJwtVectors.get("secret_key");
  private static final FastApiUsersVectors.Case AUTH = FastApiUsersVectors.get("auth");
  private static final String DRF_KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b";

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** A host whose simplejwt user 7 and FastAPI-Users user became accounts of its own. */
  private static final class Host {
    final GatehouseFixture f;
    final Map<String, UUID> accounts = new ConcurrentHashMap<>();

    Host(StoreKind kind, UnaryOperator<GatehouseConfig.Builder> tweak) {
      Instant until = SEVEN.issuedAt().plus(Duration.ofDays(30));
      this.f =
          new GatehouseFixture(
              FIXTURES.get(kind),
              b ->
                  tweak.apply(
                      b.set(GatehouseConfig.SECRET_KEY, "test-secret-key-" + UUID.randomUUID())
                          .set(
                              LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY,
                              SimpleJwtVectors.SECRET_KEY)
                          .set(LegacySettings.LEGACY_SIMPLEJWT_UNTIL, until)
                          .set(LegacySettings.LEGACY_SIMPLEJWT_ACCESS_TOKENS, true)
                          .set(LegacySettings.LEGACY_FASTAPI_USERS_SECRET, AUTH.secret())
                          .set(LegacySettings.LEGACY_FASTAPI_USERS_UNTIL, until)
                          .set(LegacySettings.LEGACY_DRF_TOKENS_UNTIL, until)),
              g ->
                  g.legacyAccounts(id -> Optional.ofNullable(accounts.get(id)))
                      .install(new LegacyCutOver(new DrfTokenOfSeven())));
      // Both tokens were issued a minute ago and are still valid.
      f.clock.set(SEVEN.issuedAt().plusSeconds(60));
      accounts.put("7", Users.create(f));
      accounts.put(FastApiUsersVectors.USER_ID, Users.create(f));
    }

    Host(StoreKind kind) {
      this(kind, b -> b);
    }

    TokenPair exchange(String token) {
      return f.gatehouse.sessions().exchangeLegacyToken(token, ClientInfo.web("198.51.100.9"));
    }

    long events(Class<?> type) {
      return f.events.stream().filter(type::isInstance).count();
    }

    int sessions(String legacyId) {
      return f.gatehouse.sessions().listSessions(accounts.get(legacyId), null).size();
    }
  }

  /** The legacy tables of a project where user 7 holds the DRF {@code Token} {@link #DRF_KEY}. */
  private static final class DrfTokenOfSeven implements LegacyCredentials {
    @Override
    public Optional<String> drfTokenOwner(String key) {
      return DRF_KEY.equals(key) ? Optional.of("7") : Optional.empty();
    }

    @Override
    public boolean simpleJwtBlacklisted(String jti) {
      return false;
    }

    @Override
    public Optional<StoredSession> djangoSession(String sessionKey) {
      return Optional.empty();
    }

    @Override
    public Optional<String> djangoPasswordHash(String legacyUserId) {
      return Optional.empty();
    }
  }

  /**
   * Issue 54, finding 3: none of these tokens tells when its user signed in (a simplejwt access
   * token's {@code iat} is when it was minted, at a sign-in or any refresh; FastAPI-Users writes no
   * {@code iat}; a DRF key lives across sign-ins), so the session it carries over has no {@code
   * auth_time}, through refreshes too, and is never a recent sign-in.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSessionExchangedWithoutAKnownSignInIsNeverARecentSignIn(StoreKind kind) {
    Host h = new Host(kind);
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("simplejwt access token", SEVEN.access());
    tokens.put("FastAPI-Users token", AUTH.token());
    tokens.put("DRF token", DRF_KEY);
    for (Map.Entry<String, String> c : tokens.entrySet()) {
      TokenPair pair = h.exchange(c.getValue());
      TokenPair refreshed = h.f.gatehouse.sessions().refresh(pair.refreshToken(), null);
      for (TokenPair p : List.of(pair, refreshed)) {
        VerifiedAccessToken at = h.f.gatehouse.sessions().verifyAccessToken(p.accessToken());
        assertThat(at.authTime()).as(c.getKey()).isEmpty();
        assertThatThrownBy(
                () ->
                    h.f
                        .gatehouse
                        .accounts()
                        .deleteAccount(at, Reauthentication.recentSignIn(), null))
            .as(c.getKey())
            .isInstanceOf(ReauthenticationRequiredException.class);
        assertThatThrownBy(
                () ->
                    h.f
                        .gatehouse
                        .accounts()
                        .changePassword(
                            at, Reauthentication.recentSignIn(), "quiet-harbour-5521", null))
            .as(c.getKey())
            .isInstanceOf(ReauthenticationRequiredException.class);
        assertThat(h.f.gatehouse.accounts().find(at.userPublicId())).as(c.getKey()).isPresent();
      }
    }
    assertThat(h.events(AuthEvent.AccountDeleted.class)).isZero();
    assertThat(h.events(AuthEvent.PasswordChanged.class)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSimplejwtAccessTokenBecomesASessionOnceAndASecondExchangeEndsIt(StoreKind kind) {
    Host h = new Host(kind);

    TokenPair pair = h.exchange(SEVEN.access());

    VerifiedAccessToken at = h.f.gatehouse.sessions().verifyAccessToken(pair.accessToken());
    assertThat(at.subject()).isEqualTo(h.accounts.get("7").toString());
    assertThat(at.amr()).containsExactly("simplejwt");
    assertThat(h.f.events)
        .filteredOn(AuthEvent.LoggedIn.class::isInstance)
        .map(e -> ((AuthEvent.LoggedIn) e).method())
        .containsExactly("simplejwt");
    assertThat(h.sessions("7")).isEqualTo(1);
    // The new session refreshes like any other.
    assertThat(h.f.gatehouse.sessions().refresh(pair.refreshToken(), null)).isNotNull();

    assertThatThrownBy(() -> h.exchange(SEVEN.access()))
        .isInstanceOf(InvalidSubjectTokenException.class)
        .hasMessage(InvalidSubjectTokenException.MESSAGE);
    assertThat(h.sessions("7")).as("the replay ended the session it produced").isZero();
    assertThat(h.events(AuthEvent.TokenReuseDetected.class)).isEqualTo(1);
    assertThat(h.events(AuthEvent.LoggedIn.class)).isEqualTo(1);
  }

  /**
   * A refused exchange is kept in the audit trail (issue 54, item 5): a replay under the account
   * the token named, a token that does not verify under no account.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRefusedExchangeIsKeptInTheAuditTrail(StoreKind kind) {
    Host h = new Host(kind);
    h.exchange(SEVEN.access());

    assertThatThrownBy(() -> h.exchange(SEVEN.access()))
        .isInstanceOf(InvalidSubjectTokenException.class);
    assertThatThrownBy(() -> h.exchange(SEVEN.access() + "x"))
        .isInstanceOf(InvalidSubjectTokenException.class);

    assertThat(h.f.gatehouse.audit().forUser(h.accounts.get("7"), 20))
        .filteredOn(e -> "invalid_subject_token".equals(e.reason()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.event()).isEqualTo("LoginFailed");
              assertThat(e.method()).isEqualTo("token_exchange");
              assertThat(e.network()).isEqualTo("198.51.100.0/24");
            });
    assertThat(h.f.events)
        .filteredOn(AuthEvent.LoginFailed.class::isInstance)
        .map(e -> (AuthEvent.LoginFailed) e)
        .extracting(AuthEvent.LoginFailed::userId)
        .containsExactly(h.accounts.get("7"), null);
  }

  /**
   * The exchange goes through the one sign-in pipeline, second step's gate included: a legacy token
   * cannot answer a second step, so for an account that needs one (here the policy's enrolment, due
   * at once) the exchange is refused and changes nothing: no session, no challenge, no sign-in.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anExchangeForAnAccountThatNeedsASecondStepIsRefusedAndChangesNothing(StoreKind kind) {
    Host h =
        new Host(
            kind,
            b ->
                b.set(SecondFactorSettings.MFA_REQUIRED, SecondFactorRequirement.EVERYONE)
                    .set(SecondFactorSettings.MFA_ENROLMENT_GRACE, Duration.ZERO));

    assertThatThrownBy(() -> h.exchange(SEVEN.access()))
        .isInstanceOf(InvalidSubjectTokenException.class)
        .hasMessage(InvalidSubjectTokenException.MESSAGE);

    assertThat(h.sessions("7")).isZero();
    assertThat(h.events(AuthEvent.LoggedIn.class)).isZero();
    assertThat(h.events(AuthEvent.SecondFactorEnrolmentRequired.class)).isZero();
    assertThat(h.f.events)
        .filteredOn(AuthEvent.LoginFailed.class::isInstance)
        .map(e -> ((AuthEvent.LoginFailed) e).method())
        .containsExactly("token_exchange");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aFastApiUsersTokenBecomesASessionOnce(StoreKind kind) {
    Host h = new Host(kind);

    TokenPair pair = h.exchange(AUTH.token());

    VerifiedAccessToken at = h.f.gatehouse.sessions().verifyAccessToken(pair.accessToken());
    assertThat(at.subject()).isEqualTo(h.accounts.get(FastApiUsersVectors.USER_ID).toString());
    assertThat(at.amr()).containsExactly("fastapi_users");
    assertThat(h.f.events)
        .filteredOn(AuthEvent.LoggedIn.class::isInstance)
        .map(e -> ((AuthEvent.LoggedIn) e).method())
        .containsExactly("fastapi_users");

    assertThatThrownBy(() -> h.exchange(AUTH.token()))
        .isInstanceOf(InvalidSubjectTokenException.class);
    assertThat(h.sessions(FastApiUsersVectors.USER_ID)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void everyTokenItsIssuerWouldRefuseOrThatIsNotASignInTokenIsRefusedAndChangesNothing(
      StoreKind kind) {
    Host h = new Host(kind);
    String[] fu = AUTH.token().split("\\.");
    String noneHeader = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String hs512Header = b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}");
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put(
        "FastAPI-Users reset-password token", FastApiUsersVectors.get("reset_password").token());
    refused.put("FastAPI-Users verify token", FastApiUsersVectors.get("verify").token());
    refused.put("signed with another secret", FastApiUsersVectors.get("other_secret").token());
    refused.put("HS512 while HS256 is configured", FastApiUsersVectors.get("auth_hs512").token());
    refused.put("user not moved over", FastApiUsersVectors.get("unknown_user").token());
    refused.put("alg none, no signature", noneHeader + "." + fu[1] + ".");
    refused.put("alg none, the original signature", noneHeader + "." + fu[1] + "." + fu[2]);
    refused.put("another alg, the original signature", hs512Header + "." + fu[1] + "." + fu[2]);
    refused.put(
        "payload changed",
        fu[0]
            + "."
            + b64("{\"sub\":\"7\",\"aud\":[\"fastapi-users:auth\"],\"exp\":4102444800}")
            + "."
            + fu[2]);
    refused.put("a simplejwt refresh token", SEVEN.refresh());
    refused.put("a Gatehouse refresh token's shape", "abc");
    refused.put("not a JWT", "a.b.c");
    refused.put("empty", "");
    for (Map.Entry<String, String> c : refused.entrySet()) {
      assertThatThrownBy(() -> h.exchange(c.getValue()))
          .as(c.getKey())
          .isInstanceOf(InvalidSubjectTokenException.class)
          .hasMessage(InvalidSubjectTokenException.MESSAGE);
    }
    assertThat(h.events(AuthEvent.LoggedIn.class)).isZero();
    assertThat(h.sessions("7")).isZero();
    assertThat(h.sessions(FastApiUsersVectors.USER_ID)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void lateTokensAndKindsNotSwitchedOnAreRefused(StoreKind kind) {
    // Expired: the clock past the tokens' exp (both within the window).
    Host expired = new Host(kind);
    expired.f.clock.set(AUTH.expiresAt().plusSeconds(1));
    assertThatThrownBy(() -> expired.exchange(AUTH.token()))
        .isInstanceOf(InvalidSubjectTokenException.class);
    assertThatThrownBy(() -> expired.exchange(SEVEN.access()))
        .isInstanceOf(InvalidSubjectTokenException.class);

    // After the window, although the tokens have not expired.
    Host closed =
        new Host(
            kind,
            b ->
                b.set(LegacySettings.LEGACY_FASTAPI_USERS_UNTIL, SEVEN.issuedAt().plusSeconds(30))
                    .set(LegacySettings.LEGACY_SIMPLEJWT_UNTIL, SEVEN.issuedAt().plusSeconds(30)));
    assertThatThrownBy(() -> closed.exchange(AUTH.token()))
        .isInstanceOf(InvalidSubjectTokenException.class);
    assertThatThrownBy(() -> closed.exchange(SEVEN.access()))
        .isInstanceOf(InvalidSubjectTokenException.class);

    // simplejwt refresh carry-over on, access-token exchange off (the default).
    Host refreshOnly =
        new Host(kind, b -> b.set(LegacySettings.LEGACY_SIMPLEJWT_ACCESS_TOKENS, false));
    assertThatThrownBy(() -> refreshOnly.exchange(SEVEN.access()))
        .isInstanceOf(InvalidSubjectTokenException.class);
    // ... while the same user's refresh token still carries over at the refresh route.
    assertThat(refreshOnly.f.gatehouse.sessions().refresh(SEVEN.refresh(), null)).isNotNull();

    // FastAPI-Users configured for HS512 takes the HS512 token, and no longer the HS256 one.
    Host hs512 = new Host(kind, b -> b.set(LegacySettings.LEGACY_FASTAPI_USERS_ALGORITHM, "HS512"));
    assertThat(hs512.exchange(FastApiUsersVectors.get("auth_hs512").token())).isNotNull();
    assertThatThrownBy(() -> hs512.exchange(AUTH.token()))
        .isInstanceOf(InvalidSubjectTokenException.class);

    for (Host h : new Host[] {expired, closed, refreshOnly}) {
      assertThat(h.sessions(FastApiUsersVectors.USER_ID)).isZero();
    }
  }

  /**
   * Issue 54, finding 6: simplejwt and FastAPI-Users both decode with PyJWT and its default checks,
   * which refuse a token whose {@code nbf} or {@code iat} lies after now (no leeway unless
   * simplejwt's {@code LEEWAY} is set, and FastAPI-Users sets none) or is no number.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aTokenNotYetValidIsRefusedAsItsIssuerRefusesIt(StoreKind kind) {
    Host h = new Host(kind);
    Instant now = h.f.clock.instant();
    long later = now.getEpochSecond() + 1;
    Instant exp = now.plusSeconds(3600);
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put(
        "simplejwt access, nbf ahead", LegacyJwts.simpleJwt("access", now, Map.of("nbf", later)));
    refused.put(
        "simplejwt access, iat ahead",
        LegacyJwts.simpleJwt("access", now.plusSeconds(1), Map.of()));
    refused.put(
        "simplejwt access, nbf not a number",
        LegacyJwts.simpleJwt("access", now, Map.of("nbf", "soon")));
    refused.put("FastAPI-Users, nbf ahead", LegacyJwts.fastApiUsers(exp, Map.of("nbf", later)));
    refused.put("FastAPI-Users, iat ahead", LegacyJwts.fastApiUsers(exp, Map.of("iat", later)));
    refused.put(
        "FastAPI-Users, iat not a number", LegacyJwts.fastApiUsers(exp, Map.of("iat", "now")));
    for (Map.Entry<String, String> c : refused.entrySet()) {
      assertThatThrownBy(() -> h.exchange(c.getValue()))
          .as(c.getKey())
          .isInstanceOf(InvalidSubjectTokenException.class)
          .hasMessage(InvalidSubjectTokenException.MESSAGE);
    }
    assertThat(h.events(AuthEvent.LoggedIn.class)).isZero();
    assertThat(h.sessions("7")).isZero();
    assertThat(h.sessions(FastApiUsersVectors.USER_ID)).isZero();

    // A claim equal to now is not after it: accepted, as PyJWT accepts it.
    long nowSeconds = now.getEpochSecond();
    assertThat(h.exchange(LegacyJwts.simpleJwt("access", now, Map.of("nbf", nowSeconds))))
        .isNotNull();
    assertThat(
            h.exchange(LegacyJwts.fastApiUsers(exp, Map.of("nbf", nowSeconds, "iat", nowSeconds))))
        .isNotNull();
  }

  @Test
  void theSecretAndTheWindowComeTogetherAndNeedAResolver() {
    assertThatThrownBy(
            () ->
                GatehouseConfig.builder()
                    .set(LegacySettings.LEGACY_FASTAPI_USERS_SECRET, AUTH.secret())
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.legacy.fastapi-users.until");
    assertThatThrownBy(
            () ->
                GatehouseConfig.builder()
                    .set(LegacySettings.LEGACY_SIMPLEJWT_ACCESS_TOKENS, true)
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.legacy.simplejwt.signing-key");
    GatehouseConfig config =
        GatehouseConfig.builder()
            .set(LegacySettings.LEGACY_FASTAPI_USERS_SECRET, AUTH.secret())
            .set(LegacySettings.LEGACY_FASTAPI_USERS_UNTIL, Instant.parse("2027-01-01T00:00:00Z"))
            .build();
    assertThat(config.toString()).doesNotContain(AUTH.secret());
    assertThatThrownBy(
            () ->
                Gatehouse.builder(config, FIXTURES.get(TestStores.provider().kinds().get(0)).store)
                    .install(new LegacyCutOver())
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.legacy.fastapi-users.secret")
        .hasMessageContaining("legacyAccounts");
  }

  private static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
