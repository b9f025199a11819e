package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.examples.HttpClientSupport.Reply;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** The example application as deployed: health, the JWKS document, errors of unknown routes. */
@OneDatabase("the plain-Java example's HTTP answers; its store calls are the contract's")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class ExampleServerTest {
  @Parameter DatabaseKind kind;

  private static RunningExample app;
  private static HttpClientSupport http;

  @BeforeParameterizedClassInvocation
  static void start(DatabaseKind kind) {
    app = RunningExample.start(kind, Map.of("management.endpoint.health.show-details", "always"));
    http = app.http();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    app.close();
  }

  @Test
  void healthAnswersUpWithTheDatabaseUpAndNeedsNoToken() throws Exception {
    Reply r = http.get("/health", null);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.text("status")).isEqualTo("UP");
    assertThat(r.json().at("/components/db/status").asText()).isEqualTo("UP");
    assertThat(r.header("Content-Type")).contains("json");
  }

  /**
   * Issue 54, item 4: the example behind a reverse proxy on the same machine that it does not trust
   * (no {@code server.forward-headers-strategy}). Its requests arrive from loopback with forwarded
   * headers: one WARN naming the setting (no address), and the health check's {@code gatehouse}
   * component shows it, still UP.
   */
  @Test
  void forwardedHeadersFromAnUntrustedLoopbackProxyWarnOnceAndShowInTheHealthCheck()
      throws Exception {
    Reply before = http.get("/health", null);
    assertThat(before.json().at("/components/gatehouse/details/forwardedHeaders").isMissingNode())
        .isTrue();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = System.out;
    java.io.PrintStream err = System.err;
    java.io.PrintStream tee =
        new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
    System.setOut(tee);
    System.setErr(tee);
    try {
      for (int i = 0; i < 5; i++) {
        Reply r =
            http.send(
                "POST",
                "/auth/password-reset/request/",
                HttpClientSupport.json("email", "proxied-" + i + "@example.test"),
                null,
                Map.of("X-Forwarded-For", "203.0.113." + (i + 1)));
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String log = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("X-Forwarded-For")))
        .hasSize(1);
    assertThat(log).contains("server.forward-headers-strategy").doesNotContain("203.0.113.");

    Reply health = http.get("/health", null);
    assertThat(health.text("status")).isEqualTo("UP");
    assertThat(health.json().at("/components/gatehouse/status").asText()).isEqualTo("UP");
    assertThat(
            health
                .json()
                .at("/components/gatehouse/details/forwardedHeaders/untrustedProxy")
                .asBoolean())
        .isTrue();
    assertThat(health.raw().body()).doesNotContain("127.0.0.1").doesNotContain("203.0.113.");
  }

  @Test
  void aCraftedCsrfTokenOnAPageIsA403LikeAnyOtherCsrfFailure() throws Exception {
    // The length of a masked token for the stored 36-character one, unmasking to bytes that are
    // not UTF-8: Spring Security's own decoding threw on it (a 500 with a stack trace).
    byte[] masked = new byte[72];
    java.util.Arrays.fill(masked, 36, 72, (byte) 0xFF);
    String crafted = java.util.Base64.getUrlEncoder().encodeToString(masked);
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + app.port() + "/login/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "identifier=someone%40example.test&password=x&_csrf=" + crafted))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
  }

  @Test
  void theProbesAnswerWithoutATokenUnderTheStartersDefaultRulesAndOtherRoutesStillNeedOne()
      throws Exception {
    // No security configuration of the example's opens them: gatehouse.http.open-health does.
    for (String probe : List.of("/health/liveness", "/health/readiness")) {
      Reply r = http.get(probe, null);
      assertThat(r.status()).as(probe + ": " + r.raw().body()).isEqualTo(200);
      assertThat(r.text("status")).isEqualTo("UP");
    }
    assertThat(http.get("/api/hello/", null).status()).isEqualTo(401);
  }

  /**
   * The prebuilt example does passkeys (issue 36, finding 10): it has a passkey entity and, while
   * it runs on this machine, the relying party {@code localhost}.
   */
  @Test
  void passkeySignInOptionsAreBoundToLocalhost() throws Exception {
    Reply r = http.post("/auth/login/passkey/options/", "{}");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.json().at("/public_key/rpId").asText()).isEqualTo("localhost");
    assertThat(r.json().at("/public_key/challenge").asText()).isNotBlank();
  }

  @Test
  void theJwksDocumentIsServed() throws Exception {
    Reply r = http.get("/.well-known/jwks.json", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("keys").isArray()).isTrue();
    assertThat(r.json().get("keys").size()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anUnknownContractRouteIsAProblem404() throws Exception {
    Reply r = http.get("/auth/nope/", null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.code()).isEqualTo("not_found");
  }

  @Test
  void anyOtherRouteWithoutATokenIsAProblem401WithAChallenge() throws Exception {
    Reply r = http.get("/nope", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(r.code()).isEqualTo("unauthorized");
  }
}
