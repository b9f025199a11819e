package dev.gatehouse.organizations;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.organizations.OrganizationStores.orgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.otp.OtpWorld;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SignedIn;
import dev.gatehouse.organizations.OrganizationSignIn.Redirect;
import dev.gatehouse.organizations.OrganizationSignIn.SsoSettings;
import dev.gatehouse.social.SocialSettings;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * An organisation's own sign-in over OpenID Connect (issue 60 item 5), against an in-test provider,
 * tested as an attacker would: one organisation's provider never signs in an address of another
 * organisation's domain or of an unverified one; the id token's issuer, audience, nonce and expiry
 * are checked; a state works once; an organisation that requires its sign-in has the password and
 * the one-time code refused for its domain. On the in-memory store, H2, PostgreSQL and MariaDB.
 */
class OrganizationSignInTest {
  private static final OrganizationStores STORES = new OrganizationStores();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");
  private static final AtomicInteger NETWORKS = new AtomicInteger();
  private static final URI CALLBACK = URI.create("https://app.example.test/sso/callback");

  /** The DNS of the test: the TXT value published at each domain. */
  private static final Map<String, String> PUBLISHED = new ConcurrentHashMap<>();

  @AfterAll
  static void close() {
    STORES.close();
  }

  private static GatehouseFixture gatehouse(String kind) {
    return STORES.gatehouse(
        kind, OrganizationSignInTest::testDomainsAndIssuers, OrganizationSignInTest::loopback);
  }

  /**
   * The configuration of a test whose providers are in-test servers on loopback over plain http,
   * which only the development setting lets a provider reach.
   */
  static GatehouseConfig.Builder loopback(GatehouseConfig.Builder c) {
    return c.set(SocialSettings.SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS, true);
  }

  /** A client of a network of its own: the sign-ins of one test do not add up to the limit. */
  static ClientInfo client() {
    return ClientInfo.web("198.51.100." + (NETWORKS.getAndIncrement() % 250 + 1));
  }

  /** The module with this test's DNS and any issuer, the in-test provider's included. */
  static Organizations.Builder testDomainsAndIssuers(Organizations.Builder m) {
    return m.domainVerifier((domain, challenge) -> challenge.equals(PUBLISHED.get(domain)))
        .issuers(issuer -> true);
  }

  private static OrganizationSignIn sso(GatehouseFixture g) {
    return g.gatehouse.feature(OrganizationSignIn.class);
  }

  private static String domain() {
    return "d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
  }

  /** An organisation of a new owner, with a verified domain. */
  record Org(UUID owner, Organization org, String domain) {}

  static Org organisation(GatehouseFixture g) {
    UUID owner =
        confirmed(g, "owner" + UUID.randomUUID().toString().substring(0, 8) + "@example.test");
    Organization org =
        orgs(g).create(owner, "Acme", "o-" + UUID.randomUUID().toString().substring(0, 8));
    String domain = domain();
    OrganizationSignIn sso = g.gatehouse.feature(OrganizationSignIn.class);
    // snippet:start domain
    OrganizationDomain claimed = sso.addDomain(owner, org.id(), domain);
    // publish claimed.challenge() as a TXT record at claimed.recordName(), then:
    // snippet:hide
    PUBLISHED.put(domain, claimed.challenge());
    // snippet:show
    sso.verifyDomain(owner, org.id(), domain);
    // snippet:end domain
    return new Org(owner, org, domain);
  }

  static void connect(GatehouseFixture g, Org o, LocalIdp idp, boolean required) {
    OrganizationSignIn sso = g.gatehouse.feature(OrganizationSignIn.class);
    UUID owner = o.owner();
    Organization org = o.org();
    String domain = o.domain();
    URI issuer = idp.issuerUri();
    String clientId = idp.clientId;
    String clientSecret = idp.clientSecret;
    // snippet:start configure
    sso.configure(
        owner, org.id(), new SsoSettings(issuer, clientId, clientSecret, Set.of(domain), required));
    // snippet:end configure
  }

  static SignInResult signIn(GatehouseFixture g, String email) throws Exception {
    OrganizationSignIn sso = g.gatehouse.feature(OrganizationSignIn.class);
    URI callbackUri = CALLBACK;
    ClientInfo client = client();
    // snippet:start sign-in
    Redirect r = sso.start(email, callbackUri, client); // send the browser to r.authorizationUri()
    // snippet:hide
    Map<String, String> callback = LocalIdp.browse(r.authorizationUri());
    assertThat(callback.get("state")).isEqualTo(r.state());
    String state = callback.get("state");
    String code = callback.get("code");
    // snippet:show
    SignInResult in = sso.complete(state, code, client); // at the callback
    // snippet:end sign-in
    return in;
  }

  static ErrorCode refusal(ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).isInstanceOf(AuthException.class);
    return ((AuthException) t).error();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aFirstSignInCreatesTheAccountAndTheMembershipAndASecondCreatesNeither(String kind)
      throws Exception {
    GatehouseFixture g = gatehouse(kind);
    Org o = organisation(g);
    try (LocalIdp idp = new LocalIdp("acme-app", "s3cret-" + UUID.randomUUID(), g.clock)) {
      connect(g, o, idp, false);
      String bob = "bob@" + o.domain();
      idp.email = bob;
      SignedIn first = (SignedIn) signIn(g, bob);
      assertThat(first.created()).isTrue();
      UUID id = first.userId();
      assertThat(orgs(g).memberships(id))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.organization()).isEqualTo(o.org().id());
                assertThat(m.role()).isEqualTo(OrganizationRole.MEMBER);
              });
      SignedIn second = (SignedIn) signIn(g, bob);
      assertThat(second.created()).isFalse();
      assertThat(second.userId()).isEqualTo(id);
      assertThat(orgs(g).memberships(id)).hasSize(1);
      assertThat(orgs(g).members(o.owner(), o.org().id())).hasSize(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anExistingAccountOfTheDomainSignsInAndJoins(String kind) throws Exception {
    GatehouseFixture g = gatehouse(kind);
    Org o = organisation(g);
    String carol = "carol" + UUID.randomUUID().toString().substring(0, 6) + "@" + o.domain();
    UUID id = confirmed(g, carol);
    try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock)) {
      connect(g, o, idp, false);
      idp.email = carol.toUpperCase();
      SignedIn in = (SignedIn) signIn(g, carol);
      assertThat(in.userId()).isEqualTo(id);
      assertThat(in.created()).isFalse();
      assertThat(orgs(g).can(id, o.org().id(), OrganizationRole.SWITCH)).isTrue();
      // Not required: the password still signs in.
      assertThat(g.gatehouse.accounts().login(new LoginRequest(carol, PASSWORD, CLIENT)))
          .isInstanceOf(SignedIn.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void requiringTheSignInEndsTheMembersSessionsThatDidNotBeginThroughIt(String kind)
      throws Exception {
    GatehouseFixture g = gatehouse(kind);
    Org o = organisation(g);
    String carol = "carol" + UUID.randomUUID().toString().substring(0, 6) + "@" + o.domain();
    UUID id = confirmed(g, carol);
    String outsider = "erin" + UUID.randomUUID().toString().substring(0, 6) + "@example.test";
    confirmed(g, outsider);
    try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock)) {
      connect(g, o, idp, false);
      idp.email = carol;
      // Carol joins through the provider, and also signs in with her password (not required yet).
      SignedIn throughTheProvider = (SignedIn) signIn(g, carol);
      SignedIn withPassword =
          (SignedIn) g.gatehouse.accounts().login(new LoginRequest(carol, PASSWORD, CLIENT));
      // The owner (another domain) and an account of another domain sign in with passwords.
      SignedIn outsiders =
          (SignedIn) g.gatehouse.accounts().login(new LoginRequest(outsider, PASSWORD, CLIENT));
      var passwordPair =
          g.gatehouse.sessions().refresh(withPassword.tokens().refreshToken(), CLIENT);

      connect(g, o, idp, true);

      assertThat(refusal(() -> g.gatehouse.sessions().refresh(passwordPair.refreshToken(), CLIENT)))
          .isEqualTo(ErrorCode.INVALID_REFRESH_TOKEN);
      assertThat(g.gatehouse.audit().forUser(id, 100))
          .anyMatch(e -> "organization_sign_in_required".equals(e.reason()));
      assertThat(
              g.gatehouse
                  .sessions()
                  .refresh(throughTheProvider.tokens().refreshToken(), CLIENT)
                  .refreshToken())
          .isNotBlank();
      assertThat(
              g.gatehouse
                  .sessions()
                  .refresh(outsiders.tokens().refreshToken(), CLIENT)
                  .refreshToken())
          .isNotBlank();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aRequiredSignInRefusesThePasswordAndTheCodeForItsDomainOnly(String kind) throws Exception {
    GatehouseFixture g = gatehouse(kind);
    Org o = organisation(g);
    String dave = "dave" + UUID.randomUUID().toString().substring(0, 6) + "@" + o.domain();
    UUID id = confirmed(g, dave);
    String outsider = "erin" + UUID.randomUUID().toString().substring(0, 6) + "@example.test";
    confirmed(g, outsider);
    try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock)) {
      connect(g, o, idp, true);
      int before = g.events.size();
      assertThat(
              refusal(() -> g.gatehouse.accounts().login(new LoginRequest(dave, PASSWORD, CLIENT))))
          .isEqualTo(OrganizationErrors.ORGANIZATION_SIGN_IN_REQUIRED);
      assertThat(g.events.subList(before, g.events.size()))
          .noneMatch(e -> e instanceof dev.gatehouse.core.event.AuthEvent.LoggedIn);
      assertThat(g.gatehouse.audit().forUser(id, 100))
          .anyMatch(
              e -> "organization_sign_in_required".equals(e.reason()) && "pwd".equals(e.method()));
      g.gatehouse.otp().request(OtpRequest.of(dave, OtpChannel.EMAIL, OtpPurpose.LOGIN));
      String code = OtpWorld.emailCode(g, dave);
      assertThat(
              refusal(() -> g.gatehouse.otp().loginWithCode(dave, OtpChannel.EMAIL, code, CLIENT)))
          .isEqualTo(OrganizationErrors.ORGANIZATION_SIGN_IN_REQUIRED);
      assertThat(g.gatehouse.audit().forUser(id, 100))
          .anyMatch(
              e -> "organization_sign_in_required".equals(e.reason()) && "otp".equals(e.method()));
      // Another domain's account is not concerned.
      assertThat(g.gatehouse.accounts().login(new LoginRequest(outsider, PASSWORD, CLIENT)))
          .isInstanceOf(SignedIn.class);
      // The organisation's own sign-in works.
      idp.email = dave;
      assertThat(((SignedIn) signIn(g, dave)).userId()).isEqualTo(id);
      // Once the requirement is lifted, the password signs in again at once on this node.
      connect(g, o, idp, false);
      assertThat(g.gatehouse.accounts().login(new LoginRequest(dave, PASSWORD, CLIENT)))
          .isInstanceOf(SignedIn.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void oneOrganisationsProviderCannotSignInAnotherOrganisationsOrAnUnverifiedDomain(String kind)
      throws Exception {
    GatehouseFixture g = gatehouse(kind);
    Org a = organisation(g);
    Org b = organisation(g);
    String victim = "victim" + UUID.randomUUID().toString().substring(0, 6) + "@" + b.domain();
    UUID victimId = confirmed(g, victim);
    try (LocalIdp evil = new LocalIdp("a-app", "secret", g.clock)) {
      connect(g, a, evil, false);
      // A's provider answers with B's address, asked for A's.
      evil.email = victim;
      assertThat(refusal(() -> signIn(g, "anyone@" + a.domain())))
          .isEqualTo(ErrorCode.INVALID_ID_TOKEN);
      // Kept in the trail under the account the provider tried to take.
      assertThat(g.gatehouse.audit().forUser(victimId, 100))
          .anyMatch(e -> "invalid_id_token".equals(e.reason()));
      // ... or with an address of a domain nobody verified.
      String unverified = domain();
      sso(g).addDomain(a.owner(), a.org().id(), unverified);
      evil.email = "x@" + unverified;
      assertThat(refusal(() -> signIn(g, "anyone@" + a.domain())))
          .isEqualTo(ErrorCode.INVALID_ID_TOKEN);
      assertThat(orgs(g).memberships(victimId)).isEmpty();
      // A cannot list B's domain, an unverified one, or claim B's verified domain.
      assertThat(
              refusal(
                  () ->
                      sso(g)
                          .configure(
                              a.owner(),
                              a.org().id(),
                              new SsoSettings(
                                  evil.issuerUri(), "a-app", "secret", Set.of(b.domain()), true))))
          .isEqualTo(OrganizationErrors.DOMAIN_NOT_VERIFIED);
      assertThat(
              refusal(
                  () ->
                      sso(g)
                          .configure(
                              a.owner(),
                              a.org().id(),
                              new SsoSettings(
                                  evil.issuerUri(), "a-app", "secret", Set.of(unverified), true))))
          .isEqualTo(OrganizationErrors.DOMAIN_NOT_VERIFIED);
      OrganizationDomain squat = sso(g).addDomain(a.owner(), a.org().id(), b.domain());
      assertThat(squat.verified()).isFalse();
      // A's challenge is not published at B's domain: not verified.
      assertThat(refusal(() -> sso(g).verifyDomain(a.owner(), a.org().id(), b.domain())))
          .isEqualTo(OrganizationErrors.DOMAIN_NOT_VERIFIED);
      // Even when it is (B's DNS let it in), the domain is B's: verified for one organisation.
      String bChallenge = PUBLISHED.put(b.domain(), squat.challenge());
      assertThat(refusal(() -> sso(g).verifyDomain(a.owner(), a.org().id(), b.domain())))
          .isEqualTo(ErrorCode.DUPLICATE);
      PUBLISHED.put(b.domain(), bChallenge);
      // B registered no provider: its domain has no organisation sign-in at all.
      assertThat(refusal(() -> sso(g).start("someone@" + b.domain(), CALLBACK, CLIENT)))
          .isEqualTo(ErrorCode.UNKNOWN_PROVIDER);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anIdTokenWithAnotherIssuerAudienceNonceOrExpiredIsRefusedAndCreatesNothing(String kind)
      throws Exception {
    GatehouseFixture g = gatehouse(kind);
    Org o = organisation(g);
    try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock)) {
      connect(g, o, idp, false);
      idp.email = "frank@" + o.domain();
      Instant now = g.clock.instant();
      List<java.util.function.Consumer<com.nimbusds.jwt.JWTClaimsSet.Builder>> lies =
          List.of(
              c -> c.issuer("https://evil.example"),
              c -> c.audience("another-app"),
              c -> c.claim("nonce", "replayed-nonce"),
              c -> c.expirationTime(Date.from(now.minusSeconds(3600))));
      for (var lie : lies) {
        idp.tweak = lie;
        assertThat(refusal(() -> signIn(g, "frank@" + o.domain())))
            .isEqualTo(ErrorCode.INVALID_ID_TOKEN);
      }
      assertThat(orgs(g).members(o.owner(), o.org().id())).hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aStateWorksOnceAndAForgedOrExpiredOneNever(String kind) throws Exception {
    GatehouseFixture g = gatehouse(kind);
    Org o = organisation(g);
    try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock)) {
      connect(g, o, idp, false);
      String grace = "grace@" + o.domain();
      idp.email = grace;
      Redirect r = sso(g).start(grace, CALLBACK, CLIENT);
      Map<String, String> callback = LocalIdp.browse(r.authorizationUri());
      assertThat(sso(g).complete(callback.get("state"), callback.get("code"), CLIENT))
          .isInstanceOf(SignedIn.class);
      Map<String, String> again = LocalIdp.browse(r.authorizationUri());
      assertThat(refusal(() -> sso(g).complete(r.state(), again.get("code"), CLIENT)))
          .isEqualTo(ErrorCode.INVALID_STATE);
      assertThat(refusal(() -> sso(g).complete(r.state() + "x", again.get("code"), CLIENT)))
          .isEqualTo(ErrorCode.INVALID_STATE);
      Redirect late = sso(g).start(grace, CALLBACK, CLIENT);
      Map<String, String> lateCallback = LocalIdp.browse(late.authorizationUri());
      g.clock.advance(java.time.Duration.ofHours(2));
      assertThat(refusal(() -> sso(g).complete(late.state(), lateCallback.get("code"), CLIENT)))
          .isEqualTo(ErrorCode.INVALID_STATE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void onlyTheOwnerManagesTheSignInAndTheSecretIsKeptSealed(String kind) throws Exception {
    GatehouseFixture g = gatehouse(kind);
    Org o = organisation(g);
    UUID stranger =
        confirmed(g, "stranger" + UUID.randomUUID().toString().substring(0, 6) + "@example.test");
    try (LocalIdp idp = new LocalIdp("acme-app", "the-client-secret", g.clock)) {
      SsoSettings settings =
          new SsoSettings(
              idp.issuerUri(), "acme-app", "the-client-secret", Set.of(o.domain()), true);
      assertThat(refusal(() -> sso(g).configure(stranger, o.org().id(), settings)))
          .isEqualTo(OrganizationErrors.ORGANIZATION_NOT_FOUND);
      assertThat(refusal(() -> sso(g).addDomain(stranger, o.org().id(), domain())))
          .isEqualTo(OrganizationErrors.ORGANIZATION_NOT_FOUND);
      assertThat(settings.toString()).doesNotContain("the-client-secret");
      // Claiming a domain again, in any case, answers the claim as it stands.
      assertThat(sso(g).addDomain(o.owner(), o.org().id(), o.domain().toUpperCase()).verified())
          .isTrue();
      SsoConnection c = sso(g).configure(o.owner(), o.org().id(), settings);
      assertThat(c.sealedSecret()).doesNotContain("the-client-secret");
      assertThat(c.toString()).doesNotContain("the-client-secret").doesNotContain(c.sealedSecret());
      assertThat(sso(g).connection(o.owner(), o.org().id())).contains(c);
      assertThat(
              refusal(
                  () ->
                      sso(g)
                          .configure(
                              o.owner(),
                              o.org().id(),
                              new SsoSettings(
                                  URI.create("https://idp.example/?x=1"),
                                  "acme-app",
                                  "s",
                                  Set.of(o.domain()),
                                  false))))
          .isEqualTo(ErrorCode.INVALID_SETTINGS);
      sso(g).removeConnection(o.owner(), o.org().id());
      assertThat(refusal(() -> sso(g).start("x@" + o.domain(), CALLBACK, CLIENT)))
          .isEqualTo(ErrorCode.UNKNOWN_PROVIDER);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aPolicyWithoutTheOrganisationsSignInRefusesItAndKeepsTheRefusal(String kind)
      throws Exception {
    GatehouseFixture g = gatehouse(kind);
    Org o = organisation(g);
    String henry = "henry" + UUID.randomUUID().toString().substring(0, 6) + "@" + o.domain();
    UUID id = confirmed(g, henry);
    try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock)) {
      connect(g, o, idp, false);
      orgs(g)
          .setPolicy(o.owner(), o.org().id(), new OrganizationPolicy(false, Set.of("pwd"), null));
      idp.email = henry;
      assertThat(refusal(() -> signIn(g, henry))).isEqualTo(OrganizationErrors.ORGANIZATION_POLICY);
      assertThat(orgs(g).memberships(id)).isEmpty();
      assertThat(g.gatehouse.audit().forUser(id, 100))
          .anyMatch(
              e ->
                  "organization_policy".equals(e.reason())
                      && OrganizationSignIn.METHOD.equals(e.method()));
    }
  }
}
