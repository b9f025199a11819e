package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.organizations.Membership;
import dev.gatehouse.organizations.Organization;
import dev.gatehouse.organizations.OrganizationDomain;
import dev.gatehouse.organizations.OrganizationRole;
import dev.gatehouse.organizations.OrganizationService;
import dev.gatehouse.organizations.OrganizationSignIn;
import dev.gatehouse.organizations.OrganizationSignIn.SsoSettings;
import dev.gatehouse.organizations.Organizations;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.spring.pages.SocialSignInPagesTest.OidcStandIn;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.net.URI;
import java.time.Instant;
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
import org.openqa.selenium.By;
import org.springframework.context.annotation.Bean;

/**
 * The email-first sign-in of an organisation's own identity provider in headless Chromium, against
 * in-test OpenID providers on local ports (one per organisation): the address of the organisation's
 * domain goes through its provider and comes back signed in and a member; an address of another
 * domain continues to the password login; an address whose organisation requires its sign-in is
 * never asked for a password. And as an attacker: a replayed, planted or altered callback, an id
 * token carrying another sign-in's nonce, another organisation's provider answering for this
 * organisation's domain, and the provider answering with an address of a domain that is not its
 * organisation's — each signs nobody in and makes no account or membership.
 */
@OneDatabase(
    "what the pages show and do in a browser; the organisations' sign-in is tested per database")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class OrganizationSignInPagesTest extends BrowserPagesTestBase {
  @Parameter DatabaseKind kind;

  static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-05-01T08:00:00Z"));

  /** The DNS of the test: the challenge each domain publishes. */
  static final Map<String, String> DNS = new ConcurrentHashMap<>();

  private static ModulePagesBrowser b;
  private static OidcStandIn acmeIdp;
  private static OidcStandIn evilIdp;

  /**
   * The test's clock, and the organisations module built as a host builds its own: domains proved
   * by the test's DNS, identity providers on loopback (which a production host refuses).
   */
  static class OrganizationProviders {
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
          .issuers(issuer -> "127.0.0.1".equals(issuer.getHost()))
          .build();
    }
  }

  @BeforeAll
  static void startProviders() throws Exception {
    acmeIdp = new OidcStandIn("acme-app", "acme-secret-" + UUID.randomUUID(), CLOCK);
    evilIdp = new OidcStandIn("evil-app", "evil-secret-" + UUID.randomUUID(), CLOCK);
  }

  @AfterAll
  static void stopProviders() {
    for (OidcStandIn idp : new OidcStandIn[] {acmeIdp, evilIdp}) {
      if (idp != null) {
        idp.server.stop(0);
      }
    }
  }

  @BeforeParameterizedClassInvocation
  static void startOrganizationsHost(DatabaseKind kind) {
    // The provider sends the browser back to the configured public address (never one built from
    // the request's Host), so the host is served at the address it configures.
    int port = PagesHost.freeLoopbackPort();
    app =
        PagesHost.start(
            kind,
            Map.of(
                "server.port",
                String.valueOf(port),
                "gatehouse.frontend-url",
                "http://127.0.0.1:" + port,
                // The in-test providers listen on loopback over plain http.
                "gatehouse.social.development.loopback-providers",
                "true",
                "spring.liquibase.change-log",
                "classpath:db/changelog/pages-host-changelog.xml"),
            OrganizationProviders.class,
            PagesHost.CapturedEmail.class);
    b = new ModulePagesBrowser(chromium.driver(), app);
  }

  @BeforeEach
  void freshProviders() {
    for (OidcStandIn idp : new OidcStandIn[] {acmeIdp, evilIdp}) {
      idp.subject = "idp-user-" + UUID.randomUUID();
      idp.emailVerified = true;
      idp.alterState = false;
      idp.tweak = claims -> {};
      idp.authorizations.clear();
    }
  }

  // ---- the organisations ----------------------------------------------------------------------

  /** An organisation, its owner, and the one domain it verified and signs in through its IdP. */
  private record Org(Organization organization, UUID owner, String domain) {}

  private static OrganizationService orgs() {
    return b.gatehouse().feature(OrganizationService.class);
  }

  private static OrganizationSignIn sso() {
    return b.gatehouse().feature(OrganizationSignIn.class);
  }

  private static Org organization(String name) {
    UUID owner = b.confirmedAccount(ModulePagesBrowser.newEmail("owner"));
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Organization o = orgs().create(owner, name + " " + tag, name.toLowerCase() + "-" + tag);
    String domain = name.toLowerCase() + "-" + tag + ".example";
    OrganizationDomain claimed = sso().addDomain(owner, o.id(), domain);
    DNS.put(domain, claimed.challenge());
    assertThat(sso().verifyDomain(owner, o.id(), domain).verified()).isTrue();
    return new Org(o, owner, domain);
  }

  private static void signInThrough(Org org, OidcStandIn idp, boolean required) {
    sso()
        .configure(
            org.owner(),
            org.organization().id(),
            new SsoSettings(
                URI.create(idp.issuer),
                idp.clientId,
                idp.clientSecret,
                Set.of(org.domain()),
                required));
  }

  private static Org acme(boolean required) {
    Org acme = organization("Acme");
    signInThrough(acme, acmeIdp, required);
    return acme;
  }

  // ---- the browser ----------------------------------------------------------------------------

  /** From the login page's link: the address, then on to wherever it leads. */
  private static void emailFirst(String email) {
    b.open("/login/");
    b.press("organization-sign-in");
    assertThat(b.path()).isEqualTo(OrganizationSignInPages.PAGE);
    assertThat(passwordFields()).isZero();
    b.type("email", email);
    b.press("continue");
    if (b.path().equals(OrganizationSignInPages.CONTINUE)) {
      // The page of this site from which the browser goes on to the organisation's provider.
      assertThat(passwordFields()).isZero();
      assertThat(b.text("message")).contains("127.0.0.1");
      b.press("next");
    }
  }

  private static int passwordFields() {
    return b.browser.findElements(By.cssSelector("input[type=password]")).size();
  }

  private static void assertSignedInAs(String email) {
    assertThat(b.path()).isEqualTo("/signed-in/");
    assertThat(b.text("who")).contains(email);
  }

  private static void assertNobodySignedIn() {
    b.open("/signed-in/");
    assertThat(b.path()).isEqualTo("/login/");
  }

  private static void assertNoAccount(String email) {
    assertThat(b.gatehouse().accounts().findByEmail(email)).isEmpty();
  }

  private static java.util.List<Membership> membershipsOf(String email) {
    return orgs().memberships(b.gatehouse().accounts().findByEmail(email).orElseThrow().id());
  }

  // ---- tests ----------------------------------------------------------------------------------

  @Test
  void anAddressOfTheOrganisationsDomainGoesThroughItsProviderAndBecomesAMember() {
    Org acme = acme(false);
    String bob = "bob@" + acme.domain();
    acmeIdp.email = bob;
    b.open("/login/");
    b.press("organization-sign-in");
    b.type("email", bob);
    chromium.keep("organization-sign-in-email");
    b.press("continue");
    assertThat(b.path()).isEqualTo(OrganizationSignInPages.CONTINUE);
    chromium.keep("organization-sign-in-continue");
    b.browser.manage().deleteAllCookies();

    emailFirst(bob);

    assertSignedInAs(bob);
    assertThat(acmeIdp.authorizations).hasSize(1);
    assertThat(evilIdp.authorizations).isEmpty();
    assertThat(membershipsOf(bob))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.organization()).isEqualTo(acme.organization().id());
              assertThat(m.role()).isEqualTo(OrganizationRole.MEMBER);
            });
    assertThat(b.browser.getPageSource()).doesNotContain(acmeIdp.lastCallback.getRawQuery());

    // The next sign-in finds the account and its membership: nothing made twice.
    b.browser.manage().deleteAllCookies();
    emailFirst(bob);
    assertSignedInAs(bob);
    assertThat(membershipsOf(bob)).hasSize(1);
  }

  @Test
  void anAddressOfADomainWithoutAProviderContinuesToThePasswordLogin() {
    acme(false);
    String plain = ModulePagesBrowser.newEmail("plain");
    b.confirmedAccount(plain);

    emailFirst(plain);

    assertThat(b.path()).isEqualTo("/login/");
    assertThat(b.byId("identifier").getAttribute("value")).isEqualTo(plain);
    assertThat(passwordFields()).isEqualTo(1);
    assertThat(acmeIdp.authorizations).isEmpty();
    b.type("password", ModulePagesBrowser.PASSWORD);
    b.press("submit");
    assertSignedInAs(plain);
  }

  @Test
  void anAddressWhoseOrganisationRequiresItsSignInIsNeverAskedForAPassword() {
    Org acme = organization("Acme");
    String carol = "carol@" + acme.domain();
    b.confirmedAccount(carol);
    signInThrough(acme, acmeIdp, true);

    // Her password no longer signs her in, and the page says where to go.
    b.logIn(carol);
    assertThat(b.path()).isEqualTo("/login/");
    assertThat(b.text("form-error")).contains("Your organisation signs you in");
    assertNobodySignedIn();

    acmeIdp.email = carol;
    emailFirst(carol);
    // The address went straight to the provider and back: no page with a password field between.
    assertSignedInAs(carol);
    assertThat(acmeIdp.authorizations).hasSize(1);
    assertThat(passwordFields()).isZero();
    assertThat(membershipsOf(carol))
        .extracting(Membership::organization)
        .containsExactly(acme.organization().id());
  }

  @Test
  void aReplayedPlantedOrAlteredCallbackSignsNobodyIn() {
    Org acme = acme(false);
    String dave = "dave@" + acme.domain();
    acmeIdp.email = dave;
    emailFirst(dave);
    assertSignedInAs(dave);
    String used = acmeIdp.lastCallback.toString();

    // The same callback again in this browser: its state was spent.
    b.browser.get(used);
    assertThat(b.text("form-error")).contains("not started in this browser");
    // Planted in another browser (an attacker's callback in a victim's browser): not its state.
    b.browser.manage().deleteAllCookies();
    b.browser.get(used);
    assertThat(b.text("form-error")).contains("not started in this browser");
    assertThat(b.browser.getPageSource()).doesNotContain("Exception").doesNotContain("at dev.");
    assertNobodySignedIn();

    // A state altered on its way back.
    String erin = "erin@" + acme.domain();
    acmeIdp.email = erin;
    acmeIdp.alterState = true;
    emailFirst(erin);
    assertThat(b.path()).isEqualTo(OrganizationSignInPages.CALLBACK);
    assertThat(b.text("form-error")).contains("not started in this browser");
    assertNobodySignedIn();
    assertNoAccount(erin);
  }

  @Test
  void anIdTokenCarryingAnotherSignInsNonceSignsNobodyIn() {
    Org acme = acme(false);
    String frank = "frank@" + acme.domain();
    acmeIdp.email = frank;
    emailFirst(frank);
    assertSignedInAs(frank);
    String earlier = acmeIdp.authorizations.get(0).get("nonce");
    assertThat(earlier).isNotBlank();

    // A token minted for the earlier sign-in, replayed into a new one.
    b.browser.manage().deleteAllCookies();
    String grace = "grace@" + acme.domain();
    acmeIdp.email = grace;
    acmeIdp.tweak = claims -> claims.claim("nonce", earlier);
    emailFirst(grace);
    assertThat(b.path()).isEqualTo(OrganizationSignInPages.CALLBACK);
    assertThat(b.text("form-error")).contains("cannot accept");
    chromium.keep("organization-sign-in-refused");
    assertNobodySignedIn();
    assertNoAccount(grace);
  }

  @Test
  void anotherOrganisationsProviderCannotSignInThisOrganisationsAddresses() {
    Org acme = acme(false);
    Org evil = organization("Evil");
    signInThrough(evil, evilIdp, false);
    String victim = "victim@" + acme.domain();
    b.confirmedAccount(victim);

    // Evil's provider answers, for an address of its own domain, with Acme's address.
    evilIdp.email = victim;
    emailFirst("mallory@" + evil.domain());
    assertThat(evilIdp.authorizations).hasSize(1);
    assertThat(b.path()).isEqualTo(OrganizationSignInPages.CALLBACK);
    assertThat(b.text("form-error")).contains("cannot accept");
    assertNobodySignedIn();
    assertThat(membershipsOf(victim)).isEmpty();
    assertThat(acmeIdp.authorizations).isEmpty();
  }

  @Test
  void theProviderAnsweringWithAnAddressOfAnotherDomainSignsNobodyIn() {
    Org acme = acme(false);
    String outsider =
        "heidi." + UUID.randomUUID().toString().substring(0, 8) + "@elsewhere.example";
    acmeIdp.email = outsider;

    emailFirst("heidi@" + acme.domain());

    assertThat(acmeIdp.authorizations).hasSize(1);
    assertThat(b.text("form-error")).contains("cannot accept");
    assertNobodySignedIn();
    assertNoAccount(outsider);
    assertNoAccount("heidi@" + acme.domain());
  }
}
