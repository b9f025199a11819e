package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The contract under another base path, with an explicit CORS allow-list and the session check on:
 * a logged-out session's access token is refused at once, not at its expiry.
 */
@SpringBootTest(
    classes = TestHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "gatehouse.http.enabled=true",
      "gatehouse.http.base-path=/api/auth/",
      "gatehouse.http.check-session=true",
      "gatehouse.http.cors.allowed-origins=https://admin.example.test"
    })
class ConfiguredContractTest extends ContractTestSupport {

  @Override
  String base() {
    return "/api/auth";
  }

  @Test
  void theRoutesAndTheDocumentMoveToTheBasePath() throws Exception {
    Reply login = login();
    assertThat(login.text("access")).isNotBlank();
    // /auth is the host's again: no contract route there.
    assertThat(http.get("/auth/me/", login.text("access")).status()).isEqualTo(404);
    Reply doc = http.get("/api/auth/openapi.json", null);
    assertThat(doc.json().get("paths").has("/api/auth/login/basic/")).isTrue();
    assertThat(doc.json().get("paths").has("/.well-known/jwks.json")).isTrue();
    assertProblem(http.get("/api/auth/nope/", null), 404, "not_found");
  }

  @Test
  void theAllowListReplacesTheFrontendOrigin() throws Exception {
    Reply admin =
        http.send(
            "OPTIONS",
            "/api/auth/login/basic/",
            null,
            null,
            "Origin",
            "https://admin.example.test",
            "Access-Control-Request-Method",
            "POST");
    assertThat(admin.header("Access-Control-Allow-Origin")).isEqualTo("https://admin.example.test");
    Reply frontend =
        http.send(
            "OPTIONS",
            "/api/auth/login/basic/",
            null,
            null,
            "Origin",
            TestHost.FRONTEND,
            "Access-Control-Request-Method",
            "POST");
    assertProblem(frontend, 403, "cors_origin_not_allowed");
  }

  @Test
  void withTheSessionCheckALoggedOutTokenIsRefusedAtOnce() throws Exception {
    String address = confirmedAccount();
    Reply one = http.post("/api/auth/login/basic/", json("email", address, "password", PASSWORD));
    Reply two = http.post("/api/auth/login/basic/", json("email", address, "password", PASSWORD));
    assertThat(http.get("/api/hello/", one.text("access")).status()).isEqualTo(200);
    assertThat(http.post("/api/auth/logout/", null, one.text("access")).status()).isEqualTo(200);
    assertProblem(http.get("/api/hello/", one.text("access")), 401, "invalid_token");
    assertProblem(http.get("/api/auth/me/", one.text("access")), 401, "invalid_token");
    // The other session lives on.
    assertThat(http.get("/api/auth/me/", two.text("access")).status()).isEqualTo(200);
    assertThat(http.post("/api/auth/logout/all/", null, two.text("access")).status())
        .isEqualTo(200);
    assertProblem(http.get("/api/hello/", two.text("access")), 401, "invalid_token");
  }
}
