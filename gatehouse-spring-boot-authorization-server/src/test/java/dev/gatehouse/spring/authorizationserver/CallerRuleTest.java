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
 * Who the caller is, at the provider, read through the one caller rule: an impersonation in the
 * pages authorizes, consents and signs in nowhere outside Gatehouse (issue 93 finding 1), and the
 * ID token says how and when the user signed in, never a time it does not know. Over HTTP on the
 * JVM's shared host, with a third-party and a first-party client.
 */
class CallerRuleTest {
  private static final String REDIRECT = "https://rp.example.test/callback";
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
        if (host.clients().find("caller-partner").isEmpty()) {
          host.clients()
              .register(
                  new OpenIdClient(
                      "caller-partner",
                      "Partner of the caller rule",
                      OpenIdClient.Kind.PUBLIC,
                      false,
                      List.of(REDIRECT),
                      List.of(),
                      Set.of("openid", "email")));
        }
      };

  private static String authorize(String clientId, String scope, String state) throws Exception {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", clientId);
    q.put("redirect_uri", REDIRECT);
    q.put("scope", scope);
    q.put("state", state);
    q.put("code_challenge", challenge("i".repeat(43)));
    q.put("code_challenge_method", "S256");
    return "/oauth2/authorize?" + form(q);
  }

  /** A superuser's browser, signed in at the pages and then impersonating {@code victim}. */
  private static Browser impersonating(String superuser, UUID victim) throws Exception {
    host.confirmedAccount(superuser);
    AuthStore store = host.bean(AuthStore.class);
    store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByEmail(superuser).orElseThrow().toBuilder()
                        .staff(true)
                        .superuser(true)
                        .build()));
    Browser staff = new Browser();
    staff.signIn(superuser);
    String page = "/staff/users/" + victim + "/";
    HttpResponse<String> user = staff.get(page);
    assertThat(user.statusCode()).as(user.body()).isEqualTo(200);
    Matcher csrf = CSRF.matcher(user.body());
    assertThat(csrf.find()).as("the user page's CSRF token").isTrue();
    HttpResponse<String> acting =
        staff.post(
            page + "impersonate", Map.of("reason", "ticket 93: support", "_csrf", csrf.group(1)));
    assertThat(location(acting)).endsWith("/signed-in/");
    assertThat(staff.get("/signed-in/").body()).contains("impersonat");
    return staff;
  }

  private static List<Map<String, Object>> consents(String clientId, UUID user) {
    return host.gatehouse()
        .feature(ProviderStore.class)
        .inTransaction(
            tx ->
                ProviderStore.rows(tx, ProviderStore.CONSENTS)
                    .find(Map.of("client_id", clientId, "principal", user.toString())));
  }

  @Test
  void anImpersonationIsRefusedAtEveryClientAndConsentsToNothingForTheUser() throws Exception {
    String victimEmail = "imp-victim-" + UUID.randomUUID() + "@example.test";
    host.confirmedAccount(victimEmail);
    UUID victim = host.gatehouse().accounts().findByEmail(victimEmail).orElseThrow().id();
    Browser staff = impersonating("imp-super-" + UUID.randomUUID() + "@example.test", victim);

    // A third-party client: no consent page in the user's name, access_denied at its redirect.
    HttpResponse<String> thirdParty = staff.get(authorize("caller-partner", "openid email", "t-1"));
    if (thirdParty.statusCode() == 200) {
      // The consent page as the user's, as before the fix: consenting would keep it as theirs.
      Matcher state =
          Pattern.compile("name=\"state\"\\s+value=\"([^\"]+)\"").matcher(thirdParty.body());
      if (state.find()) {
        staff.post(
            "/oauth2/authorize",
            Map.of("client_id", "caller-partner", "state", state.group(1), "scope", "email"));
      }
    }
    assertThat(location(thirdParty)).startsWith(REDIRECT + "?error=access_denied");
    assertThat(location(thirdParty)).contains("state=t-1").doesNotContain("code=");
    assertThat(consents("caller-partner", victim)).isEmpty();

    // A first-party client: no code either.
    HttpResponse<String> firstParty = staff.get(authorize("spa", "openid email", "f-1"));
    assertThat(location(firstParty)).startsWith(REDIRECT + "?error=access_denied");
    assertThat(location(firstParty)).doesNotContain("code=");

    // The user's own browser afterwards is still asked.
    Browser own = new Browser();
    HttpResponse<String> first = own.get(authorize("caller-partner", "openid email", "u-1"));
    assertThat(location(first)).endsWith("/login/");
    own.signIn(victimEmail);
    // The consent is a page of the pages (ConsentPageTest), where the authorization sends it.
    HttpResponse<String> asked = own.get(location(own.get(continueTo(own.get("/signed-in/")))));
    assertThat(asked.statusCode()).as(location(asked)).isEqualTo(200);
    assertThat(asked.body()).contains("caller-partner");
  }

  @Test
  void anIdTokenOfAPasswordSignInSaysHowAndTheSessionsTrueSignInTime() throws Exception {
    String email = "amr-" + UUID.randomUUID() + "@example.test";
    host.confirmedAccount(email);
    Browser browser = new Browser();
    String verifier = "a".repeat(43);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", "spa");
    q.put("redirect_uri", REDIRECT);
    q.put("scope", "openid");
    q.put("state", "a-1");
    q.put("code_challenge", challenge(verifier));
    q.put("code_challenge_method", "S256");
    assertThat(location(browser.get("/oauth2/authorize?" + form(q)))).endsWith("/login/");
    browser.signIn(email);
    String redirect = location(browser.get(continueTo(browser.get("/signed-in/"))));
    String code = redirect.substring(redirect.indexOf("code=") + 5);
    Map<String, Object> tokens = exchange(browser, code.substring(0, code.indexOf('&')), verifier);

    JWTClaimsSet id = verified((String) tokens.get("id_token"));
    assertThat(id.getStringListClaim("amr")).containsExactly("pwd");
    UUID user = host.gatehouse().accounts().findByEmail(email).orElseThrow().id();
    SessionState session =
        host
            .bean(AuthStore.class)
            .inTransaction(tx -> tx.sessions().liveSessionsOf(user, java.time.Instant.now()))
            .stream()
            .findFirst()
            .orElseThrow();
    assertThat(id.getDateClaim("auth_time").toInstant().getEpochSecond())
        .isEqualTo(session.authTime().getEpochSecond());
  }
}
