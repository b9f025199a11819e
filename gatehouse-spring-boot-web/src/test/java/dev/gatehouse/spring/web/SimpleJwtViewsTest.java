package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * djangorestframework-simplejwt's token views over HTTP beside Gatehouse's own contract, each
 * answer as simplejwt 5.x gives it with its default settings (the bodies were taken from
 * simplejwt's views under Django), on H2 and, when their URLs are set, PostgreSQL and MariaDB.
 */
@TestPropertySource(properties = "gatehouse.http.simplejwt.enabled=true")
class SimpleJwtViewsTest extends SimpleJwtTestSupport {

  @Test
  void obtainAnswersARefreshAndAccessPairWhoseAccessTheHostsApiAccepts() throws Exception {
    Reply pair = obtain();
    assertThat(pair.header("Allow")).isEqualTo("POST, OPTIONS");
    assertThat(pair.header("Cache-Control")).isEqualTo("no-store");
    Reply hello = http.get("/api/hello/", pair.text("access"));
    assertThat(hello.status()).isEqualTo(200);
    assertThat(hello.text("user"))
        .isEqualTo(gatehouse.sessions().verifyAccessToken(pair.text("access")).subject());
  }

  @Test
  void theSameRefreshTokenRefreshesAgainAndAnswersOnlyAnAccessToken() throws Exception {
    String refresh = obtain().text("refresh");
    String previous = null;
    for (int i = 0; i < 2; i++) {
      // Past the access token's lifetime, so each answer is a token the API needs.
      clock.advance(Duration.ofMinutes(6));
      Reply r = http.post(tokens() + "/refresh/", json("refresh", refresh));
      assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
      assertThat(List.copyOf(r.json().propertyNames())).containsExactly("access");
      assertThat(r.text("access")).isNotEqualTo(previous);
      assertThat(http.get("/api/hello/", r.text("access")).status()).isEqualTo(200);
      previous = r.text("access");
    }
    assertDrf(
        http.post(tokens() + "/refresh/", "{}"),
        400,
        "{\"refresh\":[\"This field is required.\"]}");
    assertTokenNotValid(http.post(tokens() + "/refresh/", json("refresh", "not-a-token")));
    // An access token is no refresh token (simplejwt says "Token has wrong type"; same code).
    assertTokenNotValid(http.post(tokens() + "/refresh/", json("refresh", previous)));
  }

  @Test
  void verifyAnswersAnEmptyObjectForAWorkingAccessTokenOnly() throws Exception {
    Reply pair = obtain();
    assertDrf(http.post(tokens() + "/verify/", json("token", pair.text("access"))), 200, "{}");
    // Gatehouse's refresh tokens are opaque: nothing to verify without using them.
    assertTokenNotValid(http.post(tokens() + "/verify/", json("token", pair.text("refresh"))));
    assertTokenNotValid(http.post(tokens() + "/verify/", json("token", "abc.def.ghi")));
    assertDrf(
        http.post(tokens() + "/verify/", "{}"), 400, "{\"token\":[\"This field is required.\"]}");
    clock.advance(Duration.ofMinutes(6));
    assertTokenNotValid(http.post(tokens() + "/verify/", json("token", pair.text("access"))));
  }

  @Test
  void blacklistEndsTheSessionSoItsRefreshTokenIsRefused() throws Exception {
    Reply pair = obtain();
    String refresh = pair.text("refresh");
    assertDrf(http.post(tokens() + "/blacklist/", json("refresh", refresh)), 200, "{}");
    assertTokenNotValid(http.post(tokens() + "/refresh/", json("refresh", refresh)));
    // simplejwt says "Token is blacklisted" for these two; the code is the same.
    assertTokenNotValid(http.post(tokens() + "/blacklist/", json("refresh", refresh)));
    assertTokenNotValid(http.post(tokens() + "/blacklist/", json("refresh", "not-a-token")));
    assertDrf(
        http.post(tokens() + "/blacklist/", "{}"),
        400,
        "{\"refresh\":[\"This field is required.\"]}");
    // gatehouse.http.check-session (the default) refuses the blacklisted session's access token
    // on the host's routes, and the verify view answers as they do.
    assertThat(http.get("/api/hello/", pair.text("access")).status()).isEqualTo(401);
    assertTokenNotValid(http.post(tokens() + "/verify/", json("token", pair.text("access"))));
  }

  @Test
  void everyRefusedSignInIsNoActiveAccount() throws Exception {
    String address = account(true);
    assertDrf(
        http.post(tokens() + "/", json("username", address, "password", "not the password")),
        401,
        NO_ACTIVE_ACCOUNT);
    assertDrf(
        http.post(tokens() + "/", json("username", newEmail(), "password", PASSWORD)),
        401,
        NO_ACTIVE_ACCOUNT);
    assertDrf(
        http.post(tokens() + "/", json("username", account(false), "password", PASSWORD)),
        401,
        NO_ACTIVE_ACCOUNT);
  }

  @Test
  void missingOrEmptyFieldsAreDrfsFieldErrors() throws Exception {
    assertDrf(
        http.post(tokens() + "/", json("username", account(true))),
        400,
        "{\"password\":[\"This field is required.\"]}");
    assertDrf(
        http.post(tokens() + "/", "{}"),
        400,
        "{\"username\":[\"This field is required.\"],\"password\":[\"This field is required.\"]}");
    assertDrf(
        http.post(tokens() + "/", json("username", "", "password", null)),
        400,
        "{\"username\":[\"This field may not be blank.\"],"
            + "\"password\":[\"This field may not be null.\"]}");
  }

  @Test
  void theEmailFieldStandsInForTheUsernameField() throws Exception {
    Reply r = http.post(tokens() + "/", json("email", account(true), "password", PASSWORD));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(List.copyOf(r.json().propertyNames())).containsExactly("refresh", "access");
  }

  @Test
  void formAndMultipartBodiesAreReadAsDrfReadsThem() throws Exception {
    String address = account(true);
    String form =
        "username="
            + URLEncoder.encode(address, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
    Reply r =
        http.send(
            "POST",
            tokens() + "/",
            form,
            null,
            "Content-Type",
            "application/x-www-form-urlencoded");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.text("access")).isNotBlank();
    String boundary = "----simplejwt";
    String multipart =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"refresh\"\r\n\r\n"
            + r.text("refresh")
            + "\r\n--"
            + boundary
            + "--\r\n";
    Reply refreshed =
        http.send(
            "POST",
            tokens() + "/refresh/",
            multipart,
            null,
            "Content-Type",
            "multipart/form-data; boundary=" + boundary);
    assertThat(refreshed.status()).as(refreshed.raw().body()).isEqualTo(200);
    assertThat(refreshed.text("access")).isNotBlank();
    assertDrf(
        http.send("POST", tokens() + "/", "username=x", null, "Content-Type", "text/plain"),
        415,
        "{\"detail\":\"Unsupported media type \\\"text/plain\\\" in request.\"}");
  }

  @Test
  void aStaleAccessTokenSentAlongIsIgnoredAsSimplejwtIgnoresIt() throws Exception {
    Reply pair = obtain();
    clock.advance(Duration.ofMinutes(6));
    Reply r =
        http.post(tokens() + "/refresh/", json("refresh", pair.text("refresh")), "expired.or.bad");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    // Everywhere else the default chain still refuses it.
    assertProblem(http.get("/api/hello/", pair.text("access")), 401, "invalid_token");
  }

  @Test
  void otherMethodsAre405AndOptionsDescribesTheView() throws Exception {
    assertDrf(
        http.get(tokens() + "/", null), 405, "{\"detail\":\"Method \\\"GET\\\" not allowed.\"}");
    assertDrf(
        http.send("DELETE", tokens() + "/blacklist/", null, null),
        405,
        "{\"detail\":\"Method \\\"DELETE\\\" not allowed.\"}");
    Reply options = http.send("OPTIONS", tokens() + "/refresh/", null, null);
    assertThat(options.status()).isEqualTo(200);
    assertThat(options.header("Allow")).isEqualTo("POST, OPTIONS");
    assertThat(options.text("name")).isEqualTo("Token Refresh");
    assertThat(List.copyOf(options.json().get("actions").get("POST").propertyNames()))
        .containsExactly("refresh", "access");
  }

  @Test
  void onlyTheFourViewsAreOpenAndTheNativeContractKeepsItsProblems() throws Exception {
    assertProblem(http.post(tokens() + "/nothing/", "{}"), 401, "unauthorized");
    assertProblem(
        http.post(
            base() + "/login/basic/", json("email", account(true), "password", "not the password")),
        400,
        "invalid_credentials");
    // The native contract's own tokens work with the views, and the views' with the contract.
    Reply login = login();
    assertThat(http.post(tokens() + "/refresh/", json("refresh", login.text("refresh"))).status())
        .isEqualTo(200);
    assertThat(http.get(base() + "/me/", obtain().text("access")).status()).isEqualTo(200);
  }
}
