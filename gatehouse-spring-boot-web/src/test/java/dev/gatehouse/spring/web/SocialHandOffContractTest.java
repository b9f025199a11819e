package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A single-page application's browser sign-in ({@code gatehouse.social.handoff-url}): the callback
 * redirects to the application with a one-time code instead of showing tokens, and only the
 * application holding the PKCE verifier can exchange it, once.
 */
@SpringBootTest(
    classes = TestHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "gatehouse.http.enabled=true",
      "gatehouse.social.handoff-url=https://app.example.test/signed-in"
    })
class SocialHandOffContractTest extends ContractTestSupport {
  private static final String HANDOFF = "https://app.example.test/signed-in";

  private static String param(String query, String name) {
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String challenge(String verifier) throws Exception {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  /** The redirect's fragment after a browser sign-in started with {@code challenge}. */
  private Map<String, String> signInInTheBrowser(String challenge) throws Exception {
    Reply redirect =
        http.get("/auth/login/social/redirect/?provider=test&code_challenge=" + challenge, null);
    assertThat(redirect.status()).isEqualTo(302);
    URI location = URI.create(redirect.header("Location"));
    String setCookie = redirect.header("Set-Cookie");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String state =
        URLEncoder.encode(param(location.getRawQuery(), "state"), StandardCharsets.UTF_8);
    String code = URLEncoder.encode("s-" + UUID.randomUUID() + "||false", StandardCharsets.UTF_8);
    Reply back =
        http.send(
            "GET",
            "/auth/login/social/callback/?state=" + state + "&code=" + code,
            null,
            null,
            "Cookie",
            cookie);
    assertThat(back.status()).as(back.raw().body()).isEqualTo(302);
    assertThat(back.raw().body()).doesNotContain("access");
    String target = back.header("Location");
    assertThat(target).startsWith(HANDOFF + "#");
    Map<String, String> fragment = new LinkedHashMap<>();
    for (String pair : target.substring(target.indexOf('#') + 1).split("&")) {
      int eq = pair.indexOf('=');
      fragment.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return fragment;
  }

  @Test
  void theApplicationExchangesTheCodeWithItsVerifierOnce() throws Exception {
    String verifier = "v-" + UUID.randomUUID() + "-" + UUID.randomUUID();
    Map<String, String> fragment = signInInTheBrowser(challenge(verifier));
    assertThat(fragment).containsEntry("provider", "test").containsKey("code");

    Reply tokens =
        http.post(
            "/auth/login/social/exchange/",
            json("code", fragment.get("code"), "code_verifier", verifier));
    assertThat(tokens.status()).as(tokens.raw().body()).isEqualTo(200);
    assertThat(tokens.text("access")).isNotBlank();
    String refresh = tokens.text("refresh");
    assertThat(http.post("/auth/token/refresh/", json("refresh", refresh)).status()).isEqualTo(200);

    Reply replay =
        http.post(
            "/auth/login/social/exchange/",
            json("code", fragment.get("code"), "code_verifier", verifier));
    assertProblem(replay, 400, "invalid_grant");
  }

  @Test
  void aCodeStolenFromTheRedirectIsUselessWithoutTheVerifier() throws Exception {
    String verifier = "v-" + UUID.randomUUID() + "-" + UUID.randomUUID();
    Map<String, String> fragment = signInInTheBrowser(challenge(verifier));
    String attacker = "a-" + UUID.randomUUID() + "-" + UUID.randomUUID();
    assertProblem(
        http.post(
            "/auth/login/social/exchange/",
            json("code", fragment.get("code"), "code_verifier", attacker)),
        400,
        "invalid_grant");
    // The code is bound to the application's challenge: the thief's try neither finds nor spends
    // it, and the application still signs in.
    Reply tokens =
        http.post(
            "/auth/login/social/exchange/",
            json("code", fragment.get("code"), "code_verifier", verifier));
    assertThat(tokens.status()).as(tokens.raw().body()).isEqualTo(200);
    // Two minutes later a code is worth nothing.
    Map<String, String> late = signInInTheBrowser(challenge(verifier));
    clock.advance(java.time.Duration.ofMinutes(3));
    assertProblem(
        http.post(
            "/auth/login/social/exchange/",
            json("code", late.get("code"), "code_verifier", verifier)),
        400,
        "invalid_grant");
  }

  @Test
  void aSinglePageSignInNeedsItsChallengeAndAFailureComesBackAsAnError() throws Exception {
    assertThat(gatehouse.config().get(dev.gatehouse.social.SocialSettings.SOCIAL_HANDOFF_URL))
        .isEqualTo(URI.create(HANDOFF));
    assertProblem(
        http.get("/auth/login/social/redirect/?provider=test", null),
        400,
        "invalid_code_challenge");

    Reply redirect =
        http.get(
            "/auth/login/social/redirect/?provider=test&code_challenge="
                + challenge("v-" + UUID.randomUUID() + "-" + UUID.randomUUID()),
            null);
    String setCookie = redirect.header("Set-Cookie");
    Reply planted =
        http.send(
            "GET",
            "/auth/login/social/callback/?state=forged&code=x",
            null,
            null,
            "Cookie",
            setCookie.substring(0, setCookie.indexOf(';')));
    assertThat(planted.status()).isEqualTo(302);
    assertThat(planted.header("Location")).isEqualTo(HANDOFF + "#error=invalid_state");
  }
}
