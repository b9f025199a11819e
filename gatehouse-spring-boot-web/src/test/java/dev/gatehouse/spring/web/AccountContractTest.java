package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The account routes of the contract over HTTP, reading the emails from a capturing sender. */
// Its bootstrap makes the database's first superuser: no other class's may be there
// (TestHostDatabases).
@TestPropertySource(properties = "test-host.own-database=true")
class AccountContractTest extends ContractTestSupport {

  @Test
  void registerConfirmLoginCallRefreshLogout() throws Exception {
    String address = confirmedAccount();
    Reply login =
        http.post("/auth/login/basic/", json("email", address.toUpperCase(), "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    String access = login.text("access");
    String refresh = login.text("refresh");
    assertThat(access).isNotBlank();
    assertThat(http.get("/api/hello/", access).status()).isEqualTo(200);
    Reply refreshed = http.post("/auth/token/refresh/", json("refresh", refresh));
    assertThat(refreshed.status()).isEqualTo(200);
    String access2 = refreshed.text("access");
    assertThat(http.get("/api/hello/", access2).status()).isEqualTo(200);
    assertThat(http.post("/auth/logout/", null, access2).status()).isEqualTo(200);
    assertProblem(
        http.post("/auth/token/refresh/", json("refresh", refreshed.text("refresh"))),
        401,
        "invalid_refresh_token");
  }

  @Test
  void logoutWithOnlyTheRefreshTokenEndsTheSession() throws Exception {
    Reply login = login();
    assertThat(http.post("/auth/logout/", json("refresh", login.text("refresh"))).status())
        .isEqualTo(200);
    assertThat(http.post("/auth/token/refresh/", json("refresh", login.text("refresh"))).status())
        .isEqualTo(401);
  }

  @Test
  void anUnconfirmedAccountCannotLogIn() throws Exception {
    String address = newEmail();
    http.post("/auth/register/", json("email", address, "password", PASSWORD));
    assertProblem(
        http.post("/auth/login/basic/", json("email", address, "password", PASSWORD)),
        403,
        "account_not_verified");
  }

  @Test
  void registeringATakenEmailAnswersExactlyLikeANewOne() throws Exception {
    String address = confirmedAccount();
    Reply again =
        http.post("/auth/register/", json("email", address, "password", "another good passphrase"));
    Reply fresh =
        http.post(
            "/auth/register/", json("email", newEmail(), "password", "another good passphrase"));
    assertThat(again.status()).isEqualTo(201).isEqualTo(fresh.status());
    assertThat(again.raw().body()).isEqualTo(fresh.raw().body());
    Reply resend =
        http.post("/auth/registration/account-confirmation-email/resend/", json("email", address));
    Reply resendUnknown =
        http.post(
            "/auth/registration/account-confirmation-email/resend/", json("email", newEmail()));
    assertThat(resend.status()).isEqualTo(200);
    assertThat(resendUnknown.raw().body()).isEqualTo(resend.raw().body());
  }

  @Test
  void unknownAndKnownLoginsAndResetsLookTheSame() throws Exception {
    String address = confirmedAccount();
    Reply wrong =
        http.post("/auth/login/basic/", json("email", address, "password", "not the password"));
    Reply unknown =
        http.post("/auth/login/basic/", json("email", newEmail(), "password", "not the password"));
    assertProblem(wrong, 400, "invalid_credentials");
    assertThat(unknown.raw().body()).isEqualTo(wrong.raw().body());
    Reply reset = http.post("/auth/password-reset/request/", json("email", address));
    Reply resetUnknown = http.post("/auth/password-reset/request/", json("email", newEmail()));
    assertThat(reset.status()).isEqualTo(200);
    assertThat(resetUnknown.raw().body()).isEqualTo(reset.raw().body());
  }

  @Test
  void passwordResetWorksOnceAndEndsSessions() throws Exception {
    String address = confirmedAccount();
    Reply login = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    String refresh = login.text("refresh");
    http.post("/auth/password-reset/request/", json("email", address));
    String token = tokenIn(mailTo(address).orElseThrow());
    assertThat(
            http.post(
                    "/auth/password-reset/confirm/",
                    json("token", token, "password", "a brand new passphrase"))
                .status())
        .isEqualTo(200);
    Reply reused =
        http.post(
            "/auth/password-reset/confirm/",
            json("token", token, "password", "yet another passphrase"));
    assertProblem(reused, 400, "invalid_link");
    assertThat(reused.header("WWW-Authenticate")).isNull();
    assertThat(http.post("/auth/token/refresh/", json("refresh", refresh)).status()).isEqualTo(401);
    assertThat(
            http.post(
                    "/auth/login/basic/",
                    json("email", address, "password", "a brand new passphrase"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void aWrongCurrentPasswordIs400NotA401() throws Exception {
    Reply login = login();
    String access = login.text("access");
    Reply change =
        http.post(
            "/auth/password-reset/change/",
            json("current_password", "not the password", "new_password", "a brand new one here"),
            access);
    assertProblem(change, 400, "invalid_credentials");
    assertThat(change.header("WWW-Authenticate")).isNull();
    Reply delete = http.post("/auth/account/delete/", json("password", "nope nope"), access);
    assertProblem(delete, 400, "invalid_credentials");
    // The session is untouched: the token still works.
    assertThat(http.get("/auth/me/", access).status()).isEqualTo(200);
    Reply ok =
        http.post(
            "/auth/password-reset/change/",
            json("current_password", PASSWORD, "new_password", "a brand new one here"),
            access);
    assertThat(ok.status()).isEqualTo(200);
  }

  @Test
  void accountUpdateAnswersTheUser() throws Exception {
    Reply login = login();
    Reply updated =
        http.send(
            "PATCH",
            "/auth/account/update/",
            json("language", "de", "timezone", "Europe/Berlin"),
            login.text("access"));
    assertThat(updated.status()).as(updated.raw().body()).isEqualTo(200);
    assertThat(updated.json().at("/user/language").asString()).isEqualTo("de");
    assertThat(updated.json().at("/user/timezone").asString()).isEqualTo("Europe/Berlin");
    assertProblem(
        http.post("/auth/account/update/", json("timezone", "Mars/Base"), login.text("access")),
        400,
        "invalid_time_zone");
  }

  @Test
  void aUsernameAnotherAccountHoldsIsA409ConflictWithoutAChallenge() throws Exception {
    String username = "taken_" + java.util.UUID.randomUUID().toString().substring(0, 8);
    Reply first = login();
    assertThat(
            http.post("/auth/account/update/", json("username", username), first.text("access"))
                .status())
        .isEqualTo(200);
    Reply second = login();
    // A collision with what exists is the kind "conflict": 409, and no Bearer challenge, since
    // the caller's token is fine.
    assertProblem(
        http.post("/auth/account/update/", json("username", username), second.text("access")),
        409,
        "username_taken");
  }

  @Test
  void deletingTheAccountEndsItsSessions() throws Exception {
    Reply login = login();
    assertThat(
            http.post("/auth/account/delete/", json("password", PASSWORD), login.text("access"))
                .status())
        .isEqualTo(200);
    assertThat(http.post("/auth/token/refresh/", json("refresh", login.text("refresh"))).status())
        .isEqualTo(401);
  }

  @Test
  void badInputGetsTypedErrorsIncludingArraysWhereStringsBelong() throws Exception {
    assertProblem(
        http.post(
            "/auth/password-reset/request/",
            "{\"email\":[\"victim@example.com\",\"attacker@example.com\"]}"),
        400,
        "invalid_field");
    assertProblem(
        http.post("/auth/login/basic/", "{\"email\":{\"$ne\":null},\"password\":\"x\"}"),
        400,
        "invalid_field");
    assertProblem(http.post("/auth/login/basic/", "{oops"), 400, "malformed_json");
    assertThat(
            http.post("/auth/register/", json("email", "not-an-email", "password", PASSWORD))
                .status())
        .isEqualTo(400);
    Reply weak = http.post("/auth/register/", json("email", newEmail(), "password", "password"));
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.text("code")).startsWith("password_");
    assertThat(http.post("/auth/login/basic/", json("email", "", "password", "")).status())
        .isIn(400, 401);
    assertProblem(
        http.post("/auth/login/basic/", json("email", "a@example.com", "client", "tv")),
        400,
        "invalid_client");
  }

  @Test
  void theFirstSuperuserNeedsTheBootstrapTokenAndOnlyOnce() throws Exception {
    String body = json("email", newEmail(), "password", "admin passphrase one");
    assertProblem(http.post("/auth/admin/create-superuser/", body), 403, "invalid_bootstrap_token");
    Reply created =
        http.send(
            "POST",
            "/auth/admin/create-superuser/",
            body,
            null,
            "X-Admin-Bootstrap-Token",
            TestHost.BOOTSTRAP);
    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    assertThat(created.text("id")).isNotBlank();
    Reply second =
        http.send(
            "POST",
            "/auth/admin/create-superuser/",
            json("email", newEmail(), "password", "admin passphrase two"),
            null,
            "X-Admin-Bootstrap-Token",
            TestHost.BOOTSTRAP);
    assertProblem(second, 403, "superuser_exists");
  }

  @Test
  void deletingWithoutAPasswordNeedsARecentSignInAndIsAForbiddenNotAnUnauthorized()
      throws Exception {
    Reply login = login();
    clock.advance(java.time.Duration.ofMinutes(6));
    // A refreshed token is valid but keeps the session's sign-in time (auth_time), now too old.
    Reply refreshed = http.post("/auth/token/refresh/", json("refresh", login.text("refresh")));
    assertThat(refreshed.status()).isEqualTo(200);
    String access = refreshed.text("access");
    Reply stale = http.post("/auth/account/delete/", json(), access);
    assertProblem(stale, 403, "reauthentication_required");
    assertThat(stale.header("WWW-Authenticate")).isNull();
    assertThat(http.get("/auth/me/", access).status()).isEqualTo(200);

    Reply fresh = login();
    assertThat(http.post("/auth/account/delete/", json(), fresh.text("access")).status())
        .isEqualTo(200);
  }

  @Test
  void sensitiveRoutesRefuseTheTokenOfAnEndedSessionAtOnce() throws Exception {
    Reply a = login();
    Reply b = login();
    assertThat(http.post("/auth/logout/", null, a.text("access")).status()).isEqualTo(200);
    for (Reply r :
        java.util.List.of(
            http.get("/auth/sessions/", a.text("access")),
            http.post("/auth/logout/all/", null, a.text("access")),
            http.post("/auth/sessions/revoke-others/", null, a.text("access")),
            http.post("/auth/account/delete/", json("password", PASSWORD), a.text("access")),
            http.post(
                "/auth/password-reset/change/",
                json("current_password", PASSWORD, "new_password", "a brand new one here"),
                a.text("access")))) {
      assertProblem(r, 401, "invalid_token");
    }
    // The other session is untouched by all of it.
    assertThat(http.get("/auth/sessions/", b.text("access")).status()).isEqualTo(200);
  }
}
