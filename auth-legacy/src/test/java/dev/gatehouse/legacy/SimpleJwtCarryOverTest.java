package dev.gatehouse.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.Base64URL;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
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
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.SimpleJwtVectors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 * Sessions carried over from djangorestframework-simplejwt (issue 34, item 1): tokens made by
 * simplejwt itself ({@link SimpleJwtVectors}) are exchanged once for a session of the account their
 * user became, and every token simplejwt would refuse, or that is replayed, late or of a user that
 * was not moved over, is refused and changes nothing.
 */
class SimpleJwtCarryOverTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final SimpleJwtVectors.Case SEVEN = SimpleJwtVectors.get("secret_key");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** A host whose legacy users 7, 12 and the UUID-keyed one became accounts of its own. */
  private static final class Host {
    final GatehouseFixture f;
    final Map<String, UUID> accounts = new ConcurrentHashMap<>();

    Host(StoreKind kind, UnaryOperator<GatehouseConfig.Builder> tweak) {
      this.f =
          new GatehouseFixture(
              FIXTURES.get(kind),
              b ->
                  tweak.apply(
                      // A deployment of its own: the tests share each database, and a token's
                      // jti is recorded under the deployment's key.
                      b.set(GatehouseConfig.SECRET_KEY, "test-secret-key-" + UUID.randomUUID())
                          .set(
                              LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY,
                              SimpleJwtVectors.SECRET_KEY)
                          .set(
                              LegacySettings.LEGACY_SIMPLEJWT_UNTIL,
                              SEVEN.issuedAt().plus(Duration.ofDays(30)))),
              g ->
                  g.legacyAccounts(id -> Optional.ofNullable(accounts.get(id)))
                      .install(new LegacyCutOver()));
      // simplejwt issued the tokens a minute ago.
      f.clock.set(SEVEN.issuedAt().plusSeconds(60));
      accounts.put("7", Users.create(f));
      accounts.put("12", Users.create(f));
      accounts.put(SimpleJwtVectors.get("uuid_user_id").userId(), Users.create(f));
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

    TokenPair refreshWithoutRotation(String token) {
      return f.gatehouse.sessions().refreshWithoutRotation(token, ClientInfo.web("198.51.100.9"));
    }

    long logins() {
      return f.events.stream().filter(AuthEvent.LoggedIn.class::isInstance).count();
    }

    int sessions(UUID user) {
      return f.gatehouse.sessions().listSessions(user, null).size();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSimplejwtRefreshTokenBecomesASessionOfItsUsersAccountOnce(StoreKind kind) {
    Host h = new Host(kind);

    TokenPair pair = h.refresh(SEVEN.refresh());

    VerifiedAccessToken at = h.f.gatehouse.sessions().verifyAccessToken(pair.accessToken());
    assertThat(at.subject()).isEqualTo(h.seven().toString());
    assertThat(at.amr()).containsExactly("simplejwt");
    assertThat(h.f.events)
        .filteredOn(AuthEvent.LoggedIn.class::isInstance)
        .map(e -> (AuthEvent.LoggedIn) e)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.userId()).isEqualTo(h.seven());
              assertThat(e.method()).isEqualTo("simplejwt");
            });
    // The client now holds the session's own refresh token, which rotates as any other.
    assertThat(pair.refreshToken()).matches(Users.OWN_REFRESH_TOKEN);
    TokenPair next = h.refresh(pair.refreshToken());
    assertThat(next.sessionId()).isEqualTo(pair.sessionId());

    // Presented again, the legacy token is reuse: the session it started ends.
    assertThatThrownBy(() -> h.refresh(SEVEN.refresh()))
        .isInstanceOf(InvalidRefreshTokenException.class)
        .hasMessage(InvalidRefreshTokenException.MESSAGE);
    assertThat(h.f.events)
        .filteredOn(AuthEvent.TokenReuseDetected.class::isInstance)
        .map(e -> ((AuthEvent.TokenReuseDetected) e).sessionId())
        .containsExactly(pair.sessionId());
    assertThatThrownBy(() -> h.refresh(next.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(h.sessions(h.seven())).isZero();
    assertThat(h.logins()).isEqualTo(1);

    // Another token of the same user is another legacy session: it carries over on its own.
    TokenPair second = h.refresh(SimpleJwtVectors.get("secret_key_second").refresh());
    assertThat(second.sessionId()).isNotEqualTo(pair.sessionId());
    assertThat(h.sessions(h.seven())).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void withoutRotationTheLegacyTokenKeepsRefreshingTheOneSessionItStarted(StoreKind kind) {
    Host h = new Host(kind);

    TokenPair first = h.refreshWithoutRotation(SEVEN.refresh());
    h.f.clock.advance(Duration.ofMinutes(10));
    TokenPair again = h.refreshWithoutRotation(SEVEN.refresh());

    assertThat(again.sessionId()).isEqualTo(first.sessionId());
    // The client keeps the token it has, as simplejwt's non-rotating clients do.
    assertThat(again.refreshToken()).isEqualTo(SEVEN.refresh());
    assertThat(h.f.gatehouse.sessions().verifyAccessToken(again.accessToken()).subject())
        .isEqualTo(h.seven().toString());
    assertThat(h.sessions(h.seven())).isEqualTo(1);
    assertThat(h.logins()).isEqualTo(1);

    // Its session ended (the user logged out everywhere), the legacy token ends with it.
    h.f.gatehouse.sessions().logoutAll(h.seven());
    assertThatThrownBy(() -> h.refreshWithoutRotation(SEVEN.refresh()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(h.sessions(h.seven())).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void everyTokenSimplejwtWouldRefuseIsRefusedAndChangesNothing(StoreKind kind) {
    Host h = new Host(kind);
    String[] parts = SEVEN.refresh().split("\\.");
    String otherUser = SimpleJwtVectors.get("secret_key_other_user").refresh().split("\\.")[1];
    String noneHeader = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String hs512Header = b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}");
    Map<String, String> refused =
        Map.of(
            "alg none, no signature", noneHeader + "." + parts[1] + ".",
            "alg none, the original signature", noneHeader + "." + parts[1] + "." + parts[2],
            "another algorithm in the header", hs512Header + "." + parts[1] + "." + parts[2],
            "another user's claims under this signature",
                parts[0] + "." + otherUser + "." + parts[2],
            "an access token", SEVEN.access(),
            "signed with another key", SimpleJwtVectors.get("signing_key_hs512").refresh(),
            "a user who was not moved over", SimpleJwtVectors.get("unmapped_user").refresh(),
            "not base64", parts[0] + ".!!!." + parts[2],
            "four parts", SEVEN.refresh() + ".x");
    for (Map.Entry<String, String> e : refused.entrySet()) {
      assertThatThrownBy(() -> h.refresh(e.getValue()))
          .as(e.getKey())
          .isInstanceOf(InvalidRefreshTokenException.class);
      assertThatThrownBy(() -> h.refreshWithoutRotation(e.getValue()))
          .as(e.getKey())
          .isInstanceOf(InvalidRefreshTokenException.class);
    }
    assertThat(h.logins()).isZero();
    for (UUID account : h.accounts.values()) {
      assertThat(h.sessions(account)).isZero();
    }
    // None of the refusals spent the genuine token.
    assertThat(h.refresh(SEVEN.refresh()).sessionId()).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void lateTokensAreRefused(StoreKind kind) {
    Host expired = new Host(kind);
    expired.f.clock.set(SEVEN.expiresAt());
    assertThatThrownBy(() -> expired.refresh(SEVEN.refresh()))
        .isInstanceOf(InvalidRefreshTokenException.class);

    Host windowClosed =
        new Host(
            kind,
            b -> b.set(LegacySettings.LEGACY_SIMPLEJWT_UNTIL, SEVEN.issuedAt().plusSeconds(120)));
    windowClosed.f.clock.set(SEVEN.issuedAt().plusSeconds(120));
    assertThatThrownBy(() -> windowClosed.refresh(SEVEN.refresh()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(expired.sessions(expired.seven()) + windowClosed.sessions(windowClosed.seven()))
        .isZero();
    assertThat(expired.logins() + windowClosed.logins()).isZero();
  }

  /**
   * Issue 54, finding 6: simplejwt decodes with PyJWT, which refuses a token whose {@code nbf} or
   * {@code iat} lies after now (its {@code LEEWAY}, 0 by default, added) and one whose {@code nbf}
   * or {@code iat} is no number; a claim equal to now passes, and a token without either passes.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aTokenNotYetValidIsRefusedAsSimplejwtRefusesIt(StoreKind kind) {
    Host h = new Host(kind);
    Instant now = h.f.clock.instant();
    Map<String, String> refused = new java.util.LinkedHashMap<>();
    refused.put(
        "nbf a second ahead",
        LegacyJwts.simpleJwt("refresh", now, Map.of("nbf", now.getEpochSecond() + 1)));
    refused.put(
        "nbf a day ahead",
        LegacyJwts.simpleJwt("refresh", now, Map.of("nbf", now.getEpochSecond() + 86_400)));
    refused.put(
        "iat a second ahead", LegacyJwts.simpleJwt("refresh", now.plusSeconds(1), Map.of()));
    refused.put(
        "iat an hour ahead", LegacyJwts.simpleJwt("refresh", now.plusSeconds(3600), Map.of()));
    refused.put("nbf not a number", LegacyJwts.simpleJwt("refresh", now, Map.of("nbf", "soon")));
    refused.put("iat not a number", LegacyJwts.simpleJwt("refresh", null, Map.of("iat", "now")));
    for (Map.Entry<String, String> e : refused.entrySet()) {
      assertThatThrownBy(() -> h.refresh(e.getValue()))
          .as(e.getKey())
          .isInstanceOf(InvalidRefreshTokenException.class);
      assertThatThrownBy(() -> h.refreshWithoutRotation(e.getValue()))
          .as(e.getKey())
          .isInstanceOf(InvalidRefreshTokenException.class);
    }
    assertThat(h.logins()).isZero();
    assertThat(h.sessions(h.seven())).isZero();

    // At the boundary PyJWT accepts (the claim is not after now), and so does the carry-over.
    assertThat(h.refresh(LegacyJwts.simpleJwt("refresh", now, Map.of("nbf", now.getEpochSecond()))))
        .isNotNull();
    assertThat(h.refresh(LegacyJwts.simpleJwt("refresh", null, Map.of()))).isNotNull();
    assertThat(h.sessions(h.seven())).isEqualTo(2);
  }

  /**
   * Issue 54, finding 3: a refresh token simplejwt issued at a sign-in 20 hours ago carries the
   * session over with that sign-in as its {@code auth_time}, through every refresh, so deletion,
   * password and contact changes on the strength of a recent sign-in are refused and change
   * nothing.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSessionCarriedOverFromAnOldSignInIsNotARecentSignIn(StoreKind kind) {
    Host h = new Host(kind);
    h.f.clock.set(SEVEN.issuedAt().plus(Duration.ofHours(20)));

    TokenPair pair = h.refresh(SEVEN.refresh());
    VerifiedAccessToken at = h.f.gatehouse.sessions().verifyAccessToken(pair.accessToken());
    assertThat(at.authTime()).contains(SEVEN.issuedAt());
    assertNotRecent(h, at);

    // A refresh of the carried-over session keeps the legacy sign-in, rotating or not.
    TokenPair rotated = h.refresh(pair.refreshToken());
    VerifiedAccessToken after = h.f.gatehouse.sessions().verifyAccessToken(rotated.accessToken());
    assertThat(after.authTime()).contains(SEVEN.issuedAt());
    assertNotRecent(h, after);
    Host kept = new Host(kind);
    kept.f.clock.set(SEVEN.issuedAt().plus(Duration.ofHours(20)));
    kept.refreshWithoutRotation(SEVEN.refresh());
    kept.f.clock.advance(Duration.ofMinutes(1));
    TokenPair again = kept.refreshWithoutRotation(SEVEN.refresh());
    VerifiedAccessToken keptAt = kept.f.gatehouse.sessions().verifyAccessToken(again.accessToken());
    assertThat(keptAt.authTime()).contains(SEVEN.issuedAt());
    assertNotRecent(kept, keptAt);
  }

  /** The recent-sign-in proof is refused for each guarded operation, and nothing changes. */
  private static void assertNotRecent(Host h, VerifiedAccessToken at) {
    var accounts = h.f.gatehouse.accounts();
    Optional<UserRecord> before =
        h.f.db.store.inTransaction(tx -> tx.users().findByPublicId(at.userPublicId()));
    int mails = h.f.email.sent().size();
    ClientInfo client = ClientInfo.web("198.51.100.9");
    assertThatThrownBy(() -> accounts.deleteAccount(at, Reauthentication.recentSignIn(), client))
        .isInstanceOf(ReauthenticationRequiredException.class);
    assertThatThrownBy(
            () ->
                accounts.changePassword(
                    at, Reauthentication.recentSignIn(), "quiet-harbour-5521", client))
        .isInstanceOf(ReauthenticationRequiredException.class);
    assertThatThrownBy(
            () ->
                accounts.requestEmailChange(
                    at,
                    Reauthentication.recentSignIn(),
                    "moved-" + UUID.randomUUID() + "@example.com",
                    client))
        .isInstanceOf(ReauthenticationRequiredException.class);
    h.f.gatehouse.deliverPending();
    Optional<UserRecord> now =
        h.f.db.store.inTransaction(tx -> tx.users().findByPublicId(at.userPublicId()));
    assertThat(now).isPresent().isEqualTo(before);
    assertThat(h.f.email.sent()).hasSize(mails);
    assertThat(h.f.events).noneMatch(AuthEvent.AccountDeleted.class::isInstance);
  }

  /**
   * A refresh token from a sign-in inside {@code gatehouse.security.recent-auth-window} is a recent
   * sign-in until the window, counted from the legacy sign-in and not from the carry-over or a
   * refresh, has passed.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSessionCarriedOverFromAFreshSignInIsRecentUntilTheWindowFromThatSignInPasses(
      StoreKind kind) {
    Host h = new Host(kind);
    h.f.clock.set(SEVEN.issuedAt().plus(Duration.ofMinutes(3)));
    TokenPair pair = h.refresh(SEVEN.refresh());
    VerifiedAccessToken at = h.f.gatehouse.sessions().verifyAccessToken(pair.accessToken());
    assertThat(at.authTime()).contains(SEVEN.issuedAt());
    h.f
        .gatehouse
        .accounts()
        .changePassword(
            at,
            Reauthentication.recentSignIn(),
            "quiet-harbour-5521",
            ClientInfo.web("198.51.100.9"));

    // Three minutes on, the window (five minutes) has passed since the legacy sign-in.
    Host later = new Host(kind);
    later.f.clock.set(SEVEN.issuedAt().plus(Duration.ofMinutes(3)));
    TokenPair carried = later.refresh(SEVEN.refresh());
    later.f.clock.advance(Duration.ofMinutes(3));
    TokenPair refreshed = later.refresh(carried.refreshToken());
    assertNotRecent(later, later.f.gatehouse.sessions().verifyAccessToken(refreshed.accessToken()));
  }

  /**
   * A refresh token of simplejwt before 5.0, which wrote no {@code iat}, carries the session over
   * with no known sign-in: never a recent one.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSessionCarriedOverWithoutAKnownSignInIsNeverRecent(StoreKind kind) {
    Host h = new Host(kind);
    TokenPair pair = h.refresh(LegacyJwts.simpleJwt("refresh", null, Map.of()));
    VerifiedAccessToken at = h.f.gatehouse.sessions().verifyAccessToken(pair.accessToken());
    assertThat(at.authTime()).isEmpty();
    assertNotRecent(h, at);
    VerifiedAccessToken after =
        h.f.gatehouse.sessions().verifyAccessToken(h.refresh(pair.refreshToken()).accessToken());
    assertThat(after.authTime()).isEmpty();
    assertNotRecent(h, after);

    // A project that rotates re-dates a refresh token's iat at each rotation: not a sign-in.
    Host rotating =
        new Host(kind, b -> b.set(LegacySettings.LEGACY_SIMPLEJWT_ROTATE_REFRESH_TOKENS, true));
    VerifiedAccessToken rotated =
        rotating
            .f
            .gatehouse
            .sessions()
            .verifyAccessToken(rotating.refresh(SEVEN.refresh()).accessToken());
    assertThat(rotated.authTime()).isEmpty();
    assertNotRecent(rotating, rotated);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aDeactivatedAccountGetsNoSession(StoreKind kind) {
    Host h = new Host(kind);
    h.f.db.store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(h.seven()).orElseThrow().toBuilder()
                        .active(false)
                        .build()));

    assertThatThrownBy(() -> h.refresh(SEVEN.refresh()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(h.logins()).isZero();
    assertThat(h.sessions(h.seven())).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void simplejwtsOwnSigningKeyAndAlgorithmAndStringUserKeys(StoreKind kind) {
    SimpleJwtVectors.Case hs512 = SimpleJwtVectors.get("signing_key_hs512");
    Host separateKey =
        new Host(
            kind,
            b ->
                b.set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, hs512.signingKey())
                    .set(LegacySettings.LEGACY_SIMPLEJWT_ALGORITHM, "HS512"));
    TokenPair pair = separateKey.refresh(hs512.refresh());
    assertThat(separateKey.f.gatehouse.sessions().verifyAccessToken(pair.accessToken()).subject())
        .isEqualTo(separateKey.seven().toString());
    // Under that configuration the HS256 tokens signed with SECRET_KEY are not accepted.
    assertThatThrownBy(() -> separateKey.refresh(SEVEN.refresh()))
        .isInstanceOf(InvalidRefreshTokenException.class);

    Host h = new Host(kind);
    SimpleJwtVectors.Case uuid = SimpleJwtVectors.get("uuid_user_id");
    assertThat(h.f.gatehouse.sessions().verifyAccessToken(h.refresh(uuid.refresh()).accessToken()))
        .extracting(VerifiedAccessToken::subject)
        .isEqualTo(h.accounts.get(uuid.userId()).toString());
  }

  @Test
  void theKeyAndTheWindowComeTogetherAndNeedAResolver() {
    assertThatThrownBy(
            () ->
                GatehouseConfig.builder()
                    .set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, SimpleJwtVectors.SECRET_KEY)
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.legacy.simplejwt.until");
    GatehouseConfig config =
        GatehouseConfig.builder()
            .set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, SimpleJwtVectors.SECRET_KEY)
            .set(LegacySettings.LEGACY_SIMPLEJWT_UNTIL, Instant.parse("2027-01-01T00:00:00Z"))
            .build();
    assertThat(config.toString()).doesNotContain(SimpleJwtVectors.SECRET_KEY);
    assertThatThrownBy(
            () ->
                Gatehouse.builder(config, FIXTURES.get(TestStores.provider().kinds().get(0)).store)
                    .install(new LegacyCutOver())
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("legacyAccounts");
  }

  private static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
