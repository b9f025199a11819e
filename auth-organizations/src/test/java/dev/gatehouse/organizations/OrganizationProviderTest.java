package dev.gatehouse.organizations;

import static dev.gatehouse.organizations.OrganizationSignInTest.connect;
import static dev.gatehouse.organizations.OrganizationSignInTest.organisation;
import static dev.gatehouse.organizations.OrganizationStores.MEMORY;
import static dev.gatehouse.organizations.OrganizationStores.orgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent.LoginFailed;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.organizations.OrganizationService.ConfigurationChanged;
import dev.gatehouse.organizations.OrganizationSignIn.Redirect;
import dev.gatehouse.organizations.OrganizationSignIn.SsoSettings;
import dev.gatehouse.organizations.OrganizationSignInTest.Org;
import dev.gatehouse.social.SocialService.ProviderAddressException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * What an organisation's owner cannot make the server do through the provider they register (issue
 * 73 items 1 and 8): reach a loopback, private or metadata address, send the client secret or fetch
 * keys on another origin than the issuer's, start sign-ins without limit; and that every change of
 * an organisation's configuration leaves an audit row naming the acting account. Only loopback is
 * ever contacted: a private or metadata address is refused before any connection.
 */
class OrganizationProviderTest {
  private static final OrganizationStores STORES = new OrganizationStores();
  private static final URI CALLBACK = URI.create("https://app.example.test/sso/callback");
  private static final String LOOPBACK_KEY = "gatehouse.social.development.loopback-providers";
  private static final String NETWORKS_KEY = "gatehouse.social.provider-internal-networks";
  private static final String ORIGINS_KEY = "gatehouse.organizations.provider-endpoint-origins";

  @AfterAll
  static void close() {
    STORES.close();
  }

  private static GatehouseFixture gatehouse(
      String kind, UnaryOperator<GatehouseConfig.Builder> config) {
    return STORES.gatehouse(kind, OrganizationSignInTest::testDomainsAndIssuers, config);
  }

  /** A Gatehouse whose providers may be on loopback, and whose host lists these origins. */
  private static GatehouseFixture listing(List<String> origins) {
    return gatehouse(
        MEMORY,
        c ->
            OrganizationSignInTest.loopback(c)
                .set(OrganizationSettings.PROVIDER_ENDPOINT_ORIGINS, origins));
  }

  private static OrganizationSignIn sso(GatehouseFixture g) {
    return g.gatehouse.feature(OrganizationSignIn.class);
  }

  /** A client of a network no other test uses (an IPv6 /64 of its own). */
  private static ClientInfo network() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return ClientInfo.web(
        String.format("2001:db8:%x:%x::1", r.nextInt(0x10000), r.nextInt(0x10000)));
  }

  /** The refusal of a call, which must be the typed one naming {@code setting}. */
  private static ProviderAddressException refused(Runnable call, String setting) {
    Throwable t = catchThrowable(call::run);
    assertThat(t).isInstanceOf(ProviderAddressException.class);
    ProviderAddressException e = (ProviderAddressException) t;
    assertThat(e.error()).isEqualTo(ErrorCode.PROVIDER_REFUSED);
    assertThat(e.setting()).isEqualTo(setting);
    assertThat(e.getMessage()).contains(setting);
    return e;
  }

  /** Starts and follows the sign-in up to the callback; answers the callback's parameters. */
  private static Map<String, String> toTheCallback(GatehouseFixture g, String email)
      throws Exception {
    Redirect r = sso(g).start(email, CALLBACK, network());
    return LocalIdp.browse(r.authorizationUri());
  }

  @Test
  void byDefaultAPlainHttpLoopbackProviderIsRefusedBeforeAnyRequest() throws Exception {
    GatehouseFixture g = gatehouse(MEMORY, c -> c);
    Org o = organisation(g);
    try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock)) {
      connect(g, o, idp, false);

      refused(() -> sso(g).start("bob@" + o.domain(), CALLBACK, network()), LOOPBACK_KEY);

      assertThat(idp.requests).hasValue(0);
    }
  }

  @Test
  void byDefaultAnIssuerAtAPrivateOrMetadataAddressIsRefusedWithoutConnecting() {
    GatehouseFixture g = gatehouse(MEMORY, c -> c);
    for (String issuer : List.of("https://10.0.0.7", "https://169.254.169.254/latest")) {
      Org o = organisation(g);
      sso(g)
          .configure(
              o.owner(),
              o.org().id(),
              new SsoSettings(URI.create(issuer), "app", "secret", Set.of(o.domain()), false));

      // Refused before any connection: a connection would be a timeout,
      // social_provider_unavailable.
      refused(() -> sso(g).start("bob@" + o.domain(), CALLBACK, network()), NETWORKS_KEY);
    }
  }

  @Test
  void aTokenEndpointOnAnotherOriginIsRefusedAndTheListenerThereGetsNothing() throws Exception {
    GatehouseFixture g = gatehouse(MEMORY, OrganizationSignInTest::loopback);
    Org o = organisation(g);
    try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock);
        LocalIdp internal = new LocalIdp("internal", "internal", g.clock)) {
      idp.email = "bob@" + o.domain();
      idp.documentOverrides = Map.of("token_endpoint", internal.issuer + "/token");
      connect(g, o, idp, false);
      Map<String, String> cb = toTheCallback(g, idp.email);

      refused(() -> sso(g).complete(cb.get("state"), cb.get("code"), network()), ORIGINS_KEY);

      assertThat(internal.requests).hasValue(0);
    }
  }

  @Test
  void keysOnAnotherOriginAreFetchedOnlyWhenTheHostListsIt() throws Exception {
    try (LocalIdp internal = new LocalIdp("internal", "internal", java.time.Clock.systemUTC())) {
      for (boolean listed : new boolean[] {false, true}) {
        GatehouseFixture g = listing(listed ? List.of(internal.issuer) : List.of());
        Org o = organisation(g);
        try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock)) {
          idp.email = "bob@" + o.domain();
          idp.documentOverrides = Map.of("jwks_uri", internal.issuer + "/jwks");
          connect(g, o, idp, false);
          Map<String, String> cb = toTheCallback(g, idp.email);
          Runnable complete = () -> sso(g).complete(cb.get("state"), cb.get("code"), network());
          if (listed) {
            // Reached: its keys are not the provider's, so the token is refused as such.
            Throwable t = catchThrowable(complete::run);
            assertThat(((AuthException) t).error()).isEqualTo(ErrorCode.INVALID_ID_TOKEN);
            assertThat(internal.requests).hasValue(1);
          } else {
            refused(complete, ORIGINS_KEY);
            assertThat(internal.requests).hasValue(0);
          }
        }
      }
    }
  }

  @Test
  void aMetadataOrPrivateAddressInTheDocumentIsRefusedWithoutConnecting() throws Exception {
    String metadata = "https://169.254.169.254";
    String internal = "https://10.0.0.7";
    // The host lists both origins, so it is the address rule that refuses them.
    GatehouseFixture g = listing(List.of(metadata, internal));
    for (Map<String, String> document :
        List.of(
            Map.of("jwks_uri", metadata + "/latest/meta-data/iam/security-credentials/"),
            Map.of("token_endpoint", internal + "/token"))) {
      Org o = organisation(g);
      try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock)) {
        idp.email = "bob@" + o.domain();
        idp.documentOverrides = document;
        connect(g, o, idp, false);
        Map<String, String> cb = toTheCallback(g, idp.email);

        ProviderAddressException e =
            refused(
                () -> sso(g).complete(cb.get("state"), cb.get("code"), network()), NETWORKS_KEY);

        assertThat(e.getMessage())
            .contains(URI.create(document.values().iterator().next()).getHost());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void fortyStartsFromOneNetworkAreLimited(String kind) throws Exception {
    GatehouseFixture g = gatehouse(kind, OrganizationSignInTest::loopback);
    Org o = organisation(g);
    try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock)) {
      connect(g, o, idp, false);
      ClientInfo one = network();
      int max = g.gatehouse.config().get(OrganizationSettings.ORGANIZATION_SIGN_IN_MAX_PER_IP);
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        answers.add(outcome(() -> sso(g).start("bob@" + o.domain(), CALLBACK, one)));
      }

      assertThat(max).isLessThan(40);
      assertThat(answers.subList(0, max)).containsOnly("started");
      assertThat(answers.subList(max, 40)).containsOnly("rate_limited");
      // Another network still starts; the provider was asked for its document once.
      assertThat(outcome(() -> sso(g).start("bob@" + o.domain(), CALLBACK, network())))
          .isEqualTo("started");
      assertThat(idp.requests).hasValue(1);
      // Each refusal is kept as a refused sign-in of the method.
      assertThat(g.events)
          .filteredOn(LoginFailed.class::isInstance)
          .map(LoginFailed.class::cast)
          .filteredOn(e -> e.method().equals(OrganizationSignIn.METHOD))
          .extracting(LoginFailed::reason)
          .containsOnly("rate_limited")
          .hasSize(40 - max);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anOrganisationsStartsFromManyNetworksAreLimitedToo(String kind) throws Exception {
    GatehouseFixture g =
        gatehouse(
            kind,
            c ->
                OrganizationSignInTest.loopback(c)
                    .set(OrganizationSettings.ORGANIZATION_SIGN_IN_MAX_PER_ORGANIZATION, 5));
    Org o = organisation(g);
    Org other = organisation(g);
    try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock)) {
      connect(g, o, idp, false);
      connect(g, other, idp, false);
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(outcome(() -> sso(g).start("bob@" + o.domain(), CALLBACK, network())));
      }

      assertThat(answers)
          .containsExactly(
              "started",
              "started",
              "started",
              "started",
              "started",
              "rate_limited",
              "rate_limited",
              "rate_limited");
      assertThat(outcome(() -> sso(g).start("bob@" + other.domain(), CALLBACK, network())))
          .isEqualTo("started");
      g.clock.advance(Duration.ofHours(1));
      assertThat(outcome(() -> sso(g).start("bob@" + o.domain(), CALLBACK, network())))
          .isEqualTo("started");
    }
  }

  private static String outcome(Runnable start) {
    try {
      start.run();
      return "started";
    } catch (AuthException e) {
      return e.code();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void everyChangeOfAnOrganisationsConfigurationIsAuditedWithTheActingAccount(String kind)
      throws Exception {
    GatehouseFixture g = gatehouse(kind, OrganizationSignInTest::loopback);
    Org o = organisation(g); // the owner claims and verifies a domain
    UUID owner = o.owner();
    UUID org = o.org().id();
    try (LocalIdp idp = new LocalIdp("acme-app", "s3cret-" + UUID.randomUUID(), g.clock)) {
      connect(g, o, idp, true);
      sso(g).allowDomainJoin(owner, org, o.domain(), true);
      orgs(g).setPolicy(owner, org, new OrganizationPolicy(true, Set.of(), null));
      orgs(g).update(owner, org, "Acme Two", null);
      sso(g).removeConnection(owner, org);
      sso(g).removeDomain(owner, org, o.domain());

      List<AuditEntry> rows =
          g.gatehouse.audit().forUser(owner, 100).stream()
              .filter(e -> e.event().equals("ConfigurationChanged"))
              .toList();
      assertThat(rows)
          .extracting(AuditEntry::reason)
          .containsExactlyInAnyOrder(
              ConfigurationChanged.DOMAIN_ADDED,
              ConfigurationChanged.DOMAIN_VERIFIED,
              ConfigurationChanged.PROVIDER_CONFIGURED,
              ConfigurationChanged.DOMAIN_JOIN_CHANGED,
              ConfigurationChanged.POLICY_CHANGED,
              ConfigurationChanged.UPDATED,
              ConfigurationChanged.PROVIDER_REMOVED,
              ConfigurationChanged.DOMAIN_REMOVED);
      assertThat(rows)
          .allSatisfy(
              e -> {
                assertThat(e.subject()).isEqualTo(owner);
                assertThat(e.method()).isEqualTo("organization");
                assertThat(e.detail()).startsWith("organization " + org);
                assertThat(e.detail()).doesNotContain(idp.clientSecret);
              });
      assertThat(rows)
          .filteredOn(e -> ConfigurationChanged.PROVIDER_CONFIGURED.equals(e.reason()))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.detail())
                      .contains("issuer " + idp.issuer, "required true", o.domain()));
    }
  }
}
