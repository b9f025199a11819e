package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.organizations.Membership;
import dev.gatehouse.organizations.Organization;
import dev.gatehouse.organizations.OrganizationDomain;
import dev.gatehouse.organizations.OrganizationRole;
import dev.gatehouse.organizations.OrganizationService;
import dev.gatehouse.organizations.OrganizationSignIn;
import dev.gatehouse.organizations.Organizations;
import dev.gatehouse.saml.SamlSignIn;
import dev.gatehouse.saml.SamlSignIn.ProviderSettings;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.annotation.Bean;

/**
 * An organisation's SAML sign-in in headless Chromium through the pages, against a real identity
 * provider nobody here wrote (pysaml2, {@link PysamlIdp}): the email-first page sends the browser
 * to the provider with the request (HTTP-Redirect), the provider's login form answers with a signed
 * assertion posted by the browser to the assertion consumer service (HTTP-POST), and the browser
 * lands signed in in the pages' session, a member on its first sign-in. An unsolicited sign-in
 * started at the provider is accepted where the organisation turned it on and refused where it did
 * not; an address of a domain the organisation has not verified signs nobody in.
 */
@OneDatabase("what a real identity provider and the browser do; the SAML checks run per database")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class SamlSignInPagesTest extends BrowserPagesTestBase {
  @Parameter DatabaseKind kind;

  /** The provider signs with the real time: each test sets the host's clock to it. */
  static final MutableClock CLOCK = MutableClock.at(Instant.now());

  static final Map<String, String> DNS = new ConcurrentHashMap<>();

  private static PysamlIdp idp;
  private static ModulePagesBrowser b;

  static class SamlHost {
    @Bean
    MutableClock clock() {
      return CLOCK;
    }

    @Bean
    GatehouseBuilderCustomizer deliverOnTheRequestThread() {
      return builder -> builder.deliveryExecutor(Runnable::run);
    }

    @Bean
    Organizations organizations() {
      return Organizations.builder()
          .domainVerifier((domain, challenge) -> challenge.equals(DNS.get(domain)))
          // The measured OpenID Connect provider beside pysaml2 listens on loopback.
          .issuers(issuer -> "127.0.0.1".equals(issuer.getHost()))
          .build();
    }
  }

  @BeforeAll
  static void startProvider() {
    idp = PysamlIdp.start();
  }

  @AfterAll
  static void stopProvider() {
    if (idp != null) {
      idp.close();
    }
  }

  @BeforeEach
  void theProvidersTime() {
    CLOCK.set(Instant.now());
  }

  @BeforeParameterizedClassInvocation
  static void startSamlHost(DatabaseKind kind) {
    int port = PagesHost.freeLoopbackPort();
    String origin = "http://127.0.0.1:" + port;
    app =
        PagesHost.start(
            kind,
            Map.of(
                "server.port",
                String.valueOf(port),
                "gatehouse.frontend-url",
                origin,
                "gatehouse.saml.service-provider-url",
                origin + "/auth",
                "spring.liquibase.change-log",
                "classpath:db/changelog/pages-saml-host-changelog.xml",
                "gatehouse.social.development.loopback-providers",
                "true"),
            SamlHost.class,
            PagesHost.CapturedEmail.class);
    b = new ModulePagesBrowser(chromium.driver(), app);
  }

  // ---- the organisation -----------------------------------------------------------------------

  private record Org(Organization organization, UUID owner, String domain) {}

  private static OrganizationService orgs() {
    return b.gatehouse().feature(OrganizationService.class);
  }

  private static SamlSignIn saml() {
    return b.gatehouse().feature(SamlSignIn.class);
  }

  /** An organisation that verified its domain and signs it in through the pysaml2 provider. */
  private static Org organization(boolean idpInitiated) {
    Org org = verifiedDomain();
    saml()
        .configure(
            org.owner(),
            org.organization().id(),
            new ProviderSettings(idp.metadata(), Set.of(org.domain()), false, null, idpInitiated));
    // The organisation's IT registers the application with its provider.
    idp.trust(saml().serviceProviderMetadata(org.organization().id()));
    return org;
  }

  /**
   * An organisation's owner: an account registered through the library, its address marked verified
   * in the store as an operator would (the mailed link is another test's subject).
   */
  private static UUID owner(String email) {
    b.gatehouse()
        .accounts()
        .register(
            dev.gatehouse.core.account.RegistrationRequest.builder()
                .email(email)
                .password(ModulePagesBrowser.PASSWORD)
                .build());
    dev.gatehouse.core.store.AuthStore store = app.bean(dev.gatehouse.core.store.AuthStore.class);
    return store.inTransaction(
        tx -> {
          dev.gatehouse.core.store.UserRecord u =
              tx.users().findByEmail(email.toLowerCase(java.util.Locale.ROOT)).orElseThrow();
          tx.users().update(u.toBuilder().emailVerified(true).build());
          return u.publicId();
        });
  }

  /** An organisation with a verified sign-in domain and no provider yet. */
  private static Org verifiedDomain() {
    OrganizationSignIn sso = b.gatehouse().feature(OrganizationSignIn.class);
    UUID owner = owner(ModulePagesBrowser.newEmail("owner"));
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Organization o = orgs().create(owner, "Univ " + tag, "univ-" + tag);
    String domain = "univ-" + tag + ".example";
    OrganizationDomain claimed = sso.addDomain(owner, o.id(), domain);
    DNS.put(domain, claimed.challenge());
    assertThat(sso.verifyDomain(owner, o.id(), domain).verified()).isTrue();
    return new Org(o, owner, domain);
  }

  private static String entityId(Org org) {
    return app.bean(dev.gatehouse.core.Gatehouse.class)
            .config()
            .get(dev.gatehouse.saml.SamlSettings.SERVICE_PROVIDER_URL)
        + "/saml/"
        + org.organization().id()
        + "/metadata/";
  }

  // ---- the browser ----------------------------------------------------------------------------

  /** Waits, without a fixed sleep, until the browser is back on the host with a loaded page. */
  private static void backAtTheHost() {
    new WebDriverWait(b.browser, Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(20))
        .until(
            d ->
                d.getCurrentUrl().startsWith(b.base)
                    && "complete"
                        .equals(
                            ((org.openqa.selenium.JavascriptExecutor) d)
                                .executeScript("return document.readyState")));
  }

  /** The email-first page, on to the provider, and its login form. */
  private static void signInAtTheProvider(String email, String userAtTheProvider) {
    b.open("/login/");
    b.press("organization-sign-in");
    b.type("email", email);
    b.press("continue");
    assertThat(b.path()).isEqualTo(OrganizationSignInPages.CONTINUE);
    b.press("next");
    assertThat(b.browser.getCurrentUrl()).startsWith(idp.base + "/sso/redirect?SAMLRequest=");
    b.type("user", userAtTheProvider);
    b.byId("sign-in").click();
    backAtTheHost();
  }

  private static void assertSignedInAs(String email) {
    assertThat(b.path()).isEqualTo("/signed-in/");
    assertThat(b.text("who")).contains(email);
  }

  private static List<Membership> membershipsOf(String email) {
    return orgs().memberships(b.gatehouse().accounts().findByEmail(email).orElseThrow().id());
  }

  // ---- tests ----------------------------------------------------------------------------------

  @Test
  void anSpInitiatedSignInThroughPysaml2SignsTheMemberInAndMakesTheMembershipOnce() {
    Org univ = organization(false);
    String ada = "ada@" + univ.domain();

    signInAtTheProvider(ada, ada);

    assertSignedInAs(ada);
    chromium.keep("saml-sign-in-signed-in");
    assertThat(membershipsOf(ada))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.organization()).isEqualTo(univ.organization().id());
              assertThat(m.role()).isEqualTo(OrganizationRole.MEMBER);
            });
    assertThat(idp.log()).contains("answered " + entityId(univ) + " for " + ada);

    // The next sign-in finds the account and its membership.
    b.browser.manage().deleteAllCookies();
    signInAtTheProvider(ada, ada);
    assertSignedInAs(ada);
    assertThat(membershipsOf(ada)).hasSize(1);
  }

  @Test
  void anUnsolicitedSignInIsAcceptedWhereTheOrganisationTurnedItOn() {
    Org univ = organization(true);
    String bea = "bea@" + univ.domain();

    b.open(idp.base + "/control/unsolicited?sp=" + encode(entityId(univ)) + "&user=" + encode(bea));
    backAtTheHost();

    assertSignedInAs(bea);
  }

  @Test
  void anUnsolicitedSignInIsRefusedWhereTheOrganisationDidNotTurnItOn() {
    Org univ = organization(false);
    String cyd = "cyd@" + univ.domain();

    b.open(idp.base + "/control/unsolicited?sp=" + encode(entityId(univ)) + "&user=" + encode(cyd));
    backAtTheHost();

    assertThat(b.path()).isEqualTo("/login/");
    assertThat(b.text("form-error")).isNotBlank();
    assertThat(b.gatehouse().accounts().findByEmail(cyd)).isEmpty();
  }

  @Test
  void theProviderAnsweringWithAnAddressOfAnotherDomainSignsNobodyIn() {
    Org univ = organization(false);
    String dan = "dan@" + univ.domain();
    String elsewhere = "dan@elsewhere-" + UUID.randomUUID().toString().substring(0, 8) + ".example";

    signInAtTheProvider(dan, elsewhere);

    assertThat(b.path()).isEqualTo("/login/");
    assertThat(b.text("form-error")).isNotBlank();
    assertThat(b.gatehouse().accounts().findByEmail(elsewhere)).isEmpty();
    assertThat(b.gatehouse().accounts().findByEmail(dan)).isEmpty();
  }

  @Test
  void theProvidersSignedLogoutEndsTheBrowsersSessionAndAnUnsignedOneDoesNot() {
    Org univ = organization(false);
    String eva = "eva@" + univ.domain();
    signInAtTheProvider(eva, eva);
    assertSignedInAs(eva);
    String logout =
        idp.base + "/control/logout?sp=" + encode(entityId(univ)) + "&user=" + encode(eva);

    // A logout request without the provider's signature, as anyone can make one: nothing ends.
    b.open(logout + "&sign=0");
    backAtTheHost();
    assertThat(b.browser.getPageSource()).contains("saml_response_invalid");
    b.open("/signed-in/");
    assertSignedInAs(eva);

    // The provider's own, signed: the session ends, and the browser goes back to the provider.
    b.open(logout);
    new WebDriverWait(b.browser, Duration.ofSeconds(30))
        .until(d -> !d.findElements(org.openqa.selenium.By.id("done")).isEmpty());
    assertThat(idp.log()).contains("logout response urn:oasis:names:tc:SAML:2.0:status:Success");
    b.open("/signed-in/");
    assertThat(b.path()).isEqualTo("/login/");
  }

  /**
   * A sign-in through SAML beside one through the organisation's OpenID Connect provider
   * (docs/BENCHMARKS.md): the application's step when the browser comes back, timed alone, in
   * alternation, in one run. SAML: {@code SamlSignIn#complete} with pysaml2's signed response (its
   * signature checked, the request spent, the assertion remembered, the sign-in); OpenID Connect:
   * {@code OrganizationSignIn#complete} with the in-test provider's code (the code exchanged over
   * loopback HTTP, the id token's signature checked, the sign-in). The provider's own work (pysaml2
   * signing through xmlsec1, the code's issue) is outside the timed part. Run with {@code
   * -Dgatehouse.measure=true}; each sign-in is checked, so it fails when either stops signing in.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
      named = "gatehouse.measure",
      matches = "true")
  void aSamlSignInBesideAnOpenIdConnectOneMeasured() throws Exception {
    int rounds = Integer.getInteger("gatehouse.measure.rounds", 200);
    Org univ = organization(false);
    Org acme = verifiedDomain();
    SocialSignInPagesTest.OidcStandIn oidc =
        new SocialSignInPagesTest.OidcStandIn("acme-app", "acme-" + UUID.randomUUID(), CLOCK);
    try {
      OrganizationSignIn sso = b.gatehouse().feature(OrganizationSignIn.class);
      sso.configure(
          acme.owner(),
          acme.organization().id(),
          new OrganizationSignIn.SsoSettings(
              java.net.URI.create(oidc.issuer),
              oidc.clientId,
              oidc.clientSecret,
              Set.of(acme.domain()),
              false));
      String samlMember = "sam@" + univ.domain();
      String oidcMember = "olly@" + acme.domain();
      oidc.email = oidcMember;
      oidc.emailVerified = true;
      oidc.subject = "olly-" + UUID.randomUUID();
      java.net.URI callback = java.net.URI.create(b.base + OrganizationSignInPages.CALLBACK);
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      dev.gatehouse.core.session.ClientInfo client =
          dev.gatehouse.core.session.ClientInfo.web("127.0.0.1");
      int warm = Math.max(20, rounds / 10);
      long[][] samples = new long[2][rounds];
      for (int i = -warm; i < rounds; i++) {
        CLOCK.set(Instant.now());
        SamlSignIn.SamlRedirect r = saml().start(samlMember, client);
        String response = idp.respond(r.redirectUri(), samlMember);
        long t0 = System.nanoTime();
        dev.gatehouse.core.session.SignInResult s =
            saml().complete(univ.organization().id(), response, r.requestId(), client);
        long t1 = System.nanoTime();
        OrganizationSignIn.Redirect o = sso.start(oidcMember, callback, client);
        Map<String, String> back =
            parameters(
                http.send(
                        java.net.http.HttpRequest.newBuilder(o.authorizationUri()).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding())
                    .headers()
                    .firstValue("Location")
                    .orElseThrow());
        long t2 = System.nanoTime();
        dev.gatehouse.core.session.SignInResult c =
            sso.complete(back.get("state"), back.get("code"), client);
        long t3 = System.nanoTime();
        assertThat(s).isInstanceOf(dev.gatehouse.core.session.SignInResult.SignedIn.class);
        assertThat(c).isInstanceOf(dev.gatehouse.core.session.SignInResult.SignedIn.class);
        if (i >= 0) {
          samples[0][i] = t1 - t0;
          samples[1][i] = t3 - t2;
        }
      }
      String[] names = {
        "SAML (SamlSignIn#complete)", "OpenID Connect (OrganizationSignIn#complete)"
      };
      double[] p50 = new double[2];
      for (int k = 0; k < 2; k++) {
        long[] sorted = samples[k].clone();
        java.util.Arrays.sort(sorted);
        p50[k] = sorted[rounds / 2] / 1000.0;
        System.out.printf(
            java.util.Locale.ROOT,
            "MEASURE %-46s p50 %8.1f µs  p99 %8.1f µs  (%d sign-ins)%n",
            names[k],
            p50[k],
            sorted[Math.min(rounds - 1, rounds * 99 / 100)] / 1000.0,
            rounds);
      }
      System.out.printf(
          java.util.Locale.ROOT, "MEASURE SAML / OpenID Connect, p50: %.2f%n", p50[0] / p50[1]);
    } finally {
      oidc.server.stop(0);
    }
  }

  private static Map<String, String> parameters(String location) {
    Map<String, String> m = new java.util.HashMap<>();
    for (String pair : java.net.URI.create(location).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      m.put(
          java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
