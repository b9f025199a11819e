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
                "classpath:db/changelog/pages-saml-host-changelog.xml"),
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
    OrganizationSignIn sso = b.gatehouse().feature(OrganizationSignIn.class);
    UUID owner = b.confirmedAccount(ModulePagesBrowser.newEmail("owner"));
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Organization o = orgs().create(owner, "Univ " + tag, "univ-" + tag);
    String domain = "univ-" + tag + ".example";
    OrganizationDomain claimed = sso.addDomain(owner, o.id(), domain);
    DNS.put(domain, claimed.challenge());
    assertThat(sso.verifyDomain(owner, o.id(), domain).verified()).isTrue();
    saml()
        .configure(
            owner,
            o.id(),
            new ProviderSettings(idp.metadata(), Set.of(domain), false, null, idpInitiated));
    // The organisation's IT registers the application with its provider.
    idp.trust(saml().serviceProviderMetadata(o.id()));
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

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
