package dev.gatehouse.spring.authorizationserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The issuer names the provider in every token: production does not guess it from a request, and
 * development without one answers only at a loopback address, never at whatever a request's {@code
 * Host} says (issue 93, finding 11).
 */
class ProviderIssuerTest {
  /** The shared host's organisation issuers off: one issuer, which the setting names. */
  private static final String ONE_ISSUER = "provider-host.organization-issuers";

  /** The JVM's shared host: development, no issuer set, each organisation an issuer too. */
  private static ProviderHost shared;

  @RegisterExtension
  static final BeforeAllCallback HOST = (ExtensionContext c) -> shared = ProviderHost.shared(c);

  @Test
  void inProductionTheProviderRefusesToStartWithoutAnIssuerAndNamesTheSetting() {
    assertThatThrownBy(
            () ->
                ProviderHost.start(
                        DatabaseKind.H2,
                        Map.of(
                            "gatehouse.environment",
                            "production",
                            "gatehouse.frontend-url",
                            "https://app.example.com",
                            "gatehouse.jwt.hs256-secret",
                            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                            "gatehouse.jwt.kid",
                            "k1",
                            // The shared host's development-only exemption, refused here.
                            "gatehouse.throttle.development.exempt-loopback",
                            "false",
                            ONE_ISSUER,
                            "false"))
                    .close())
        .hasStackTraceContaining("gatehouse.openid-provider.issuer is required in production");
  }

  @Test
  void theIssuerSetInTheHostsPropertiesIsTheOneDiscoveryAndTheTokensName() throws Exception {
    try (ProviderHost host =
        ProviderHost.start(
            DatabaseKind.H2,
            Map.of(
                "gatehouse.openid-provider.issuer",
                "https://accounts.example.test",
                ONE_ISSUER,
                "false"))) {
      HttpResponse<String> discovery =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(host.base() + "/.well-known/openid-configuration"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(JSONObjectUtils.parse(discovery.body()))
          .containsEntry("issuer", "https://accounts.example.test");
    }
  }

  /** A raw HTTP/1.1 request, so that the {@code Host} header is the test's own. */
  static String rawGet(ProviderHost host, String path, String hostHeader) throws Exception {
    URI base = URI.create(host.base());
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(20_000);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + path
                      + " HTTP/1.1\r\nHost: "
                      + hostHeader
                      + "\r\nAccept: application/json"
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void inDevelopmentWithoutAnIssuerAHostHeaderNamingAnotherAddressIsRefused() throws Exception {
    ProviderHost host = shared;
    int port = URI.create(host.base()).getPort();
    for (String path :
        java.util.List.of(
            "/.well-known/openid-configuration",
            "/oauth2/jwks",
            "/o/acme/.well-known/openid-configuration")) {
      for (String evil :
          java.util.List.of(
              "accounts.evil.test",
              "accounts.evil.test:" + port,
              "127.0.0.1.evil.test:" + port,
              "localhost.evil.test")) {
        String answer = rawGet(host, path, evil);
        assertThat(answer).as(path + " " + evil).startsWith("HTTP/1.1 400");
        assertThat(answer).doesNotContain("evil.test\"").doesNotContain("\"issuer\"");
      }
    }
    for (String loopback :
        java.util.List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port)) {
      String answer = rawGet(host, "/.well-known/openid-configuration", loopback);
      assertThat(answer).as(loopback).startsWith("HTTP/1.1 200");
      assertThat(answer).contains("\"issuer\":\"http://" + loopback + "\"");
    }
  }
}
