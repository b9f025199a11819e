package dev.gatehouse.spring.authorizationserver;

import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.challenge;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.continueTo;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.exchange;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.form;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.location;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.verified;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.spring.authorizationserver.ProviderFlowTest.Browser;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code prompt}, {@code max_age} and {@code login_hint} as OpenID Connect Core 1.0 (section
 * 3.1.2.1) says, over HTTP on the JVM's shared host (H2): {@code prompt=none} from a signed-out
 * browser, after a logout, or from one whose session cannot answer (consent needed, {@code max_age}
 * exceeded) is answered at the client's redirect URI with its {@code state}, never with a page;
 * {@code prompt=login} and {@code max_age} send a signed-in browser through the sign-in again, and
 * the code that follows carries the new sign-in's {@code auth_time}; {@code prompt=consent} shows
 * the consent page again; refused combinations and values are {@code invalid_request}.
 */
class PromptTest {
  private static final String REDIRECT = ProviderFlowTest.REDIRECT;
  private static final String VERIFIER = "p".repeat(43);
  private static final String PARTNER_REDIRECT = "https://partner.example.test/prompt";
  private static ProviderHost host;

  @RegisterExtension
  static final BeforeAllCallback HOST =
      context -> {
        ProviderFlowTest.HOST.beforeAll(context);
        host = ProviderFlowTest.host;
        if (host.clients().find("prompt-partner").isEmpty()) {
          host.clients()
              .register(
                  new OpenIdClient(
                      "prompt-partner",
                      "Prompt partner",
                      OpenIdClient.Kind.PUBLIC,
                      false,
                      List.of(PARTNER_REDIRECT),
                      List.of(),
                      Set.of("openid", "email")));
        }
      };

  /** An authorization request of the first-party client, with {@code more} parameters. */
  private static String authorize(String state, Map<String, String> more) throws Exception {
    return authorize("spa", REDIRECT, "openid email", state, more);
  }

  private static String authorize(
      String client, String redirect, String scope, String state, Map<String, String> more)
      throws Exception {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", client);
    q.put("redirect_uri", redirect);
    q.put("scope", scope);
    q.put("state", state);
    q.put("nonce", "n-" + state);
    q.put("code_challenge", challenge(VERIFIER));
    q.put("code_challenge_method", "S256");
    q.putAll(more);
    return "/oauth2/authorize?" + form(q);
  }

  private static String email() {
    return host.confirmedAccount("prompt-" + UUID.randomUUID() + "@example.test");
  }

  private static Browser signedIn(String email) throws Exception {
    Browser browser = new Browser();
    browser.signIn(email);
    return browser;
  }

  private static String codeOf(String redirect) {
    assertThat(redirect).startsWith(REDIRECT + "?code=");
    String code = redirect.substring(redirect.indexOf("code=") + 5);
    return code.substring(0, code.indexOf('&'));
  }

  private static JWTClaimsSet idToken(Browser browser, String redirect) throws Exception {
    return verified((String) exchange(browser, codeOf(redirect), VERIFIER).get("id_token"));
  }

  /** The user's one live Gatehouse session that is not {@code before}. */
  private static SessionState sessionOtherThan(String email, String before) {
    UUID user = host.gatehouse().accounts().findByEmail(email).orElseThrow().id();
    List<SessionState> others =
        host
            .bean(AuthStore.class)
            .inTransaction(tx -> tx.sessions().liveSessionsOf(user, Instant.now()))
            .stream()
            .filter(s -> !s.id().equals(before))
            .toList();
    assertThat(others).as("a new sign-in's session").hasSize(1);
    return others.get(0);
  }

  /** The user's one live Gatehouse session's id. */
  private static String onlySession(String email) {
    return sessionOtherThan(email, "").id();
  }

  @Test
  void promptNoneFromASignedOutBrowserIsLoginRequiredAtTheRedirectUriWithTheState()
      throws Exception {
    HttpResponse<String> silent = new Browser().get(authorize("s-1", Map.of("prompt", "none")));
    assertThat(silent.statusCode()).isEqualTo(302);
    assertThat(location(silent))
        .startsWith(REDIRECT + "?error=login_required")
        .contains("state=s-1")
        .doesNotContain("code=");
  }

  @Test
  void promptNoneAfterALogoutIsLoginRequiredAndWhileSignedInGivesACode() throws Exception {
    Browser browser = signedIn(email());
    String renewed = location(browser.get(authorize("s-2", Map.of("prompt", "none"))));
    assertThat(renewed).startsWith(REDIRECT + "?code=").contains("state=s-2");

    HttpResponse<String> page = browser.get("/logout/");
    Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(page.body());
    assertThat(csrf.find()).as(page.body()).isTrue();
    assertThat(location(browser.post("/logout/", Map.of("_csrf", csrf.group(1)))))
        .contains("/login/");
    assertThat(location(browser.get(authorize("s-3", Map.of("prompt", "none")))))
        .startsWith(REDIRECT + "?error=login_required")
        .contains("state=s-3");
  }

  @Test
  void promptNoneWhenConsentIsNeededIsConsentRequired() throws Exception {
    Browser browser = signedIn(email());
    HttpResponse<String> silent =
        browser.get(
            authorize(
                "prompt-partner",
                PARTNER_REDIRECT,
                "openid email",
                "c-1",
                Map.of("prompt", "none")));
    assertThat(location(silent))
        .startsWith(PARTNER_REDIRECT + "?error=consent_required")
        .contains("state=c-1");
  }

  @Test
  void promptNoneWithAMaxAgeTheSignInIsOlderThanIsLoginRequired() throws Exception {
    Browser browser = signedIn(email());
    assertThat(location(browser.get(authorize("m-1", Map.of("prompt", "none", "max_age", "0")))))
        .startsWith(REDIRECT + "?error=login_required")
        .contains("state=m-1");
    // A max_age the sign-in meets: a code, and auth_time in the ID token.
    String code =
        location(browser.get(authorize("m-2", Map.of("prompt", "none", "max_age", "3600"))));
    assertThat(idToken(browser, code).getDateClaim("auth_time")).isNotNull();
  }

  @Test
  void promptLoginSendsASignedInBrowserThroughTheSignInAndTheCodeCarriesTheNewSignIn()
      throws Exception {
    String email = email();
    Browser browser = signedIn(email);
    String before = onlySession(email);

    HttpResponse<String> asked = browser.get(authorize("l-1", Map.of("prompt", "login")));
    assertThat(location(asked)).endsWith("/login/");
    browser.signIn(email);
    // Back from the sign-in, the same request is answered by it, not asked again.
    String redirect = location(browser.get(continueTo(browser.get("/signed-in/"))));
    JWTClaimsSet id = idToken(browser, redirect);

    SessionState newest = sessionOtherThan(email, before);
    assertThat(id.getDateClaim("auth_time").toInstant().getEpochSecond())
        .isEqualTo(newest.authTime().getEpochSecond());
    assertThat(id.getStringListClaim("amr")).containsExactly("pwd");

    // The same request again later asks again: an answered request is forgotten.
    assertThat(location(browser.get(authorize("l-1", Map.of("prompt", "login")))))
        .endsWith("/login/");
  }

  @Test
  void maxAgeZeroSendsASignedInBrowserThroughTheSignInOnceAndAuthTimeIsThere() throws Exception {
    String email = email();
    Browser browser = signedIn(email);
    String before = onlySession(email);
    HttpResponse<String> asked = browser.get(authorize("z-1", Map.of("max_age", "0")));
    assertThat(location(asked)).endsWith("/login/");
    browser.signIn(email);
    String redirect = location(browser.get(continueTo(browser.get("/signed-in/"))));
    JWTClaimsSet id = idToken(browser, redirect);
    assertThat(id.getDateClaim("auth_time").toInstant().getEpochSecond())
        .isEqualTo(sessionOtherThan(email, before).authTime().getEpochSecond());

    // A max_age the sign-in meets asks nothing.
    assertThat(location(browser.get(authorize("z-2", Map.of("max_age", "86400")))))
        .startsWith(REDIRECT + "?code=");
  }

  @Test
  void aSignedOutBrowsersPromptLoginSignsInOnceWithoutALoop() throws Exception {
    String email = email();
    Browser browser = new Browser();
    assertThat(location(browser.get(authorize("o-1", Map.of("prompt", "login")))))
        .endsWith("/login/");
    browser.signIn(email);
    assertThat(location(browser.get(continueTo(browser.get("/signed-in/")))))
        .startsWith(REDIRECT + "?code=")
        .contains("state=o-1");
  }

  @Test
  void promptConsentShowsTheConsentPageAgainEvenToAFirstPartyClient() throws Exception {
    Browser browser = signedIn(email());
    assertThat(location(browser.get(authorize("k-1", Map.of())))).startsWith(REDIRECT + "?code=");
    HttpResponse<String> asked = browser.get(authorize("k-2", Map.of("prompt", "consent")));
    assertThat(location(asked)).contains("/account/consent/");
  }

  @Test
  void promptSelectAccountIsAnsweredByTheBrowsersOneAccount() throws Exception {
    Browser browser = signedIn(email());
    assertThat(location(browser.get(authorize("a-1", Map.of("prompt", "select_account")))))
        .startsWith(REDIRECT + "?code=");
    assertThat(location(new Browser().get(authorize("a-2", Map.of("prompt", "select_account")))))
        .endsWith("/login/");
  }

  @Test
  void noneWithAnotherValueAndABadMaxAgeAreInvalidRequestAndAnUnknownValueIsIgnored()
      throws Exception {
    Browser browser = signedIn(email());
    for (String prompt : List.of("none login", "none consent", "none select_account", "none x")) {
      assertThat(location(browser.get(authorize("i-1", Map.of("prompt", prompt)))))
          .as(prompt)
          .startsWith(REDIRECT + "?error=invalid_request")
          .contains("state=i-1");
    }
    for (String maxAge : List.of("-1", "soon", "1.5", "")) {
      assertThat(location(browser.get(authorize("i-2", Map.of("max_age", maxAge)))))
          .as(maxAge)
          .startsWith(REDIRECT + "?error=invalid_request")
          .contains("state=i-2");
    }
    assertThat(location(browser.get(authorize("i-3", Map.of("prompt", "create")))))
        .startsWith(REDIRECT + "?code=");
  }

  @Test
  void aLoginHintFillsInTheLoginFormEscapedAndIsNeverTrusted() throws Exception {
    Browser browser = new Browser();
    String sent =
        location(browser.get(authorize("h-1", Map.of("login_hint", "ada+hint@example.test"))));
    assertThat(sent).endsWith("/login/?login_hint=ada%2Bhint%40example.test");
    assertThat(browser.get(sent).body()).contains("value=\"ada+hint@example.test\"");

    String hostile = "\"><script>alert(1)</script>";
    String page =
        browser.get(location(browser.get(authorize("h-2", Map.of("login_hint", hostile))))).body();
    assertThat(page).doesNotContain("<script>alert(1)").contains("&lt;script&gt;");
    // Too long or with a control character: the field stays empty.
    assertThat(browser.get("/login/?login_hint=" + "a".repeat(255)).body())
        .doesNotContain("a".repeat(255));
    assertThat(browser.get("/login/?login_hint=ada%0a@example.test").body())
        .doesNotContain("ada\n@example.test");
  }
}
