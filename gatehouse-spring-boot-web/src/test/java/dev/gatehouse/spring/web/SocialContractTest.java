package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The social sign-in routes over HTTP. */
class SocialContractTest extends ContractTestSupport {

  private static String sub() {
    return "s-" + UUID.randomUUID();
  }

  private static String query(URI uri, String name) {
    for (String pair : uri.getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Test
  void theProvidersAreListed() throws Exception {
    Reply r = http.get("/auth/login/social/", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("providers").get(0).asString()).isEqualTo("test");
  }

  @Test
  void theBrowserFlowBindsTheStateToTheBrowserAndSignsIn() throws Exception {
    Reply redirect = http.get("/auth/login/social/redirect/?provider=test", null);
    assertThat(redirect.status()).isEqualTo(302);
    URI location = URI.create(redirect.header("Location"));
    assertThat(query(location, "redirect_uri"))
        .isEqualTo(TestHost.FRONTEND + "/auth/login/social/callback/");
    String setCookie = redirect.header("Set-Cookie");
    assertThat(setCookie)
        .contains("HttpOnly", "SameSite=None", "Secure", "Path=/auth/login/social/");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String state = URLEncoder.encode(query(location, "state"), StandardCharsets.UTF_8);
    String code = URLEncoder.encode(sub() + "||false", StandardCharsets.UTF_8);

    // Without this browser's cookie: refused, and the state is not spent.
    Reply planted =
        http.send(
            "GET", "/auth/login/social/callback/?state=" + state + "&code=" + code, null, null);
    assertProblem(planted, 400, "invalid_state");

    Reply in =
        http.send(
            "GET",
            "/auth/login/social/callback/?state=" + state + "&code=" + code,
            null,
            null,
            "Cookie",
            cookie);
    assertThat(in.status()).as(in.raw().body()).isEqualTo(200);
    assertThat(in.text("access")).isNotBlank();

    Reply replay =
        http.send(
            "GET",
            "/auth/login/social/callback/?state=" + state + "&code=" + code,
            null,
            null,
            "Cookie",
            cookie);
    assertProblem(replay, 400, "invalid_state");
  }

  @Test
  void aNativeTokenSignsInAndAnUnverifiedEmailOfAnAccountAnswers409WithALinkToken()
      throws Exception {
    Reply in =
        http.post("/auth/login/social/", json("provider", "test", "id_token", sub() + "||false"));
    assertThat(in.status()).as(in.raw().body()).isEqualTo(200);

    String email = confirmedAccount();
    String sub = sub();
    Reply required =
        http.post(
            "/auth/login/social/",
            json("provider", "test", "id_token", sub + "|" + email + "|false"));
    assertProblem(required, 409, "link_required");
    assertThat(required.text("reason")).isEqualTo("provider_email_unverified");
    String linkToken = required.text("link_token");

    Reply login = http.post("/auth/login/basic/", json("email", email, "password", PASSWORD));
    String access = login.text("access");
    Reply linked = http.post("/auth/login/social/link/", json("link_token", linkToken), access);
    assertThat(linked.status()).as(linked.raw().body()).isEqualTo(200);
    assertThat(linked.text("provider")).isEqualTo("test");

    Reply now =
        http.post(
            "/auth/login/social/",
            json("provider", "test", "id_token", sub + "|" + email + "|false|again"));
    assertThat(now.status()).as(now.raw().body()).isEqualTo(200);

    Reply list = http.get("/auth/login/social/accounts/", access);
    assertThat(list.json().get("accounts").size()).isEqualTo(1);
    Reply unlink = http.post("/auth/login/social/unlink/", json("provider", "test"), access);
    assertThat(unlink.status()).as(unlink.raw().body()).isEqualTo(200);
    assertProblem(
        http.post("/auth/login/social/unlink/", json("provider", "test"), access),
        404,
        "social_account_not_found");
  }

  @Test
  void aSessionOlderThanTheRecentSignInWindowLinksNothingAndAFreshOneLinksAndMailsTheAccount()
      throws Exception {
    String email = confirmedAccount();
    Reply login = http.post("/auth/login/basic/", json("email", email, "password", PASSWORD));
    // Six minutes on, a refreshed access token still carries the old sign-in time.
    clock.advance(Duration.ofMinutes(6));
    Reply refreshed = http.post("/auth/token/refresh/", json("refresh", login.text("refresh")));
    assertThat(refreshed.status()).as(refreshed.raw().body()).isEqualTo(200);
    String stale = refreshed.text("access");
    String identity = sub() + "||false";

    assertProblem(
        http.post(
            "/auth/login/social/link/", json("provider", "test", "id_token", identity), stale),
        403,
        "reauthentication_required");
    assertThat(http.get("/auth/login/social/accounts/", stale).json().get("accounts").size())
        .isZero();
    assertThat(mailTo(email).orElseThrow().subject()).doesNotContain("linked");

    String fresh =
        http.post("/auth/login/basic/", json("email", email, "password", PASSWORD)).text("access");
    // The refused attempt spent its token (each verifies once): the app gets a new one.
    Reply linked =
        http.post(
            "/auth/login/social/link/",
            json("provider", "test", "id_token", identity + "|again"),
            fresh);
    assertThat(linked.status()).as(linked.raw().body()).isEqualTo(200);
    assertThat(mailTo(email).orElseThrow().subject()).contains("linked");
  }

  @Test
  void staffImpersonatingAUserLinksNoIdentityOfTheirOwn() throws Exception {
    String email = confirmedAccount();
    Reply own = http.post("/auth/login/basic/", json("email", email, "password", PASSWORD));
    UUID victim = UUID.fromString(own.json().get("user").get("id").asString());
    String acting = impersonation(victim);
    String staffsOwn = sub() + "||false";

    // Reads work under act; the link is refused whatever proof it offers, nothing is linked.
    assertThat(http.get("/auth/login/social/accounts/", acting).status()).isEqualTo(200);
    assertProblem(
        http.post(
            "/auth/login/social/link/", json("provider", "test", "id_token", staffsOwn), acting),
        403,
        "impersonation_refused");
    assertProblem(
        http.post(
            "/auth/login/social/link/",
            json("provider", "test", "id_token", staffsOwn, "password", PASSWORD),
            acting),
        403,
        "impersonation_refused");
    assertThat(
            http.get("/auth/login/social/accounts/", own.text("access"))
                .json()
                .get("accounts")
                .size())
        .isZero();
    // The identity signs nobody in as the user: it makes an account of its own.
    Reply in = http.post("/auth/login/social/", json("provider", "test", "id_token", staffsOwn));
    assertThat(in.status()).as(in.raw().body()).isEqualTo(200);
    assertThat(in.json().get("user").get("id").asString()).isNotEqualTo(victim.toString());
  }

  @Test
  void linkingNeedsASignedInCaller() throws Exception {
    Reply r = http.post("/auth/login/social/link/", json("link_token", "x"));
    assertThat(r.status()).isEqualTo(401);
  }
}
