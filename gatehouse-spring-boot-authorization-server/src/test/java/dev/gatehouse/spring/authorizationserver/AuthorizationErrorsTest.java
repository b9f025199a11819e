package dev.gatehouse.spring.authorizationserver;

import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.challenge;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.form;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.authorizationserver.ProviderFlowTest.Browser;
import dev.gatehouse.spring.pages.ModulePage;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where the authorization endpoint's errors go (RFC 6749 section 4.1.2.1, issue 97 finding 4): one
 * that belongs to the client, a bad {@code response_type} included, to its redirect URI with the
 * {@code state}, once the client and the redirect URI are valid; one that must not (no client, an
 * unknown client, a redirect URI not registered) to a page of the pages, themed, under their
 * content security policy, never Spring's "Whitelabel Error Page" and never the redirect URI. Over
 * HTTP, signed out and signed in, on the JVM's shared host (H2).
 */
class AuthorizationErrorsTest {
  private static final String REDIRECT = ProviderFlowTest.REDIRECT;
  private static final String ATTACKER = "https://attacker.example.test/cb";
  private static ProviderHost host;

  @RegisterExtension
  static final BeforeAllCallback HOST =
      context -> {
        ProviderFlowTest.HOST.beforeAll(context);
        host = ProviderFlowTest.host;
      };

  private static Map<String, String> request() throws Exception {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", "spa");
    q.put("redirect_uri", REDIRECT);
    q.put("scope", "openid email");
    q.put("state", "e-1");
    q.put("code_challenge", challenge("e".repeat(43)));
    q.put("code_challenge_method", "S256");
    return q;
  }

  private static HttpResponse<String> authorize(Browser browser, Map<String, String> q)
      throws Exception {
    return browser.get("/oauth2/authorize?" + form(q));
  }

  /** The refusal is the pages' error page saying {@code which}, and goes nowhere else. */
  private static void shownOnThePage(Browser browser, HttpResponse<String> refused, String which)
      throws Exception {
    assertThat(refused.statusCode()).isEqualTo(302);
    assertThat(location(refused)).endsWith("/oauth2/error/?error=" + which);
    HttpResponse<String> page = browser.get(location(refused));
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .contains(ModulePage.CONTENT_SECURITY_POLICY);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    String pages = browser.get("/login/").body();
    assertThat(page.body())
        .doesNotContain("Whitelabel")
        .doesNotContain("attacker")
        .contains("/assets/pages.css")
        .contains("id=\"form-error\"");
    assertThat(pages).contains("/assets/pages.css");
  }

  @Test
  void aBadResponseTypeGoesToTheRedirectUriWithTheStateOnceClientAndRedirectUriAreValid()
      throws Exception {
    for (Browser browser : new Browser[] {new Browser(), signedIn()}) {
      Map<String, String> q = request();
      q.put("response_type", "token");
      assertThat(location(authorize(browser, q)))
          .startsWith(REDIRECT + "?error=unsupported_response_type")
          .contains("state=e-1")
          .doesNotContain("code=");
      q.put("response_type", "code id_token");
      assertThat(location(authorize(browser, q)))
          .startsWith(REDIRECT + "?error=unsupported_response_type");
      q.remove("response_type");
      assertThat(location(authorize(browser, q)))
          .startsWith(REDIRECT + "?error=invalid_request")
          .contains("state=e-1");
    }
  }

  @Test
  void aBadResponseTypeWithABadClientOrRedirectUriIsShownOnThePage() throws Exception {
    Browser browser = new Browser();
    Map<String, String> q = request();
    q.put("response_type", "token");
    q.put("redirect_uri", ATTACKER);
    shownOnThePage(browser, authorize(browser, q), "redirect_uri");
    q.put("redirect_uri", REDIRECT);
    q.put("client_id", "nobody");
    shownOnThePage(browser, authorize(browser, q), "client");
  }

  @Test
  void anUnknownOrMissingClientAndAnUnregisteredRedirectUriAreShownOnThePage() throws Exception {
    for (Browser browser : new Browser[] {new Browser(), signedIn()}) {
      Map<String, String> q = request();
      q.put("client_id", "nobody");
      shownOnThePage(browser, authorize(browser, q), "client");
      q.remove("client_id");
      shownOnThePage(browser, authorize(browser, q), "client");
      q = request();
      q.put("redirect_uri", ATTACKER);
      shownOnThePage(browser, authorize(browser, q), "redirect_uri");
      q.remove("redirect_uri");
      shownOnThePage(browser, authorize(browser, q), "redirect_uri");
    }
  }

  @Test
  void thePageSaysNothingTheRequestChose() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> page = browser.get("/oauth2/error/?error=%3Cscript%3Ealert(1)");
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).doesNotContain("alert(1)").contains("id=\"form-error\"");
  }

  private static Browser signedIn() throws Exception {
    Browser browser = new Browser();
    browser.signIn(
        host.confirmedAccount("errors-" + java.util.UUID.randomUUID() + "@example.test"));
    return browser;
  }
}
