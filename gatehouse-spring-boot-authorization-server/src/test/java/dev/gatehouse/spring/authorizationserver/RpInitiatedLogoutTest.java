package dev.gatehouse.spring.authorizationserver;

import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.form;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.location;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.refresh;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.signedInTokens;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.userinfo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.authorizationserver.ProviderFlowTest.Browser;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RP-initiated logout ends the browser's session only for an {@code id_token_hint} of that
 * browser's own sign-in; any other hint, or none, asks the user first (issue 93 finding 2: a link
 * or an image with someone else's ID token signed out whichever browser opened it).
 */
class RpInitiatedLogoutTest {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

  static ProviderHost host;

  @RegisterExtension
  static final BeforeAllCallback HOST =
      context -> {
        host = ProviderHost.shared(context);
        if (host.clients().find("spa").isEmpty()) {
          host.confirmedAccount("ada@example.test");
          ProviderFlowTest.registerSpa(host);
        }
        ProviderFlowTest.host = host;
      };

  /** A browser signed in through the provider as a new account, with its relying party's tokens. */
  private record SignedIn(Browser browser, Map<String, Object> tokens) {}

  private static SignedIn signedIn() throws Exception {
    String email = "logout-" + UUID.randomUUID() + "@example.test";
    host.confirmedAccount(email);
    Browser browser = new Browser();
    // signedInTokens uses a browser of its own; sign this one in through the same steps.
    Map<String, Object> tokens = signedInTokens(email, browser);
    return new SignedIn(browser, tokens);
  }

  private static String logout(Map<String, String> query) {
    return "/connect/logout?" + form(query);
  }

  private static boolean signedIn(Browser browser) throws Exception {
    return browser.get("/signed-in/").statusCode() == 200
        && location(
                browser.get(
                    ProviderFlowTest.authorizeUrl("z".repeat(43), ProviderFlowTest.REDIRECT)))
            .contains("code=");
  }

  @Test
  void anotherUsersIdTokenDoesNotSignTheBrowserOutButAsksFirst() throws Exception {
    SignedIn a = signedIn();
    SignedIn b = signedIn();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("id_token_hint", (String) b.tokens().get("id_token"));
    query.put("post_logout_redirect_uri", "https://rp.example.test/bye");
    query.put("state", "x-1");
    HttpResponse<String> asked = a.browser().get(logout(query));

    // Nothing ended: A's browser, A's relying party's tokens, and B's are all still good.
    assertThat(location(asked)).doesNotStartWith("https://rp.example.test/bye");
    assertThat(userinfo(a.tokens().get("access_token")).statusCode()).isEqualTo(200);
    assertThat(refresh(a.tokens().get("refresh_token")).statusCode()).isEqualTo(200);
    assertThat(userinfo(b.tokens().get("access_token")).statusCode()).isEqualTo(200);
    assertThat(signedIn(a.browser())).isTrue();

    // What A was shown instead: the question, whose answer is a POST with the pages' CSRF token.
    HttpResponse<String> question =
        asked.statusCode() == 200 ? asked : a.browser().get(location(asked));
    assertThat(question.statusCode()).isEqualTo(200);
    assertThat(question.body()).contains("id=\"confirm-logout\"");
    Matcher csrf = CSRF.matcher(question.body());
    assertThat(csrf.find()).isTrue();
    // A cross-site POST without the token changes nothing.
    assertThat(a.browser().post("/logout/", Map.of()).statusCode()).isEqualTo(403);
    assertThat(signedIn(a.browser())).isTrue();
    // Confirmed, it signs A out.
    assertThat(location(a.browser().post("/logout/", Map.of("_csrf", csrf.group(1)))))
        .contains("/login/");
    assertThat(location(a.browser().get("/account/password/"))).endsWith("/login/");
  }

  @Test
  void aLogoutWithoutAHintAsksFirst() throws Exception {
    SignedIn a = signedIn();
    HttpResponse<String> asked = a.browser().get("/connect/logout");
    assertThat(userinfo(a.tokens().get("access_token")).statusCode()).isEqualTo(200);
    assertThat(signedIn(a.browser())).isTrue();
    HttpResponse<String> question =
        asked.statusCode() == 200 ? asked : a.browser().get(location(asked));
    assertThat(question.body()).contains("id=\"confirm-logout\"");
  }

  @Test
  void theBrowsersOwnIdTokenSignsItOut() throws Exception {
    SignedIn a = signedIn();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("id_token_hint", (String) a.tokens().get("id_token"));
    query.put("post_logout_redirect_uri", "https://rp.example.test/bye");
    query.put("state", "own-1");
    HttpResponse<String> out = a.browser().get(logout(query));
    assertThat(location(out)).isEqualTo("https://rp.example.test/bye?state=own-1");
    assertThat(userinfo(a.tokens().get("access_token")).statusCode()).isEqualTo(401);
    assertThat(location(a.browser().get("/account/password/"))).endsWith("/login/");
  }
}
