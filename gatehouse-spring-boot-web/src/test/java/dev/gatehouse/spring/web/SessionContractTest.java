package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The token layer over HTTP: the host's own endpoint behind the default filter chain, refresh with
 * rotation and reuse, me, profiles, sessions, devices, logout.
 */
class SessionContractTest extends ContractTestSupport {

  @Test
  void theHostsOwnEndpointAdmitsOnlyAValidAccessToken() throws Exception {
    Reply login = login();
    Reply ok = http.get("/api/hello/", login.text("access"));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.text("user")).isEqualTo(login.json().at("/user/id").asString());
    Reply none = http.get("/api/hello/", null);
    assertProblem(none, 401, "unauthorized");
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    for (String bad : new String[] {"garbage", login.text("access") + "x", login.text("refresh")}) {
      Reply r = http.get("/api/hello/", bad);
      assertProblem(r, 401, "invalid_token");
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
    }
  }

  @Test
  void refreshRotatesAndAReplayedTokenKillsTheSession() throws Exception {
    Reply login = login();
    Reply first = http.post("/auth/token/refresh/", json("refresh", login.text("refresh")));
    assertThat(first.status()).isEqualTo(200);
    String next = first.text("refresh");
    assertThat(next).isNotEqualTo(login.text("refresh"));
    assertThat(first.text("access")).isNotBlank();
    Reply replay = http.post("/auth/token/refresh/", json("refresh", login.text("refresh")));
    assertProblem(replay, 401, "invalid_refresh_token");
    // The whole family is revoked: the successor is dead too.
    assertThat(http.post("/auth/token/refresh/", json("refresh", next)).status()).isEqualTo(401);
  }

  @Test
  void anExpiredAccessTokenIsRefusedAndARefreshedOneIsAccepted() throws Exception {
    Reply login = login();
    clock.advance(Duration.ofMinutes(10));
    try {
      assertProblem(http.get("/api/hello/", login.text("access")), 401, "invalid_token");
      assertProblem(http.get("/auth/me/", login.text("access")), 401, "invalid_token");
      Reply refreshed = http.post("/auth/token/refresh/", json("refresh", login.text("refresh")));
      assertThat(refreshed.status()).isEqualTo(200);
      assertThat(http.get("/api/hello/", refreshed.text("access")).status()).isEqualTo(200);
    } finally {
      clock.advance(Duration.ofMinutes(-10));
    }
  }

  @Test
  void meProfilesAndSwitchingCarryTheProfileClaim() throws Exception {
    String access = login().text("access");
    Reply me = http.get("/auth/me/?client=web", access);
    assertThat(me.status()).isEqualTo(200);
    assertProblem(http.get("/auth/me/?client=tv", access), 400, "invalid_client");
    Reply created =
        http.post(
            "/auth/profiles/",
            "{\"role\":\"provider\",\"label\":\"Shop\",\"settings\":{\"theme\":\"dark\"}}",
            access);
    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    assertThat(created.json().at("/settings/theme").asString()).isEqualTo("dark");
    long id = created.json().get("id").asLong();
    assertProblem(
        http.post("/auth/profiles/", "{\"role\":\"emperor\"}", access), 400, "invalid_role");
    Reply patched =
        http.send("PATCH", "/auth/profiles/" + id + "/", "{\"label\":\"Store\"}", access);
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.text("label")).isEqualTo("Store");
    Reply list = http.get("/auth/profiles/", access);
    assertThat(list.json().size()).isEqualTo(2);
    Reply switched = http.post("/auth/profile/switch/", "{\"profile_id\":" + id + "}", access);
    assertThat(switched.status()).isEqualTo(200);
    Reply hello = http.get("/api/hello/", switched.text("access"));
    assertThat(hello.text("profile")).isEqualTo(Long.toString(id));
    Reply meAfter = http.get("/auth/me/", switched.text("access"));
    assertThat(meAfter.json().at("/active_profile/id").asLong()).isEqualTo(id);
    // Another user's profile is simply not found.
    String stranger = login().text("access");
    assertProblem(
        http.post("/auth/profile/switch/", "{\"profile_id\":" + id + "}", stranger),
        404,
        "profile_not_found");
    assertProblem(
        http.send("DELETE", "/auth/profiles/" + id + "/", null, stranger),
        404,
        "profile_not_found");
    assertProblem(http.send("DELETE", "/auth/profiles/abc/", null, stranger), 404, "not_found");
    assertThat(http.send("DELETE", "/auth/profiles/" + id + "/", null, access).status())
        .isIn(200, 400);
  }

  @Test
  void logoutEndsTheSessionAndSessionsAreListedAndRevoked() throws Exception {
    String address = confirmedAccount();
    Reply one = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    Reply two = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    Reply list = http.get("/auth/sessions/", one.text("access"));
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().size()).isEqualTo(2);
    String other = null;
    for (var s : list.json()) {
      assertThat(s.has("user_agent")).isTrue();
      if (!s.get("current").asBoolean()) {
        other = s.get("id").asString();
      }
    }
    assertThat(
            http.post("/auth/sessions/revoke/", json("session_id", other), one.text("access"))
                .status())
        .isEqualTo(200);
    assertThat(http.post("/auth/token/refresh/", json("refresh", two.text("refresh"))).status())
        .isEqualTo(401);
    assertProblem(
        http.post("/auth/sessions/revoke/", json("session_id", "nope"), one.text("access")),
        404,
        "session_not_found");
    Reply three = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    Reply others = http.post("/auth/sessions/revoke-others/", null, one.text("access"));
    assertThat(others.json().get("sessions").asInt()).isEqualTo(1);
    assertThat(http.post("/auth/token/refresh/", json("refresh", three.text("refresh"))).status())
        .isEqualTo(401);
    assertThat(http.post("/auth/logout/", null, one.text("access")).status()).isEqualTo(200);
    assertThat(http.post("/auth/token/refresh/", json("refresh", one.text("refresh"))).status())
        .isEqualTo(401);
  }

  /**
   * Revoked means revoked on the contract's own routes (issue 36, finding 1): after a logout the
   * old access token is refused at once by every route that reads or changes account data, and by
   * default by the host's own route too (issue 54; {@link HostRoutesStatelessTest} turns that off).
   */
  @Test
  void anEndedSessionsAccessTokenIsRefusedAtOnceByTheContractsRoutes() throws Exception {
    String address = confirmedAccount();
    Reply login = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    String access = login.text("access");
    assertThat(http.get("/auth/me/", access).status()).isEqualTo(200);
    assertThat(http.get("/auth/profiles/", access).status()).isEqualTo(200);
    assertThat(http.post("/auth/logout/", null, access).status()).isEqualTo(200);

    assertProblem(http.get("/auth/me/", access), 401, "invalid_token");
    assertProblem(http.get("/auth/profiles/", access), 401, "invalid_token");
    assertProblem(
        http.post("/auth/profiles/", json("role", "member"), access), 401, "invalid_token");
    assertProblem(http.get("/auth/devices/", access), 401, "invalid_token");
    assertProblem(http.get("/auth/sessions/", access), 401, "invalid_token");
    assertProblem(http.get("/api/hello/", access), 401, "invalid_token");
  }

  @Test
  void logoutAllEndsEverySession() throws Exception {
    String address = confirmedAccount();
    Reply one = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    Reply two = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    Reply all = http.post("/auth/logout/all/", null, one.text("access"));
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().get("sessions").asInt()).isEqualTo(2);
    assertThat(http.post("/auth/token/refresh/", json("refresh", two.text("refresh"))).status())
        .isEqualTo(401);
  }

  @Test
  void aMobileLoginRegistersADeviceThatIsListedAndRemoved() throws Exception {
    String address = confirmedAccount();
    Reply login =
        http.post(
            "/auth/login/basic/",
            "{\"email\":\""
                + address
                + "\",\"password\":\""
                + PASSWORD
                + "\",\"client\":\"mobile\",\"device\":{\"token\":\"install-1\",\"platform\":"
                + "\"ios\",\"notification_token\":\"push-1\"}}");
    assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
    assertThat(login.json().get("device_registered").asBoolean()).isTrue();
    Reply devices = http.get("/auth/devices/", login.text("access"));
    assertThat(devices.json().size()).isEqualTo(1);
    assertThat(devices.json().get(0).get("has_notification_token").asBoolean()).isTrue();
    long id = devices.json().get(0).get("id").asLong();
    assertThat(
            http.send("DELETE", "/auth/devices/" + id + "/", null, login.text("access")).status())
        .isEqualTo(200);
    // Removing the device ended the session signed in on it: its token is refused at once.
    assertProblem(http.get("/auth/devices/", login.text("access")), 401, "invalid_token");
    Reply again = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    assertProblem(
        http.send("DELETE", "/auth/devices/" + id + "/", null, again.text("access")),
        404,
        "device_not_found");
  }

  @Test
  void malformedRequestsGetTypedErrors() throws Exception {
    assertProblem(http.post("/auth/token/refresh/", "{not json"), 400, "malformed_json");
    assertProblem(http.post("/auth/token/refresh/", "{\"refresh\":[\"a\"]}"), 400, "invalid_field");
    assertProblem(http.post("/auth/token/refresh/", "{}"), 400, "missing_field");
    assertProblem(
        http.post("/auth/token/refresh/", "{\"refresh\":\"never-issued\"}"),
        401,
        "invalid_refresh_token");
  }
}
