package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The contract's answers byte for byte as they leave the server: status line, every header in order
 * (Spring Security's and CORS's included) and the body. The routes write their answers straight to
 * the servlet response (docs/BENCHMARKS.md, "Refresh over HTTP"); these are the bytes Spring MVC's
 * message converters wrote before, read over a plain socket so that nothing is merged or hidden by
 * an HTTP client.
 */
class AnswerBytesContractTest extends ContractTestSupport {
  private static final List<String> CORS_VARY =
      List.of(
          "Vary: Origin",
          "Vary: Access-Control-Request-Method",
          "Vary: Access-Control-Request-Headers");
  private static final List<String> SECURITY =
      List.of("X-Content-Type-Options: nosniff", "X-XSS-Protection: 0", "X-Frame-Options: DENY");

  /** An answer as received: the status line and header lines (without Date), and the body. */
  record Wire(List<String> head, String body) {
    JsonNode json() {
      return Http.JSON.readTree(body);
    }
  }

  private Wire exchange(String method, String path, String body, String... headers)
      throws Exception {
    return exchangeBytes(
        method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private Wire exchangeBytes(String method, String path, byte[] body, String... headers)
      throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      StringBuilder req =
          new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
      req.append("Connection: close\r\n");
      for (int i = 0; i < headers.length; i += 2) {
        req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      byte[] bytes = body == null ? new byte[0] : body;
      if (body != null) {
        req.append("Content-Type: application/json\r\n");
        req.append("Content-Length: ").append(bytes.length).append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(req.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
      out.write(bytes);
      out.flush();
      String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = raw.indexOf("\r\n\r\n");
      List<String> head = new ArrayList<>();
      for (String line : raw.substring(0, end).split("\r\n")) {
        if (!line.startsWith("Date: ")) {
          head.add(line);
        }
      }
      return new Wire(head, raw.substring(end + 4));
    }
  }

  private static List<String> head(String status, List<String> before, String... rest) {
    List<String> h = new ArrayList<>();
    h.add("HTTP/1.1 " + status + " ");
    h.addAll(before);
    h.addAll(List.of(rest));
    return h;
  }

  private static List<String> withSecurity(List<String> first, String... last) {
    List<String> h = new ArrayList<>(first);
    h.addAll(SECURITY);
    h.addAll(List.of(last));
    return h;
  }

  @Test
  void aRefreshAnswerIsTheTokensWithExactlyTheseHeaders() throws Exception {
    String refresh = login().text("refresh");
    Wire w = exchange("POST", "/auth/token/refresh/", json("refresh", refresh));
    List<String> expected = new ArrayList<>(CORS_VARY);
    expected.add("Cache-Control: no-store");
    assertThat(w.head())
        .containsExactlyElementsOf(
            head(
                "200",
                withSecurity(expected),
                "Content-Type: application/json",
                "Content-Length: " + w.body().getBytes(StandardCharsets.UTF_8).length,
                "Connection: close"));
    JsonNode json = w.json();
    assertThat(json.propertyNames())
        .containsExactly("access", "refresh", "expires_in", "token_type");
    assertThat(json.get("token_type").asString()).isEqualTo("Bearer");
    assertThat(json.get("refresh").asString()).isNotEqualTo(refresh);
  }

  @Test
  void anInvalidRefreshTokenIsTheSameProblemWithExactlyTheseHeaders() throws Exception {
    String problem =
        "{\"type\":\"https://gatehouse.dev/problems/invalid_refresh_token\",\"title\":\"Invalid"
            + " refresh token\",\"status\":401,\"detail\":\"The refresh token is invalid or"
            + " expired\",\"code\":\"invalid_refresh_token\"}";
    Wire w = exchange("POST", "/auth/token/refresh/", json("refresh", "never-issued"));
    // The resolver discards only the body: CORS's Vary headers, written before the route ran, stay.
    List<String> expected = new ArrayList<>(CORS_VARY);
    expected.addAll(List.of("Cache-Control: no-store", "WWW-Authenticate: Bearer"));
    assertThat(w.head())
        .containsExactlyElementsOf(
            head(
                "401",
                withSecurity(expected),
                "Content-Type: application/problem+json",
                "Content-Length: " + problem.length(),
                "Connection: close"));
    assertThat(w.body()).isEqualTo(problem);
  }

  @Test
  void aHeadAnswerHasTheGetAnswersHeadersAndNoBody() throws Exception {
    String access = login().text("access");
    Wire get = exchange("GET", "/auth/me/", null, "Authorization", "Bearer " + access);
    Wire head = exchange("HEAD", "/auth/me/", null, "Authorization", "Bearer " + access);
    assertThat(get.head()).contains("Content-Type: application/json", "Cache-Control: no-store");
    assertThat(head.head()).isEqualTo(get.head());
    assertThat(head.body()).isEmpty();
  }

  @Test
  void anAnswerWithoutABodyHasNoContentTypeAndAZeroLength() throws Exception {
    Wire w = exchange("GET", "/auth/login/social/redirect/?provider=test", null);
    assertThat(w.head().get(0)).isEqualTo("HTTP/1.1 302 ");
    assertThat(w.head())
        .noneMatch(h -> h.startsWith("Content-Type:"))
        .contains("Cache-Control: no-store", "Content-Length: 0")
        .containsAll(SECURITY)
        .anyMatch(h -> h.startsWith("Location: https://idp.example.test/authorize?"))
        .anyMatch(h -> h.startsWith("Set-Cookie: gh_social="));
    assertThat(w.body()).isEmpty();
  }

  @Test
  void aProblemAnswerKeepsTheCorsHeadersSoACrossOriginClientCanReadIt() throws Exception {
    Wire refused =
        exchange(
            "POST",
            "/auth/token/refresh/",
            json("refresh", "never-issued"),
            "Origin",
            TestHost.FRONTEND);
    assertThat(refused.head().get(0)).isEqualTo("HTTP/1.1 401 ");
    assertThat(refused.head())
        .contains(
            "Access-Control-Allow-Origin: " + TestHost.FRONTEND,
            "Access-Control-Expose-Headers: Retry-After, WWW-Authenticate");
    assertThat(refused.json().get("code").asString()).isEqualTo("invalid_refresh_token");
    // Refused by Spring MVC before any route runs, answered by the same resolver.
    Wire notAllowed = exchange("DELETE", "/auth/token/refresh/", null, "Origin", TestHost.FRONTEND);
    assertThat(notAllowed.head().get(0)).isEqualTo("HTTP/1.1 405 ");
    assertThat(notAllowed.head())
        .contains(
            "Access-Control-Allow-Origin: " + TestHost.FRONTEND,
            "Access-Control-Expose-Headers: Retry-After, WWW-Authenticate");
    assertThat(notAllowed.json().get("code").asString()).isEqualTo("method_not_allowed");
  }

  @Test
  void aCacheControlAHostPresetIsReplacedOnATokenAnswer() throws Exception {
    Wire w =
        exchange(
            "POST",
            "/auth/token/refresh/",
            json("refresh", login().text("refresh")),
            HostFilter.PRESET_CACHE,
            "yes");
    assertThat(w.head().get(0)).isEqualTo("HTTP/1.1 200 ");
    assertThat(w.head().stream().filter(h -> h.regionMatches(true, 0, "Cache-Control:", 0, 14)))
        .containsExactly("Cache-Control: no-store");
  }

  @Test
  void aBodyLongerThanItsDeclaredLengthAfterAHostsFilterIsReadWhole() throws Exception {
    // Spaces around the value: the decompressed body is far longer than the compressed one.
    String refresh = login().text("refresh");
    String body = "{\"refresh\":\"" + refresh + "\"" + " ".repeat(4000) + "}";
    Wire w = exchangeBytes("POST", "/auth/token/refresh/", gzip(body), "Content-Encoding", "gzip");
    assertThat(w.head().get(0)).as(w.body()).isEqualTo("HTTP/1.1 200 ");
    assertThat(w.json().get("refresh").asString()).isNotEqualTo(refresh);
    // Past the limit once decompressed: refused as too large, as a body read whole would be.
    String large = "{\"refresh\":\"never-issued\"" + " ".repeat(70 * 1024) + "}";
    Wire tooLarge =
        exchangeBytes("POST", "/auth/token/refresh/", gzip(large), "Content-Encoding", "gzip");
    assertThat(tooLarge.head().get(0)).isEqualTo("HTTP/1.1 413 ");
    assertThat(tooLarge.json().get("code").asString()).isEqualTo("body_too_large");
  }

  private static byte[] gzip(String s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void theJwksKeepsItsOwnMediaTypeAndCaching() throws Exception {
    Wire w = exchange("GET", "/.well-known/jwks.json", null);
    assertThat(w.head())
        .containsExactlyElementsOf(
            head(
                "200",
                withSecurity(
                    new ArrayList<>(
                        List.of(
                            CORS_VARY.get(0),
                            CORS_VARY.get(1),
                            CORS_VARY.get(2),
                            "Cache-Control: public, max-age=300"))),
                "Content-Type: application/jwk-set+json",
                "Content-Length: " + w.body().length(),
                "Connection: close"));
    assertThat(w.json().get("keys").isArray()).isTrue();
  }
}
