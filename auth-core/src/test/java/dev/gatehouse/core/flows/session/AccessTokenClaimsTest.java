package dev.gatehouse.core.flows.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.OneDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** RFC 9068 claims, a host's custom claims, and the live-session check of access tokens. */
@OneDatabase("what the tokens carry, built in the facade from what the store returns")
class AccessTokenClaimsTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture withRoles(StoreKind kind, AtomicInteger calls) {
    return new GatehouseFixture(
        FIXTURES.get(kind),
        b -> b,
        g ->
            g.accessTokenCustomizer(
                (user, claims) -> {
                  calls.incrementAndGet();
                  claims.put("roles", user.staff() ? List.of("STAFF", "USER") : List.of("USER"));
                  claims.put("tenant", "acme").put("staff", user.staff()).put("level", 3);
                }));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void withIntegerUserIdsUserIdIsTheLegacyKeyElseTheTableKeyAndSubStaysThePublicId(StoreKind kind)
      throws Exception {
    Map<String, UUID> imported = new ConcurrentHashMap<>();
    StoreFixture db = FIXTURES.get(kind);
    GatehouseFixture f =
        new GatehouseFixture(
            db,
            b ->
                b.set(TokenSettings.TOKEN_SIMPLEJWT_CLAIMS, true)
                    .set(TokenSettings.TOKEN_INTEGER_USER_IDS, true),
            g ->
                g.legacyAccounts(
                    new LegacyAccountResolver() {
                      @Override
                      public Optional<UUID> accountOf(String legacyUserId) {
                        return Optional.ofNullable(imported.get(legacyUserId));
                      }

                      @Override
                      public Optional<String> legacyUserIdOf(UUID account) {
                        return imported.entrySet().stream()
                            .filter(e -> e.getValue().equals(account))
                            .map(Map.Entry::getKey)
                            .findFirst();
                      }
                    }));
    // Created here: the table key where the store has a numeric one (auth-jpa's stores), else
    // the public id (the memory store has no key).
    UUID fresh = Users.create(f);
    OptionalLong key = db.store.inTransaction(tx -> tx.users().numericKey(fresh));
    assertThat(key.isPresent()).isEqualTo(!kind.name().equals("memory"));
    JWTClaimsSet own = SignedJWT.parse(Users.login(f, fresh).accessToken()).getJWTClaimsSet();
    assertThat(own.getClaim("user_id"))
        .isEqualTo(key.isPresent() ? (Object) key.getAsLong() : fresh.toString());
    assertThat(own.getSubject()).isEqualTo(fresh.toString());
    assertThat(f.gatehouse.profiles().integerId(fresh)).isEqualTo(key);

    // Imported: the legacy key, also after a refresh; the subject stays the public id.
    UUID legacy = Users.create(f);
    imported.put("9000000001", legacy);
    TokenPair login = Users.login(f, legacy);
    f.clock.advance(Duration.ofMinutes(1));
    TokenPair refreshed = f.gatehouse.sessions().refresh(login.refreshToken(), ClientInfo.web());
    for (TokenPair pair : List.of(login, refreshed)) {
      JWTClaimsSet claims = SignedJWT.parse(pair.accessToken()).getJWTClaimsSet();
      assertThat(claims.getClaim("user_id")).isEqualTo(9_000_000_001L);
      assertThat(claims.getSubject()).isEqualTo(legacy.toString());
      assertThat(f.gatehouse.sessions().verifyAccessToken(pair.accessToken()).userPublicId())
          .isEqualTo(legacy);
    }
    assertThat(f.gatehouse.profiles().integerId(legacy)).hasValue(9_000_000_001L);

    // A table key that is another account's legacy key is never shown for this account.
    if (key.isPresent()) {
      imported.put(Long.toString(key.getAsLong()), legacy);
      assertThat(f.gatehouse.profiles().integerId(fresh)).isEmpty();
      assertThat(
              SignedJWT.parse(Users.login(f, fresh).accessToken())
                  .getJWTClaimsSet()
                  .getClaim("user_id"))
          .isEqualTo(fresh.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void withoutIntegerUserIdsUserIdIsThePublicIdEvenForAnImportedUser(StoreKind kind)
      throws Exception {
    GatehouseFixture f =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b -> b.set(TokenSettings.TOKEN_SIMPLEJWT_CLAIMS, true),
            g -> g.legacyAccounts(legacyId -> Optional.empty()));
    UUID user = Users.create(f);
    JWTClaimsSet claims = SignedJWT.parse(Users.login(f, user).accessToken()).getJWTClaimsSet();
    assertThat(claims.getClaim("user_id")).isEqualTo(user.toString());
    assertThat(f.gatehouse.profiles().integerId(user)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void tokensCarryTheRfc9068ClaimsAndAuthTimeSurvivesRefresh(StoreKind kind) throws Exception {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    Instant signIn = f.clock.instant();
    TokenPair login = Users.login(f, user);

    JWTClaimsSet first = SignedJWT.parse(login.accessToken()).getJWTClaimsSet();
    assertThat(first.getStringClaim("client_id")).isEqualTo("gatehouse");
    assertThat(first.getSubject()).isEqualTo(user.toString());
    assertThat(first.getJWTID()).isNotBlank();
    assertThat(first.getIssueTime()).isNotNull();
    assertThat(first.getExpirationTime()).isNotNull();
    assertThat(first.getAudience()).isNotEmpty();
    assertThat(first.getIssuer()).isNotBlank();
    assertThat(first.getLongClaim("auth_time")).isEqualTo(signIn.getEpochSecond());

    f.clock.advance(Duration.ofMinutes(20));
    TokenPair refreshed = f.gatehouse.sessions().refresh(login.refreshToken(), ClientInfo.web());
    VerifiedAccessToken at = f.gatehouse.sessions().verifyAccessToken(refreshed.accessToken());
    assertThat(at.authTime()).contains(Instant.ofEpochSecond(signIn.getEpochSecond()));
    assertThat(at.issuedAt()).isAfter(at.authTime().orElseThrow());
    assertThat(at.userPublicId()).isEqualTo(user);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aHostCustomizerAddsTypedClaimsAtLoginAndAtEveryRefresh(StoreKind kind) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    GatehouseFixture f = withRoles(kind, calls);
    UUID user = Users.create(f);
    TokenPair login = Users.login(f, user);
    TokenPair refreshed = f.gatehouse.sessions().refresh(login.refreshToken(), ClientInfo.web());

    assertThat(calls).hasValue(2);
    for (TokenPair p : List.of(login, refreshed)) {
      VerifiedAccessToken at = f.gatehouse.sessions().verifyAccessToken(p.accessToken());
      assertThat(at.claims())
          .containsEntry("roles", List.of("USER"))
          .containsEntry("tenant", "acme")
          .containsEntry("staff", false)
          .containsEntry("level", 3L);
      JWTClaimsSet jwt = SignedJWT.parse(p.accessToken()).getJWTClaimsSet();
      assertThat(jwt.getStringListClaim("roles")).containsExactly("USER");
      assertThat(jwt.getBooleanClaim("staff")).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void tokensCarryTheAccountsRolesByDefaultAndEachIssueReadsThemAfresh(StoreKind kind)
      throws Exception {
    GatehouseFixture f =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b -> b.set(ProfileSettings.PROFILE_ROLES, List.of("client", "driver")),
            g -> g);
    String password = "correct horse battery staple";
    String email = "roles" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    Instant now = f.clock.instant();
    UUID user =
        f.db.store.inTransaction(
            tx -> {
              AccountFactory accounts = AccountFactory.of(f.gatehouse.config());
              UserRecord u =
                  accounts.insertUser(
                      tx,
                      UserRecord.newAccount(now)
                          .email(email, email)
                          .passwordHash(f.gatehouse.passwordHashing().hash(password))
                          .verified(true)
                          .emailVerified(true)
                          .build());
              accounts.addDefaultProfile(tx, u.publicId(), now);
              return u.publicId();
            });

    // The password login takes the roles from the user it read for the password check.
    TokenPair login =
        f.gatehouse
            .accounts()
            .login(new LoginRequest(email, password, ClientInfo.web()))
            .orElseThrow()
            .tokens();
    assertThat(roles(login)).containsExactly("client");

    setFlags(f, user, true, true);
    TokenPair refreshed = f.gatehouse.sessions().refresh(login.refreshToken(), ClientInfo.web());
    assertThat(roles(refreshed)).containsExactly("staff", "superuser", "client");
    // A session started by a flow that passes only the user's id reads the same facts.
    assertThat(roles(Users.login(f, user))).containsExactly("staff", "superuser", "client");

    long driver = f.gatehouse.profiles().create(user, ProfileInput.ofRole("driver")).id();
    TokenPair switched = f.gatehouse.profiles().switchProfile(user, driver, refreshed.sessionId());
    assertThat(roles(switched)).containsExactly("staff", "superuser", "driver");

    // A role the account lost is gone at the next refresh.
    setFlags(f, user, false, false);
    TokenPair after = f.gatehouse.sessions().refresh(switched.refreshToken(), ClientInfo.web());
    assertThat(roles(after)).containsExactly("driver");
    assertThat(f.gatehouse.sessions().verifyAccessToken(after.accessToken()).claims())
        .containsEntry("roles", List.of("driver"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void withTheRolesClaimOffTokensCarryNone(StoreKind kind) throws Exception {
    GatehouseFixture f =
        new GatehouseFixture(
            FIXTURES.get(kind), b -> b.set(TokenSettings.TOKEN_ROLES, false), g -> g);
    UUID user = Users.create(f);
    setFlags(f, user, true, false);
    TokenPair login = Users.login(f, user);
    TokenPair refreshed = f.gatehouse.sessions().refresh(login.refreshToken(), ClientInfo.web());

    for (TokenPair p : List.of(login, refreshed)) {
      assertThat(SignedJWT.parse(p.accessToken()).getJWTClaimsSet().getClaims())
          .doesNotContainKey("roles");
    }
  }

  private static List<String> roles(TokenPair pair) throws Exception {
    return SignedJWT.parse(pair.accessToken()).getJWTClaimsSet().getStringListClaim("roles");
  }

  private static void setFlags(GatehouseFixture f, UUID user, boolean staff, boolean superuser) {
    f.db.store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(user).orElseThrow().toBuilder()
                        .staff(staff)
                        .superuser(superuser)
                        .build()));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aCustomizerThatUsesARegisteredClaimFailsTheLoginAndStartsNoSession(StoreKind kind) {
    GatehouseFixture f =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b -> b,
            g -> g.accessTokenCustomizer((user, claims) -> claims.put("sub", "someone-else")));
    UUID user = Users.create(f);

    assertThatThrownBy(() -> Users.login(f, user))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sub'");
    assertThat(f.gatehouse.sessions().listSessions(user, null)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theLiveCheckRefusesATokenOnceItsSessionEnded(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair a = Users.login(f, user);
    TokenPair b = Users.login(f, user);
    TokenPair c = Users.login(f, user);

    assertThat(f.gatehouse.sessions().verifyLiveAccessToken(a.accessToken()).sessionId())
        .isEqualTo(a.sessionId());

    f.gatehouse.sessions().logout(user, a.sessionId());
    assertSessionEnded(f, a);
    // Plain verification stays stateless: the token lives until it expires.
    assertThat(f.gatehouse.sessions().verifyAccessToken(a.accessToken()).sessionId())
        .isEqualTo(a.sessionId());
    assertThat(f.gatehouse.sessions().verifyLiveAccessToken(b.accessToken()).sessionId())
        .isEqualTo(b.sessionId());

    f.gatehouse.sessions().logoutAll(user);
    assertSessionEnded(f, b);
    assertSessionEnded(f, c);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theLiveCheckRefusesATokenWhoseSessionExpiredAndStillChecksTheSignature(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair a = Users.login(f, user);
    String tampered = a.accessToken().substring(0, a.accessToken().length() - 4) + "AAAA";

    assertThatThrownBy(() -> f.gatehouse.sessions().verifyLiveAccessToken(tampered))
        .isInstanceOfSatisfying(
            InvalidTokenException.class,
            e -> assertThat(e.reason()).isNotEqualTo(InvalidTokenException.Reason.SESSION_ENDED));
    f.clock.advance(Duration.ofDays(400));
    assertThatThrownBy(() -> f.gatehouse.sessions().verifyLiveAccessToken(a.accessToken()))
        .isInstanceOf(InvalidTokenException.class);
  }

  private static void assertSessionEnded(GatehouseFixture f, TokenPair p) {
    assertThatThrownBy(() -> f.gatehouse.sessions().verifyLiveAccessToken(p.accessToken()))
        .isInstanceOfSatisfying(
            InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.SESSION_ENDED));
  }
}
