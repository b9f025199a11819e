package dev.gatehouse.social;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.race;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static dev.gatehouse.core.flows.account.AccountTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.admin.AdminService;
import dev.gatehouse.admin.Administration;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.ChangedStores;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.EveryStore;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.flows.TestStores;
import dev.gatehouse.core.flows.account.AccountTests;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.LinkRequired;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import dev.gatehouse.core.session.SignInResult.SignedIn;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.SocialAccountStore.SocialAccountRecord;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.mfa.SecondFactorModule;
import dev.gatehouse.mfa.SecondFactorService;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorProof;
import dev.gatehouse.mfa.Totp;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.social.SocialService.SocialException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** The account rules of social sign-in, against every enabled database. */
class SocialAccountRulesTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");
  private static final Reauthentication RECENT = Reauthentication.recentSignIn();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return gatehouse(kind, b -> b);
  }

  /** A fixture with the module installed (without providers: the identities are built here). */
  static GatehouseFixture gatehouse(StoreKind kind, UnaryOperator<GatehouseConfig.Builder> tweak) {
    return new GatehouseFixture(FIXTURES.get(kind), tweak, b -> b.install(new SocialSignIn()));
  }

  static SocialService social(GatehouseFixture g) {
    return g.gatehouse.feature(SocialService.class);
  }

  private static String sub() {
    return "sub-" + UUID.randomUUID();
  }

  private static VerifiedIdentity google(String sub, String email, boolean verified) {
    return new VerifiedIdentity("google", sub, email, verified, "Ann Example", null);
  }

  private static SignedIn signedIn(SignInResult outcome) {
    assertThat(outcome).isInstanceOf(SignedIn.class);
    return (SignedIn) outcome;
  }

  private static LinkRequired linkRequired(SignInResult outcome) {
    assertThat(outcome).isInstanceOf(LinkRequired.class);
    return (LinkRequired) outcome;
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aFirstSignInCreatesTheAccountAndTheNextOneSignsItIn(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    String sub = sub();

    SignedIn first = signedIn(social(g).signIn(google(sub, email, true), ClientInfo.web()));

    assertThat(first.created()).isTrue();
    VerifiedAccessToken at = g.gatehouse.sessions().verifyAccessToken(first.tokens().accessToken());
    assertThat(at.amr()).containsExactly("social", "google");
    assertThat(at.subject()).isEqualTo(first.userId().toString());
    UserRecord u = user(g, email).orElseThrow();
    assertThat(u.publicId()).isEqualTo(first.userId());
    assertThat(u.emailVerified()).isTrue();
    assertThat(u.passwordHash()).isNull();
    assertThat(g.events)
        .anySatisfy(e -> assertThat(e).isInstanceOf(AuthEvent.Registered.class))
        .anySatisfy(e -> assertThat(e).isInstanceOf(SocialService.SocialLinked.class))
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        AuthEvent.LoggedIn.class,
                        l -> assertThat(l.method()).isEqualTo("social:google")));

    g.clock.advance(Duration.ofMinutes(1));
    SignedIn second = signedIn(social(g).signIn(google(sub, email, true), ClientInfo.web()));
    assertThat(second.created()).isFalse();
    assertThat(second.userId()).isEqualTo(first.userId());
    assertThat(social(g).accounts(first.userId()))
        .singleElement()
        .satisfies(a -> assertThat(a.lastUsedAt()).isEqualTo(g.clock.instant()));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anEmailVerifiedOnBothSidesLinksToTheExistingAccount(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    UUID local = confirmed(g, email);

    SignedIn in =
        signedIn(social(g).signIn(google(sub(), email.toUpperCase(), true), ClientInfo.web()));

    assertThat(in.userId()).isEqualTo(local);
    assertThat(in.linked()).isTrue();
    assertThat(in.created()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anEmailTheProviderDidNotVerifyCannotTakeOverAnAccount(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    UUID victim = confirmed(g, email);
    String attacker = sub();

    LinkRequired required =
        linkRequired(social(g).signIn(google(attacker, email, false), ClientInfo.web()));

    assertThat(required.reason()).isEqualTo("provider_email_unverified");
    assertThat(required.toString()).doesNotContain(required.linkToken());
    assertThat(social(g).accounts(victim)).isEmpty();
    // Still no link on a second try, and no session was started.
    linkRequired(social(g).signIn(google(attacker, email, false), ClientInfo.web()));
    assertThat(g.gatehouse.sessions().listSessions(victim, null)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anUnverifiedLocalEmailIsNeverLinkedAutomatically(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    register(g, email); // not confirmed

    LinkRequired required =
        linkRequired(social(g).signIn(google(sub(), email, true), ClientInfo.web()));

    assertThat(required.reason()).isEqualTo("local_email_unverified");
    assertThat(social(g).accounts(user(g, email).orElseThrow().publicId())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void linkRequiredThenPasswordLoginThenTheLinkTokenLinks(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    UUID owner = confirmed(g, email);
    String sub = sub();
    LinkRequired required =
        linkRequired(social(g).signIn(google(sub, email, false), ClientInfo.web()));
    String otherEmail = email();
    confirmed(g, otherEmail);
    VerifiedAccessToken other = AccountTests.signedIn(g, otherEmail, CLIENT);
    VerifiedAccessToken ownerNow = AccountTests.signedIn(g, email, CLIENT);

    // Proving another account does not let that account take the identity.
    assertThat(codeOf(() -> social(g).linkPending(other, RECENT, required.linkToken(), null)))
        .isEqualTo("invalid_link_token");
    assertThat(
            codeOf(
                () ->
                    social(g)
                        .linkPending(
                            ownerNow, RECENT, required.linkToken().substring(1) + "A", null)))
        .isEqualTo("invalid_link_token");

    TokenPair proof =
        g.gatehouse
            .accounts()
            .login(new LoginRequest(email, PASSWORD, ClientInfo.web()))
            .orElseThrow()
            .tokens();
    VerifiedAccessToken caller = g.gatehouse.sessions().verifyAccessToken(proof.accessToken());
    social(g).linkPending(caller, RECENT, required.linkToken(), ClientInfo.web());

    SignedIn in = signedIn(social(g).signIn(google(sub, email, false), null));
    assertThat(in.userId()).isEqualTo(owner);
    assertThat(g.events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        SocialService.SocialLinked.class,
                        l -> assertThat(l.userId()).isEqualTo(owner)));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLinkTokenExpires(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    confirmed(g, email);
    LinkRequired required = linkRequired(social(g).signIn(google(sub(), email, false), null));

    g.clock.advance(g.gatehouse.config().get(SocialSettings.SOCIAL_STATE_TTL));
    VerifiedAccessToken owner = AccountTests.signedIn(g, email, CLIENT);

    assertThat(codeOf(() -> social(g).linkPending(owner, RECENT, required.linkToken(), null)))
        .isEqualTo("invalid_link_token");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theSameProviderUserIdAtTwoProvidersIsTwoIdentities(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String sub = sub();
    SignedIn atGoogle = signedIn(social(g).signIn(google(sub, null, false), null));
    SignedIn atApple =
        signedIn(
            social(g).signIn(new VerifiedIdentity("apple", sub, null, false, null, null), null));

    assertThat(atApple.userId()).isNotEqualTo(atGoogle.userId());
    assertThat(atApple.created()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anUnverifiedProviderEmailIsNotPutOnANewAccount(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    SignedIn in = signedIn(social(g).signIn(google(sub(), email, false), null));

    assertThat(in.created()).isTrue();
    assertThat(user(g, email)).isEmpty();
    // The address stays free for its owner.
    UUID owner = confirmed(g, email);
    assertThat(owner).isNotEqualTo(in.userId());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void linkingWhileSignedInRefusesAnotherUsersIdentityAndASecondOneAtTheSameProvider(
      StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String aliceEmail = email();
    String bobEmail = email();
    confirmed(g, aliceEmail);
    confirmed(g, bobEmail);
    VerifiedAccessToken alice = AccountTests.signedIn(g, aliceEmail, CLIENT);
    VerifiedAccessToken bob = AccountTests.signedIn(g, bobEmail, CLIENT);
    String aliceSub = sub();
    social(g).link(alice, RECENT, google(aliceSub, null, false), null);

    assertThat(codeOf(() -> social(g).link(bob, RECENT, google(aliceSub, null, false), null)))
        .isEqualTo("social_account_taken");
    assertThat(codeOf(() -> social(g).link(alice, RECENT, google(sub(), null, false), null)))
        .isEqualTo("provider_already_linked");
    // Linking the same identity again is harmless.
    social(g).link(alice, RECENT, google(aliceSub, null, false), null);
    assertThat(social(g).accounts(alice.userPublicId())).hasSize(1);
    assertThat(social(g).accounts(bob.userPublicId())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theLastWayToSignInCannotBeUnlinked(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    SignedIn in = signedIn(social(g).signIn(google(sub(), null, false), null));
    UUID user = in.userId();
    VerifiedAccessToken own = g.gatehouse.sessions().verifyAccessToken(in.tokens().accessToken());

    assertThat(codeOf(() -> social(g).unlink(own, "google", null)))
        .isEqualTo("last_sign_in_method");
    assertThat(codeOf(() -> social(g).unlink(own, "apple", null)))
        .isEqualTo("social_account_not_found");

    social(g)
        .link(own, RECENT, new VerifiedIdentity("apple", sub(), null, false, null, null), null);
    social(g).unlink(own, "google", null);

    assertThat(social(g).accounts(user)).extracting(a -> a.provider()).containsExactly("apple");
    assertThat(g.events)
        .anySatisfy(e -> assertThat(e).isInstanceOf(SocialService.SocialUnlinked.class));
    assertThat(codeOf(() -> social(g).unlink(own, "apple", null))).isEqualTo("last_sign_in_method");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anImpersonationUnlinksNoIdentity(StoreKind kind) {
    GatehouseFixture g =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b -> b,
            b -> b.install(new SocialSignIn()).install(new Administration()));
    String staffAddress = email();
    UUID staff = confirmed(g, staffAddress);
    updateUser(g, staff, u -> u.superuser(true));
    VerifiedAccessToken superuser = AccountTests.signedIn(g, staffAddress, CLIENT);
    String address = email();
    UUID user = confirmed(g, address);
    VerifiedAccessToken own = AccountTests.signedIn(g, address, CLIENT);
    social(g).link(own, RECENT, google(sub(), null, false), null);
    TokenPair acting =
        g.gatehouse.feature(AdminService.class).impersonate(superuser, user, "ticket 7", CLIENT);
    VerifiedAccessToken impersonation =
        g.gatehouse.sessions().verifyAccessToken(acting.accessToken());

    assertThat(codeOf(() -> social(g).unlink(impersonation, "google", CLIENT)))
        .isEqualTo("impersonation_refused");
    assertThat(social(g).accounts(user)).extracting(a -> a.provider()).containsExactly("google");
    assertThat(g.events).noneMatch(e -> e instanceof SocialService.SocialUnlinked);

    social(g).unlink(own, "google", CLIENT);
    assertThat(social(g).accounts(user)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aDisabledAccountCannotSignInWithItsIdentity(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String sub = sub();
    SignedIn in = signedIn(social(g).signIn(google(sub, null, false), null));
    updateUser(g, in.userId(), b -> b.active(false));

    assertThat(codeOf(() -> social(g).signIn(google(sub, null, false), null)))
        .isEqualTo("account_disabled");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void signUpCanBeTurnedOff(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind, b -> b.set(SocialSettings.SOCIAL_SIGNUP_ALLOWED, false));
    assertThat(codeOf(() -> social(g).signIn(google(sub(), email(), true), null)))
        .isEqualTo("social_signup_disabled");
  }

  @EveryStore("concurrent first sign-ins of one identity: one account")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void concurrentFirstSignInsOfOneIdentityMakeOneAccount(StoreKind kind) throws Exception {
    GatehouseFixture g = gatehouse(kind);
    String sub = sub();
    String email = email();
    Set<UUID> users = ConcurrentHashMap.newKeySet();

    int ok =
        race(
            4,
            () -> {
              users.add(signedIn(social(g).signIn(google(sub, email, true), null)).userId());
              return true;
            });

    assertThat(ok).isEqualTo(4);
    assertThat(users).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void providerTokensAreDroppedByDefaultAndSealedWhenKept(StoreKind kind) throws Exception {
    GatehouseFixture plain = gatehouse(kind);
    VerifiedIdentity withTokens =
        new VerifiedIdentity(
            "google", sub(), null, false, null, null, "ya29.access-secret", "1//refresh-secret");
    UUID dropped = signedIn(social(plain).signIn(withTokens, null)).userId();
    assertThat(social(plain).providerTokens(dropped, "google"))
        .hasValueSatisfying(t -> assertThat(t.accessToken()).isNull());

    GatehouseFixture keeping =
        gatehouse(
            kind,
            b ->
                b.set(SocialSettings.SOCIAL_STORE_PROVIDER_TOKENS, true)
                    .set(SocialSettings.SOCIAL_TOKEN_KEY, "social-token-key-0123456789abcdef-xyz"));
    VerifiedIdentity kept =
        new VerifiedIdentity(
            "google", sub(), null, false, null, null, "ya29.access-secret", "1//refresh-secret");
    UUID user = signedIn(social(keeping).signIn(kept, null)).userId();

    assertThat(social(keeping).providerTokens(user, "google"))
        .hasValueSatisfying(
            t -> {
              assertThat(t.accessToken()).isEqualTo("ya29.access-secret");
              assertThat(t.refreshToken()).isEqualTo("1//refresh-secret");
              assertThat(t.toString()).doesNotContain("secret");
            });
    // Kept sealed (the row as stored is read in SocialStoredSecretsTest).
    SocialAccountRecord stored =
        keeping
            .db
            .store
            .inTransaction(tx -> tx.socialAccounts().find("google", kept.subject()))
            .orElseThrow();
    assertThat(stored.accessTokenSealed()).isNotBlank().doesNotContain("access-secret");
    assertThat(stored.refreshTokenSealed()).isNotBlank().doesNotContain("refresh-secret");
  }

  @Test
  void aStoreWithoutSocialAccountsGetsATypedError() {
    GatehouseFixture g = gatehouse(TestStores.provider().kinds().get(0));
    AuthStore narrowed =
        ChangedStores.overriding(
            AuthStore.class,
            g.db.store,
            (method, args) -> method.getName().equals("keepsSocialAccounts") ? false : null);
    Gatehouse bare =
        Gatehouse.builder(g.gatehouse.config(), narrowed)
            .deliveryExecutor(Runnable::run)
            .install(new SocialSignIn())
            .build();
    try {
      assertThat(
              codeOf(
                  () -> bare.feature(SocialService.class).signIn(google(sub(), null, false), null)))
          .isEqualTo("social_not_configured");
      assertThat(
              codeOf(
                  () ->
                      bare.feature(SocialService.class)
                          .begin("google", java.net.URI.create("https://a.test/cb"))))
          .isEqualTo("unknown_provider");
    } finally {
      bare.close();
    }
  }

  /** A provider's sign-in is a first factor like a password: the account's app is still asked. */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSocialSignInOfAnAccountWithAFactorAnswersMfaRequiredAndTheChallengeCompletesIt(
      StoreKind kind) {
    GatehouseFixture g =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b -> b,
            b -> b.install(new SocialSignIn()).install(new SecondFactorModule()));
    String email = email();
    UUID id = confirmed(g, email);
    VerifiedAccessToken caller = AccountTests.signedIn(g, email, CLIENT);
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);
    Totp totp = Totp.sha1();
    String secret =
        mfa.beginTotpEnrolment(caller, Reauthentication.recentSignIn(), CLIENT).secret();
    byte[] seed = Base32.decode(secret + "=".repeat((8 - secret.length() % 8) % 8));
    mfa.confirmTotpEnrolment(caller, totp.code(seed, totp.step(g.clock.instant())), CLIENT);
    g.clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
    VerifiedIdentity google =
        new VerifiedIdentity("google", "g-" + id, email, true, "Ann Example", null);
    SecondFactorChallenge challenge = Fixtures.secondStep(social(g).signIn(google, CLIENT));
    String code = totp.code(seed, totp.step(g.clock.instant()));
    TokenPair tokens =
        mfa.completeLogin(challenge.token(), SecondFactorProof.totp(code), CLIENT).tokens();
    VerifiedAccessToken v = g.gatehouse.sessions().verifyAccessToken(tokens.accessToken());
    assertThat(v.amr()).containsExactly("social", "google", "totp", "mfa");
    assertThat(v.userPublicId()).isEqualTo(id);
  }

  @Test
  void aSocialSettingTurnedOnWithoutTheModuleFailsTheBuildNamingIt() {
    StoreKind kind = TestStores.provider().kinds().get(0);
    for (UnaryOperator<GatehouseConfig.Builder> on :
        List.<UnaryOperator<GatehouseConfig.Builder>>of(
            b ->
                b.set(SocialSettings.SOCIAL_STORE_PROVIDER_TOKENS, true)
                    .set(SocialSettings.SOCIAL_TOKEN_KEY, "social-token-key-0123456789abcdef-xyz"),
            b -> b.set(SocialSettings.SOCIAL_HANDOFF_URL, URI.create("https://app.test/in")))) {
      assertThatThrownBy(() -> new GatehouseFixture(FIXTURES.get(kind), on))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("auth-social")
          .hasMessageContaining("new SocialSignIn(");
    }
  }

  @Test
  void providersOnAStoreWithoutSocialAccountsFailTheBuild() {
    GatehouseFixture g = gatehouse(TestStores.provider().kinds().get(0));
    AuthStore narrowed =
        ChangedStores.overriding(
            AuthStore.class,
            g.db.store,
            (method, args) -> method.getName().equals("keepsSocialAccounts") ? false : null);
    SocialProvider provider =
        new SocialProvider() {
          @Override
          public String id() {
            return "acme";
          }

          @Override
          public URI authorizationUri(AuthorizationRequest request) {
            return URI.create("https://login.acme.test/authorize");
          }

          @Override
          public VerifiedIdentity exchangeCode(CodeExchange exchange) {
            throw new SocialException(ErrorCode.PROVIDER_REFUSED, "not in this test");
          }
        };
    assertThatThrownBy(
            () ->
                Gatehouse.builder(g.gatehouse.config(), narrowed)
                    .install(new SocialSignIn(provider))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("AbstractSocialAccount");
  }
}
