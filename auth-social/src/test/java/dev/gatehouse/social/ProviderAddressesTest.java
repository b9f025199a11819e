package dev.gatehouse.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.social.SocialService.ProviderAddressException;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Where a request to a provider may go (issue 73 item 1): {@code https} to public addresses by
 * default, plain http and loopback only under the development setting, an internal network only
 * when the host lists it, every resolved address checked, redirects not followed. Nothing here
 * connects anywhere but loopback: a refused address is refused before any connection.
 */
class ProviderAddressesTest {
  private static final String LOOPBACK_KEY = "gatehouse.social.development.loopback-providers";
  private static final String NETWORKS_KEY = "gatehouse.social.provider-internal-networks";
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));

  private static ProviderAddresses rule(UnaryOperator<GatehouseConfig.Builder> settings) {
    return ProviderAddresses.of(
        settings
            .apply(
                GatehouseConfig.builder()
                    .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789"))
            .build());
  }

  /** The setting a refusal names, or {@code "allowed"}. */
  private static String verdict(ProviderAddresses rule, String address) {
    Throwable t = catchThrowable(() -> rule.check(URI.create(address)));
    if (t == null) {
      return "allowed";
    }
    assertThat(t).isInstanceOf(ProviderAddressException.class);
    ProviderAddressException e = (ProviderAddressException) t;
    assertThat(e.error()).isEqualTo(ErrorCode.PROVIDER_REFUSED);
    assertThat(e.getMessage()).contains(e.setting());
    return e.setting();
  }

  @Test
  void byDefaultOnlyHttpsToPublicAddressesIsAllowed() {
    ProviderAddresses rule = rule(c -> c);
    // A public literal is checked without any lookup (and nothing is sent: this is the check).
    assertThat(verdict(rule, "https://93.184.215.14/token")).isEqualTo("allowed");
    assertThat(verdict(rule, "http://93.184.215.14/token")).isEqualTo(LOOPBACK_KEY);
    assertThat(verdict(rule, "ftp://93.184.215.14/token")).isEqualTo(LOOPBACK_KEY);
    for (String loopback :
        List.of(
            "http://127.0.0.1:8080/",
            "https://127.0.0.1/",
            "https://[::1]/",
            "http://localhost/")) {
      assertThat(verdict(rule, loopback)).as(loopback).isEqualTo(LOOPBACK_KEY);
    }
    for (String internal :
        List.of(
            "https://169.254.169.254/latest/meta-data/",
            "https://[fd00:ec2::254]/latest/meta-data/",
            "https://10.0.0.7/token",
            "https://172.16.3.4/",
            "https://192.168.1.1/",
            "https://100.64.0.1/",
            "https://0.0.0.0/",
            "https://[fe80::1]/",
            "https://[::ffff:10.0.0.7]/",
            "https://[64:ff9b::a00:7]/",
            "https://[2002:a00:7::]/",
            "https://224.0.0.1/",
            "https://255.255.255.255/")) {
      assertThat(verdict(rule, internal)).as(internal).isEqualTo(NETWORKS_KEY);
    }
  }

  @Test
  void theHostsListedNetworksAreReachedOverHttpsOnly() {
    ProviderAddresses rule =
        rule(c -> c.set(SocialSettings.SOCIAL_PROVIDER_INTERNAL_NETWORKS, List.of("10.20.0.0/16")));
    assertThat(verdict(rule, "https://10.20.3.4/token")).isEqualTo("allowed");
    assertThat(verdict(rule, "http://10.20.3.4/token")).isEqualTo(LOOPBACK_KEY);
    assertThat(verdict(rule, "https://10.21.0.1/token")).isEqualTo(NETWORKS_KEY);
    assertThat(verdict(rule, "https://169.254.169.254/")).isEqualTo(NETWORKS_KEY);
  }

  @Test
  void theDevelopmentSettingAllowsLoopbackOverPlainHttpAndNothingElse() {
    ProviderAddresses rule =
        rule(c -> c.set(SocialSettings.SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS, true));
    assertThat(verdict(rule, "http://127.0.0.1:8080/")).isEqualTo("allowed");
    assertThat(verdict(rule, "http://localhost:8080/")).isEqualTo("allowed");
    assertThat(verdict(rule, "https://[::1]/")).isEqualTo("allowed");
    assertThat(verdict(rule, "http://93.184.215.14/")).isEqualTo(LOOPBACK_KEY);
    assertThat(verdict(rule, "http://10.0.0.7/")).isEqualTo(LOOPBACK_KEY);
    assertThat(verdict(rule, "https://10.0.0.7/")).isEqualTo(NETWORKS_KEY);
  }

  @Test
  void theDevelopmentSettingIsRefusedInProduction() {
    Throwable t =
        catchThrowable(
            () ->
                GatehouseConfig.builder()
                    .set(GatehouseConfig.ENVIRONMENT, GatehouseConfig.Environment.PRODUCTION)
                    .set(GatehouseConfig.SECRET_KEY, "k".repeat(32))
                    .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example"))
                    .set(SocialSettings.SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS, true)
                    .build());
    assertThat(t).isNotNull().hasMessageContaining(LOOPBACK_KEY + " is for development only");
  }

  @Test
  void aListThatIsNoNetworkIsRefusedAtStart() {
    Throwable t =
        catchThrowable(
            () ->
                rule(
                    c ->
                        c.set(
                            SocialSettings.SOCIAL_PROVIDER_INTERNAL_NETWORKS,
                            List.of("intranet.example"))));
    assertThat(t).isNotNull().hasMessageContaining(NETWORKS_KEY);
  }

  private OidcProvider provider(LocalOidcServer idp) {
    return OidcProvider.builder("okta", idp.issuerUri(), idp.clientId)
        .clientSecret(idp.clientSecret)
        .clock(clock)
        .build();
  }

  @Test
  void byDefaultASocialProviderOnLoopbackIsRefusedBeforeAnyRequest() throws Exception {
    try (LocalOidcServer idp = new LocalOidcServer("app", "secret", clock);
        SocialWorld w =
            new SocialWorld(
                DatabaseKind.H2, clock -> List.<SocialProvider>of(provider(idp)), c -> c)) {
      Throwable t = catchThrowable(() -> w.social.begin("okta", URI.create("https://app.test/cb")));

      assertThat(t).isInstanceOf(ProviderAddressException.class);
      assertThat(((ProviderAddressException) t).setting()).isEqualTo(LOOPBACK_KEY);
      assertThat(idp.requests).hasValue(0);
    }
  }

  @Test
  void keysOrATokenEndpointAtAMetadataOrPrivateAddressAreRefusedWithoutConnecting()
      throws Exception {
    try (LocalOidcServer idp = new LocalOidcServer("app", "secret", clock)) {
      idp.documentOverrides =
          java.util.Map.of(
              "jwks_uri", "https://169.254.169.254/latest/meta-data/",
              "token_endpoint", "https://10.0.0.7/token");
      OidcProvider p =
          OidcProvider.builder("okta", idp.issuerUri(), idp.clientId)
              .clientSecret(idp.clientSecret)
              .clock(clock)
              .addressSettings(SocialWorld.LOOPBACK)
              .build();

      assertRefused(
          () -> p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId)),
          "169.254.169.254");
      assertRefused(
          () ->
              p.exchangeCode(
                  new SocialProvider.CodeExchange(
                      "code", "verifier", URI.create("https://app.test/cb"), "n", null)),
          "10.0.0.7");
      // Only the discovery document was fetched, from the loopback stand-in.
      assertThat(idp.requests).hasValue(1);
    }
  }

  private static void assertRefused(ThrowingCallable call, String host) {
    Throwable t = catchThrowable(call);
    assertThat(t).isInstanceOf(ProviderAddressException.class).hasMessageContaining(host);
    assertThat(((ProviderAddressException) t).setting()).isEqualTo(NETWORKS_KEY);
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    AtomicInteger reached = new AtomicInteger();
    HttpServer internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    internal.createContext(
        "/",
        x -> {
          reached.incrementAndGet();
          LocalOidcServer.json(x, 200, "{}");
        });
    HttpServer redirecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    redirecting.createContext(
        "/",
        x -> {
          x.getResponseHeaders()
              .add("Location", "http://127.0.0.1:" + internal.getAddress().getPort() + "/");
          x.sendResponseHeaders(302, -1);
          x.close();
        });
    internal.start();
    redirecting.start();
    try {
      ProviderHttp http =
          new ProviderHttp(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5));
      http.addresses(ProviderAddresses.of(SocialWorld.LOOPBACK));
      Throwable t =
          catchThrowable(
              () ->
                  http.getJson(
                      URI.create(
                          "http://127.0.0.1:"
                              + redirecting.getAddress().getPort()
                              + "/.well-known/openid-configuration")));

      assertThat(t).isInstanceOf(SocialService.SocialException.class);
      assertThat(((SocialService.SocialException) t).error()).isEqualTo(ErrorCode.PROVIDER_REFUSED);
      assertThat(reached).hasValue(0);
    } finally {
      redirecting.stop(0);
      internal.stop(0);
    }
  }
}
