package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The contract is one contract: one shape of a user and of a profile wherever they appear, one
 * token answer wherever tokens are issued, snake_case everywhere, a problem for every error.
 */
class ContractConsistencyTest extends ContractTestSupport {

  private static List<String> fields(JsonNode object) {
    assertThat(object.isObject()).as("an object: %s", object).isTrue();
    return new ArrayList<>(object.propertyNames());
  }

  private static void assertTokens(Reply r) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.text("access")).isNotBlank();
    assertThat(r.text("refresh")).isNotBlank();
    assertThat(r.json().get("expires_in").isIntegralNumber()).isTrue();
    assertThat(r.json().get("expires_in").asInt()).isBetween(1, 300);
    assertThat(r.text("token_type")).isEqualTo("Bearer");
  }

  /** Every key of every object in a body is snake_case. */
  private static void assertSnakeCase(JsonNode n, String where) {
    if (n.isObject()) {
      for (var e : n.properties()) {
        // A profile's settings are the host's document, not the contract's.
        if (!e.getKey().equals("settings")) {
          assertThat(e.getKey()).as(where).matches("[a-z][a-z0-9_]*");
          assertSnakeCase(e.getValue(), where);
        }
      }
    } else if (n.isArray()) {
      n.forEach(x -> assertSnakeCase(x, where));
    }
  }

  @Test
  void aUserHasOneShapeInLoginMobileLoginMeUpdateAndCodeLogin() throws Exception {
    String address = confirmedAccount();
    Reply web = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    Reply mobile =
        http.post(
            "/auth/login/basic/",
            "{\"email\":\""
                + address
                + "\",\"password\":\""
                + PASSWORD
                + "\",\"client\":\"mobile\",\"device\":{\"token\":\"t-1\"}}");
    String access = web.text("access");
    Reply me = http.get("/auth/me/?client=mobile", access);
    Reply update = http.post("/auth/account/update/", json("language", "en"), access);
    http.post("/auth/otp/request/", json("email", address));
    Matcher code =
        Pattern.compile("\\b(\\d{6})\\b").matcher(mailTo(address).orElseThrow().textBody());
    assertThat(code.find()).isTrue();
    Reply byCode = http.post("/auth/otp/verify/", json("email", address, "code", code.group(1)));
    assertThat(byCode.status()).as(byCode.raw().body()).isEqualTo(200);

    List<String> shape = fields(web.json().get("user"));
    assertThat(shape).contains("id", "email", "is_active", "is_verified", "language", "timezone");
    for (Reply r : List.of(mobile, me, update, byCode)) {
      assertThat(fields(r.json().get("user"))).isEqualTo(shape);
      assertThat(r.json().at("/user/id").asString())
          .isEqualTo(web.json().at("/user/id").asString());
    }
    List<String> profile = fields(web.json().get("active_profile"));
    assertThat(profile).contains("id", "role", "is_default", "is_active", "settings");
    assertThat(web.json().at("/active_profile/settings").isObject()).isTrue();
    for (Reply r : List.of(mobile, me, byCode)) {
      assertThat(fields(r.json().get("active_profile"))).isEqualTo(profile);
      assertThat(fields(r.json().get("profiles").get(0))).isEqualTo(profile);
    }
    Reply created = http.post("/auth/profiles/", json("role", "provider"), access);
    assertThat(fields(created.json())).isEqualTo(profile);
    assertThat(fields(http.get("/auth/profiles/", access).json().get(0))).isEqualTo(profile);
    // Web and mobile answers differ only by the device flag.
    List<String> mobileFields = fields(mobile.json());
    mobileFields.remove("device_registered");
    assertThat(mobileFields).isEqualTo(fields(web.json()));
    for (Reply r : List.of(web, mobile, me, update, byCode, created)) {
      assertSnakeCase(r.json(), r.raw().uri().getPath());
    }
  }

  @Test
  void everyAnswerThatIssuesTokensCarriesExpiresInAndTokenType() throws Exception {
    Reply login = login();
    assertTokens(login);
    Reply refreshed = http.post("/auth/token/refresh/", json("refresh", login.text("refresh")));
    assertTokens(refreshed);
    long profile = login.json().at("/active_profile/id").asLong();
    assertTokens(
        http.post(
            "/auth/profile/switch/", "{\"profile_id\":" + profile + "}", refreshed.text("access")));
    String phone = newPhone();
    http.post("/auth/otp/request/", json("phone", phone));
    Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(smsTo(phone).orElseThrow().body());
    assertThat(m.find()).isTrue();
    assertTokens(http.post("/auth/otp/verify/", json("phone", phone, "code", m.group(1))));
  }

  @Test
  void everyErrorIsAProblemWithItsCode() throws Exception {
    Reply unknown = http.get("/auth/no-such-route/", null);
    assertProblem(unknown, 404, "not_found");
    Reply method = http.get("/auth/login/basic/", null);
    assertProblem(method, 405, "method_not_allowed");
    assertThat(method.header("Allow")).contains("POST");
    assertProblem(
        http.send(
            "POST",
            "/auth/login/basic/",
            "email=a@example.com",
            null,
            "Content-Type",
            "text/plain"),
        415,
        "unsupported_media_type");
    assertProblem(
        http.send(
            "POST",
            "/auth/login/basic/",
            "email=a@example.com",
            null,
            "Content-Type",
            "application/x-www-form-urlencoded"),
        415,
        "unsupported_media_type");
    assertProblem(http.post("/auth/login/basic/", "{\"email\":"), 400, "malformed_json");
    assertProblem(
        http.post("/auth/login/basic/", "{\"email\":\"a@example.com\"} {\"x\":1}"),
        400,
        "malformed_json");
    assertProblem(
        http.post(
            "/auth/login/basic/", "{\"email\":\"a@example.com\",\"email\":\"b@example.com\"}"),
        400,
        "malformed_json");
    assertProblem(http.post("/auth/login/basic/", "[1,2]"), 400, "malformed_json");
    Reply noToken = http.get("/auth/me/", null);
    assertProblem(noToken, 401, "unauthorized");
    assertThat(noToken.header("WWW-Authenticate")).isEqualTo("Bearer");
    Reply badToken = http.get("/auth/me/", "not-a-token");
    assertProblem(badToken, 401, "invalid_token");
    assertThat(badToken.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertProblem(
        http.post("/auth/login/basic/", json("email", newEmail(), "password", "wrong password")),
        400,
        "invalid_credentials");
    assertProblem(
        http.post("/auth/login/basic/", "{\"a\":\"" + "x".repeat(70 * 1024) + "\"}"),
        413,
        "body_too_large");
  }

  @Test
  void eachThrottleSaysWhatHappenedAndRetryAfterOnlyWhereWaitingHelps() throws Exception {
    String address = confirmedAccount();
    Reply throttled = null;
    for (int i = 0; i < 6 && (throttled == null || throttled.status() != 429); i++) {
      throttled =
          http.post("/auth/login/basic/", json("email", address, "password", "wrong guess " + i));
    }
    assertProblem(throttled, 429, "rate_limited");
    assertThat(throttled.header("Retry-After")).isNotNull();

    String phone = newPhone();
    http.post("/auth/otp/request/", json("phone", phone));
    Reply cooldown = http.post("/auth/otp/request/", json("phone", phone));
    assertProblem(cooldown, 429, "otp_cooldown");
    assertThat(cooldown.header("Retry-After")).isNotNull();

    // The code exists once the request was worked off; the user guesses after its SMS arrived.
    assertThat(smsTo(phone)).isPresent();
    Reply burned = null;
    for (int i = 0; i < 6; i++) {
      burned = http.post("/auth/otp/verify/", json("phone", phone, "code", "000000"));
    }
    // (000000 could be the real code once in a million runs; then the login succeeds instead.)
    assertProblem(burned, 429, "code_burned");
    assertThat(burned.header("Retry-After")).isNull();

    assertThat(List.of(throttled.text("detail"), cooldown.text("detail"), burned.text("detail")))
        .doesNotHaveDuplicates();
  }

  @Test
  void corsAllowsTheFrontendOriginAndRefusesOthers() throws Exception {
    Reply allowed =
        http.send(
            "OPTIONS",
            "/auth/login/basic/",
            null,
            null,
            "Origin",
            TestHost.FRONTEND,
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "content-type");
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(TestHost.FRONTEND);
    assertThat(allowed.header("Access-Control-Allow-Methods")).contains("POST");
    Reply refused =
        http.send(
            "OPTIONS",
            "/auth/login/basic/",
            null,
            null,
            "Origin",
            "https://evil.example",
            "Access-Control-Request-Method",
            "POST");
    assertProblem(refused, 403, "cors_origin_not_allowed");
    assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    Reply actual =
        http.send("GET", "/auth/me/", null, login().text("access"), "Origin", TestHost.FRONTEND);
    assertThat(actual.status()).isEqualTo(200);
    assertThat(actual.header("Access-Control-Allow-Origin")).isEqualTo(TestHost.FRONTEND);
    assertThat(actual.header("Access-Control-Expose-Headers")).contains("Retry-After");
  }

  @Test
  void theJwksIsServedAndNamesTheKeyOfTheTokens() throws Exception {
    Reply jwks = http.get("/.well-known/jwks.json", null);
    assertThat(jwks.status()).isEqualTo(200);
    assertThat(jwks.contentType()).startsWith("application/jwk-set+json");
    String kid = com.nimbusds.jwt.SignedJWT.parse(login().text("access")).getHeader().getKeyID();
    assertThat(jwks.json().get("keys").findValuesAsString("kid")).contains(kid);
    assertThat(jwks.raw().body()).doesNotContain("\"d\"");
  }
}
