package dev.gatehouse.spring.authorizationserver;

import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.challenge;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.form;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.authorizationserver.ProviderFlowTest.Browser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A third-party client's consent (issue 93, finding 11) is a page of Gatehouse's pages, under their
 * content security policy, loading nothing from another site: its form may only go back to the
 * provider, and from there to the redirect URI the request named. Approving gives the client its
 * code, denying gives it {@code access_denied}; another user's browser is shown nothing of it; in
 * headless Chromium, allowing reaches a redirect URI of another origin under the page's policy. On
 * the JVM's shared host (H2).
 */
class ConsentPageTest {
  private static final String REDIRECT = "https://partner.example.test/cb";
  private static final Pattern ACTION = Pattern.compile("id=\"consent\"[^>]*action=\"([^\"]+)\"");

  private static ProviderHost host;
  private static ExtensionContext extension;

  @RegisterExtension
  static final BeforeAllCallback HOST =
      context -> {
        ProviderFlowTest.HOST.beforeAll(context);
        host = ProviderFlowTest.host;
        extension = context;
      };

  private static String thirdParty() {
    return thirdParty(REDIRECT);
  }

  private static String thirdParty(String redirect) {
    String id = "consent-" + UUID.randomUUID().toString().substring(0, 8);
    host.clients()
        .register(
            new OpenIdClient(
                id,
                "Partner app",
                OpenIdClient.Kind.CONFIDENTIAL,
                false,
                List.of(redirect),
                List.of(),
                Set.of("openid", "email", "profile")));
    return id;
  }

  private static Browser signedIn() throws Exception {
    String email = "consent-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    host.confirmedAccount(email);
    Browser browser = new Browser();
    browser.signIn(email);
    return browser;
  }

  private static String authorize(String clientId, String state) throws Exception {
    return authorize(clientId, state, REDIRECT);
  }

  private static String authorize(String clientId, String state, String redirect) throws Exception {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", clientId);
    q.put("redirect_uri", redirect);
    q.put("scope", "openid email");
    q.put("state", state);
    q.put("code_challenge", challenge("c".repeat(43)));
    q.put("code_challenge_method", "S256");
    return "/oauth2/authorize?" + form(q);
  }

  private static String query(String url, String name) {
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(
            pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no " + name + " in " + url);
  }

  private static HttpResponse<String> decide(
      Browser browser, String action, String clientId, String state, List<String> scopes)
      throws Exception {
    StringBuilder body =
        new StringBuilder("client_id=" + clientId + "&state=")
            .append(URLEncoder.encode(state, StandardCharsets.UTF_8));
    scopes.forEach(s -> body.append("&scope=").append(s));
    return browser.http.send(
        HttpRequest.newBuilder(URI.create(host.base() + action))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theConsentIsAPageOfThePagesUnderTheirPolicyWithNothingFromAnotherSite() throws Exception {
    String client = thirdParty();
    Browser browser = signedIn();
    HttpResponse<String> asked = browser.get(authorize(client, "p-1"));
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(302);
    String consentUrl = location(asked);
    assertThat(URI.create(consentUrl).getPath()).isEqualTo("/account/consent/");

    HttpResponse<String> page = browser.get(consentUrl);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    // The pages' own policy, the form's target widened to the request's redirect URI alone.
    String pages =
        browser.get("/login/").headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(policy)
        .isEqualTo(
            pages.replace("form-action 'self'", "form-action 'self' https://partner.example.test"));
    assertThat(page.body())
        .contains("Partner app")
        .contains("email")
        .doesNotContain("cdn")
        .doesNotContainPattern("(src|href)=\"(https?:)?//");
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");

    Matcher action = ACTION.matcher(page.body());
    assertThat(action.find()).as(page.body()).isTrue();
    String state = query(consentUrl, "state");
    HttpResponse<String> allowed =
        decide(browser, action.group(1), client, state, List.of("openid", "email"));
    assertThat(location(allowed)).startsWith(REDIRECT + "?code=").contains("state=p-1");

    // Kept: the next request of the same scopes asks nothing.
    assertThat(location(browser.get(authorize(client, "p-2")))).startsWith(REDIRECT + "?code=");
  }

  @Test
  void denyingGivesTheClientAccessDeniedAndAnotherUsersBrowserSeesNothingOfTheRequest()
      throws Exception {
    String client = thirdParty();
    Browser browser = signedIn();
    String consentUrl = location(browser.get(authorize(client, "d-1")));
    String state = query(consentUrl, "state");

    Browser other = signedIn();
    HttpResponse<String> foreign = other.get(consentUrl);
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.body()).doesNotContain("Partner app");
    HttpResponse<String> stolen =
        decide(other, "/oauth2/authorize", client, state, List.of("openid", "email"));
    assertThat(location(stolen)).doesNotContain("code=");

    Matcher action = ACTION.matcher(browser.get(consentUrl).body());
    assertThat(action.find()).isTrue();
    HttpResponse<String> denied = decide(browser, action.group(1), client, state, List.of());
    assertThat(location(denied)).startsWith(REDIRECT + "?error=access_denied");

    // Not signed in: sent to sign in, shown nothing.
    HttpResponse<String> anonymous = new Browser().get(consentUrl);
    assertThat(location(anonymous)).endsWith("/login/");
  }

  @Test
  void inChromiumAllowingSendsTheBrowserOnToTheRedirectUriUnderThePolicy() throws Exception {
    ChromeDriver chrome = ProviderChromium.shared(extension);
    chrome.manage().deleteAllCookies();
    // Another origin than the provider's (localhost, not 127.0.0.1): 'self' does not cover it.
    String redirect = "http://localhost:" + URI.create(host.base()).getPort() + "/consent-landing";
    String client = thirdParty(redirect);
    String email = "consent-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    host.confirmedAccount(email);
    chrome.get(host.base() + "/login/");
    chrome.findElement(By.id("identifier")).sendKeys(email);
    chrome.findElement(By.id("password")).sendKeys(ProviderHost.PASSWORD);
    chrome.findElement(By.id("submit")).click();
    WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.urlContains("/signed-in/"));

    chrome.get(host.base() + authorize(client, "c-1", redirect));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
    assertThat(chrome.getCurrentUrl()).contains("/account/consent/");
    chrome.findElement(By.id("allow")).click();
    wait.withMessage(chrome::getCurrentUrl)
        .until(ExpectedConditions.urlContains("/consent-landing?code="));
    assertThat(chrome.getCurrentUrl()).startsWith(redirect + "?code=").contains("state=c-1");
  }
}
