package dev.gatehouse.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.flows.session.Users;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.legacy.WriteBackTest.LegacyStore;
import dev.gatehouse.testing.SimpleJwtVectors;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Sessions that survive a rollback (issue 58, item 5): during the write-back window, with {@code
 * gatehouse.legacy.simplejwt.issue-refresh-tokens}, a session's refresh token is a simplejwt
 * refresh token of its user's legacy id, signed with the legacy key, which Gatehouse keeps as its
 * own: stored as a keyed hash, rotated, a replay ending the session, revoked at logout; after the
 * window Gatehouse hands out its own again and still takes these until they expire. Every forgery
 * is refused and starts nothing. (That Django's own refresh view takes them is {@code
 * DjangoCutOverWalkTest}'s, in auth-import.)
 */
class LegacyFormatRefreshTokenTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final SimpleJwtVectors.Case SEVEN = SimpleJwtVectors.get("secret_key");
  private static final Instant WRITE_BACK_UNTIL = SEVEN.issuedAt().plus(Duration.ofDays(30));
  private static final String OTHER_KEY = "another-key-that-is-not-the-legacy-one-0123456789";

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /**
   * A host whose legacy users 7 and 12 became accounts, a resolver that answers both ways (as the
   * importer's does), and a write-back window open for 30 days.
   */
  private static final class Host {
    final GatehouseFixture f;
    final Map<String, UUID> accounts = new ConcurrentHashMap<>();
    final String secretKey = "test-secret-key-" + UUID.randomUUID();

    Host(StoreKind kind, UnaryOperator<GatehouseConfig.Builder> tweak) {
      LegacyAccountResolver resolver =
          new LegacyAccountResolver() {
            @Override
            public Optional<UUID> accountOf(String legacyUserId) {
              return Optional.ofNullable(accounts.get(legacyUserId));
            }

            @Override
            public Optional<String> legacyUserIdOf(UUID account) {
              return accounts.entrySet().stream()
                  .filter(e -> e.getValue().equals(account))
                  .map(Map.Entry::getKey)
                  .findFirst();
            }
          };
      this.f =
          new GatehouseFixture(
              FIXTURES.get(kind),
              b ->
                  tweak.apply(
                      b.set(GatehouseConfig.SECRET_KEY, secretKey)
                          .set(
                              LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY,
                              SimpleJwtVectors.SECRET_KEY)
                          .set(
                              LegacySettings.LEGACY_SIMPLEJWT_UNTIL,
                              SEVEN.issuedAt().plus(Duration.ofDays(7)))
                          .set(LegacySettings.LEGACY_WRITE_BACK_UNTIL, WRITE_BACK_UNTIL)
                          .set(LegacySettings.LEGACY_SIMPLEJWT_ISSUE_REFRESH_TOKENS, true)),
              g ->
                  g.legacyAccounts(resolver)
                      .install(new LegacyCutOver().writeBack(new LegacyStore())));
      f.clock.set(SEVEN.issuedAt().plusSeconds(60));
      accounts.put("7", Users.create(f));
      accounts.put("12", Users.create(f));
    }

    Host(StoreKind kind) {
      this(kind, b -> b);
    }

    UUID seven() {
      return accounts.get("7");
    }

    TokenPair refresh(String token) {
      return f.gatehouse.sessions().refresh(token, ClientInfo.web("198.51.100.9"));
    }

    int sessions(UUID user) {
      return f.gatehouse.sessions().listSessions(user, null).size();
    }

    long events(Class<? extends AuthEvent> type) {
      return f.events.stream().filter(type::isInstance).count();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSessionStartedInTheWindowGetsASimplejwtRefreshTokenOfItsLegacyUser(StoreKind kind)
      throws Exception {
    Host h = new Host(kind);
    Instant now = h.f.clock.instant();

    TokenPair pair = Users.login(h.f, h.seven());

    SignedJWT jwt = SignedJWT.parse(pair.refreshToken());
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    assertThat(jwt.verify(new MACVerifier(SimpleJwtVectors.SECRET_KEY))).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getClaim("token_type")).isEqualTo("refresh");
    // simplejwt writes an integer key as a JSON number.
    assertThat(claims.getClaim("user_id")).isEqualTo(7L);
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(now);
    assertThat(claims.getJWTID()).matches("gh-[0-9a-f]{32}");
    Instant sessionExpiry =
        h.f.gatehouse.sessions().listSessions(h.seven(), null).get(0).expiresAt();
    assertThat(claims.getExpirationTime().toInstant())
        .isEqualTo(sessionExpiry.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    // Stored as Gatehouse stores its own: under its keyed hash, never as itself.
    SecretHasher secrets = new SecretHasher(h.secretKey);
    h.f.db.store.inTransaction(
        tx -> {
          assertThat(tx.sessions().findRefreshToken(secrets.hash("refresh", pair.refreshToken())))
              .hasValueSatisfying(t -> assertThat(t.sessionId()).isEqualTo(pair.sessionId()));
          assertThat(tx.sessions().findRefreshToken(pair.refreshToken())).isEmpty();
          return null;
        });
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void itRotatesAndAReplayOfARotatedOneEndsTheSession(StoreKind kind) throws Exception {
    Host h = new Host(kind);
    TokenPair first = Users.login(h.f, h.seven());
    h.f.clock.advance(Duration.ofMinutes(5));

    TokenPair second = h.refresh(first.refreshToken());

    assertThat(second.sessionId()).isEqualTo(first.sessionId());
    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    JWTClaimsSet a = SignedJWT.parse(first.refreshToken()).getJWTClaimsSet();
    JWTClaimsSet b = SignedJWT.parse(second.refreshToken()).getJWTClaimsSet();
    assertThat(b.getClaim("user_id")).isEqualTo(7L);
    assertThat(b.getExpirationTime()).isEqualTo(a.getExpirationTime());
    assertThat(b.getIssueTime().toInstant()).isEqualTo(h.f.clock.instant());
    assertThat(b.getJWTID()).startsWith("gh-").isNotEqualTo(a.getJWTID());
    assertThat(h.events(AuthEvent.LoggedIn.class)).as("a rotation is no sign-in").isZero();

    // The first one again: a copy is in other hands, the whole session ends.
    assertThatThrownBy(() -> h.refresh(first.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(h.f.events)
        .filteredOn(AuthEvent.TokenReuseDetected.class::isInstance)
        .map(e -> ((AuthEvent.TokenReuseDetected) e).sessionId())
        .containsExactly(first.sessionId());
    assertThatThrownBy(() -> h.refresh(second.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(h.sessions(h.seven())).isZero();
    assertThat(h.events(AuthEvent.LoggedIn.class))
        .as("never carried over as a legacy sign-in")
        .isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void logoutRevokesIt(StoreKind kind) {
    Host h = new Host(kind);
    TokenPair byToken = Users.login(h.f, h.seven());
    TokenPair bySession = Users.login(h.f, h.seven());

    assertThat(h.f.gatehouse.sessions().logoutWithRefreshToken(byToken.refreshToken())).isTrue();
    assertThat(h.f.gatehouse.sessions().logout(h.seven(), bySession.sessionId())).isTrue();

    assertThatThrownBy(() -> h.refresh(byToken.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThatThrownBy(() -> h.refresh(bySession.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(h.sessions(h.seven())).isZero();
    assertThat(h.events(AuthEvent.LoggedIn.class)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSimplejwtTokenCarriedOverStartsASessionThatSurvivesTheRollbackToo(StoreKind kind)
      throws Exception {
    Host h = new Host(kind);

    TokenPair carried = h.refresh(SEVEN.refresh());

    JWTClaimsSet claims = SignedJWT.parse(carried.refreshToken()).getJWTClaimsSet();
    assertThat(claims.getJWTID()).startsWith("gh-");
    assertThat(claims.getClaim("user_id")).isEqualTo(7L);
    assertThat(h.refresh(carried.refreshToken()).sessionId()).isEqualTo(carried.sessionId());
    assertThat(h.events(AuthEvent.LoggedIn.class)).isOne();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void afterTheWindowGatehouseHandsOutItsOwnAndStillTakesTheseUntilTheyExpire(StoreKind kind) {
    Host h = new Host(kind);
    h.f.clock.set(WRITE_BACK_UNTIL.minus(Duration.ofHours(1)));
    TokenPair inWindow = Users.login(h.f, h.seven());
    assertThat(inWindow.refreshToken()).matches(Users.JWT_SHAPED);
    h.f.clock.set(WRITE_BACK_UNTIL);

    TokenPair after = h.refresh(inWindow.refreshToken());

    assertThat(after.sessionId()).isEqualTo(inWindow.sessionId());
    assertThat(after.refreshToken()).matches(Users.OWN_REFRESH_TOKEN);
    assertThat(h.refresh(after.refreshToken()).sessionId()).isEqualTo(inWindow.sessionId());
    assertThat(Users.login(h.f, h.seven()).refreshToken()).matches(Users.OWN_REFRESH_TOKEN);
    // Its predecessor, replayed after the window, is still reuse.
    assertThatThrownBy(() -> h.refresh(inWindow.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(h.events(AuthEvent.TokenReuseDetected.class)).isOne();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aProfileSwitchAndAHandOffKeepTheFormatAndTheRouteThatDoesNotRotateHandsItBack(StoreKind kind)
      throws Exception {
    Host h = new Host(kind);
    TokenPair login = Users.login(h.f, h.seven());

    TokenPair kept =
        h.f
            .gatehouse
            .sessions()
            .refreshWithoutRotation(login.refreshToken(), ClientInfo.web("198.51.100.9"));
    long profile =
        h.f.gatehouse.profiles().list(h.seven()).stream()
            .filter(p -> p.defaultProfile())
            .findFirst()
            .orElseThrow()
            .id();
    TokenPair switched =
        h.f.gatehouse.profiles().switchProfile(h.seven(), profile, login.sessionId());

    assertThat(kept.refreshToken()).isEqualTo(login.refreshToken());
    assertThat(switched.refreshToken())
        .matches(Users.JWT_SHAPED)
        .isNotEqualTo(login.refreshToken());
    TokenPair refreshed = h.refresh(switched.refreshToken());
    assertThat(refreshed.sessionId()).isEqualTo(login.sessionId());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anAccountTheLegacySystemDoesNotKnowGetsGatehousesOwnToken(StoreKind kind) {
    Host h = new Host(kind);

    assertThat(Users.login(h.f, Users.create(h.f)).refreshToken()).matches(Users.OWN_REFRESH_TOKEN);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void offByDefault(StoreKind kind) {
    Host h =
        new Host(kind, b -> b.set(LegacySettings.LEGACY_SIMPLEJWT_ISSUE_REFRESH_TOKENS, false));

    assertThat(Users.login(h.f, h.seven()).refreshToken()).matches(Users.OWN_REFRESH_TOKEN);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void forgeriesAreRefusedAndStartNothing(StoreKind kind) throws Exception {
    Host h = new Host(kind);
    TokenPair login = Users.login(h.f, h.seven());
    String issued = login.refreshToken();
    Map<String, Object> claims = SignedJWT.parse(issued).getJWTClaimsSet().toJSONObject();
    Map<String, Object> ofTwelve = new LinkedHashMap<>(claims);
    ofTwelve.put("user_id", 12);
    Map<String, Object> neverIssued = new LinkedHashMap<>(claims);
    neverIssued.put("jti", "gh-" + UUID.randomUUID().toString().replace("-", ""));
    String[] parts = issued.split("\\.");

    for (String forged :
        new String[] {
          // The same claims under another key.
          sign(claims, OTHER_KEY),
          // alg none, unsigned.
          b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".",
          // Another user's id with the signature of the token issued.
          parts[0] + "." + b64(JSONObjectUtils.toJSONString(ofTwelve)) + "." + parts[2],
          // Another user's id, signed with another key.
          sign(ofTwelve, OTHER_KEY),
          // Signed with the legacy key, in Gatehouse's shape, but never issued by Gatehouse:
          // never carried over as a legacy sign-in either.
          sign(neverIssued, SimpleJwtVectors.SECRET_KEY),
          // The issued token with its signature cut.
          parts[0] + "." + parts[1] + ".",
        }) {
      assertThatThrownBy(() -> h.refresh(forged))
          .as(forged)
          .isInstanceOf(InvalidRefreshTokenException.class);
      assertThat(h.f.gatehouse.sessions().logoutWithRefreshToken(forged)).isFalse();
    }

    assertThat(h.events(AuthEvent.LoggedIn.class)).isZero();
    assertThat(h.events(AuthEvent.TokenReuseDetected.class)).isZero();
    assertThat(h.sessions(h.seven())).isOne();
    assertThat(h.sessions(h.accounts.get("12"))).isZero();
    // The session and its token are untouched.
    assertThat(h.refresh(issued).sessionId()).isEqualTo(login.sessionId());
  }

  @Test
  void theSettingNeedsTheLegacyKeyAndTheWriteBackWindow() {
    GatehouseConfig.Builder noWindow =
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, SimpleJwtVectors.SECRET_KEY)
            .set(LegacySettings.LEGACY_SIMPLEJWT_UNTIL, SEVEN.issuedAt())
            .set(LegacySettings.LEGACY_SIMPLEJWT_ISSUE_REFRESH_TOKENS, true);
    assertThatThrownBy(noWindow::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.legacy.simplejwt.issue-refresh-tokens needs")
        .hasMessageContaining("gatehouse.legacy.write-back.until");
    GatehouseConfig.Builder noKey =
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .set(LegacySettings.LEGACY_WRITE_BACK_UNTIL, WRITE_BACK_UNTIL)
            .set(LegacySettings.LEGACY_SIMPLEJWT_ISSUE_REFRESH_TOKENS, true);
    assertThatThrownBy(noKey::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.legacy.simplejwt.signing-key");
  }

  private static String sign(Map<String, Object> claims, String key) {
    String input =
        b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")
            + "."
            + b64(JSONObjectUtils.toJSONString(claims));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input
          + "."
          + Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))).toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
