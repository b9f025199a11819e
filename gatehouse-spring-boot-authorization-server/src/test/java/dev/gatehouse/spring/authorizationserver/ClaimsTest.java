package dev.gatehouse.spring.authorizationserver;

import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.location;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.organizations.OrganizationService;
import dev.gatehouse.spring.authorizationserver.ProviderFlowTest.Browser;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the provider's tokens and userinfo say beyond the standard claims: the user's organisations
 * and roles for the scope {@code organizations} (auth-organizations is installed in the host), the
 * host's {@link OpenIdClaims} (the test host's bean, {@link ProviderHost.TestBeans#hostClaims}),
 * and the refusal of a host's claim that would replace a protected one. On the JVM's shared host.
 */
class ClaimsTest {
  private static final String REDIRECT = "https://claims.example.test/cb";
  static ProviderHost host;

  @RegisterExtension
  static final BeforeAllCallback HOST =
      c -> {
        host = ProviderHost.shared(c);
        ProviderFlowTest.host = host;
      };

  @Test
  @SuppressWarnings("unchecked")
  void theOrganisationsAndTheHostsClaimsAreInTheTokensAndUserinfo() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String email = "member-" + suffix + "@example.test";
    host.confirmedAccount(email);
    UUID userId = userId(email);
    host.gatehouse()
        .feature(OrganizationService.class)
        .create(userId, "Acme " + suffix, "acme-" + suffix);
    String client = client(suffix);

    Map<String, Object> tokens = signIn(email, client, "openid organizations plan");
    JWTClaimsSet id = SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet();
    JWTClaimsSet access = SignedJWT.parse((String) tokens.get("access_token")).getJWTClaimsSet();
    for (JWTClaimsSet claims : List.of(id, access)) {
      List<Map<String, Object>> orgs = (List<Map<String, Object>>) claims.getClaim("organizations");
      assertThat(orgs).hasSize(1);
      assertThat(orgs.get(0))
          .containsEntry("slug", "acme-" + suffix)
          .containsEntry("role", "owner")
          .containsKey("id");
      assertThat(claims.getSubject()).isEqualTo(userId.toString());
    }
    assertThat(id.getStringClaim("plan")).isEqualTo("gold");
    assertThat(id.getStringClaim("plan_for")).isEqualTo("ID_TOKEN");
    assertThat(access.getStringClaim("plan_for")).isEqualTo("ACCESS_TOKEN");

    HttpResponse<String> info = ProviderFlowTest.userinfo(tokens.get("access_token"));
    assertThat(info.statusCode()).isEqualTo(200);
    Map<String, Object> answered = ProviderFlowTest.json(info);
    assertThat(answered).containsEntry("sub", userId.toString()).containsEntry("plan", "gold");
    assertThat(answered).containsEntry("plan_for", "USERINFO");
    assertThat((List<Object>) answered.get("organizations")).hasSize(1);

    // Without the scopes, neither the organisations nor the host's claim.
    Map<String, Object> plain = signIn(email, client, "openid");
    JWTClaimsSet bare = SignedJWT.parse((String) plain.get("id_token")).getJWTClaimsSet();
    assertThat(bare.getClaims()).doesNotContainKeys("organizations", "plan");
  }

  @Test
  void aHostsClaimThatWouldReplaceAProtectedOneFailsTheTokenRequest() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String email = "bad-" + suffix + "@example.test";
    host.confirmedAccount(email);
    String client = client(suffix);
    Browser browser = new Browser();
    String verifier = "q".repeat(43);
    String code = code(browser, email, client, "openid bad", verifier);
    HttpResponse<String> refused = exchange(browser, client, code, verifier);
    assertThat(refused.statusCode()).as(refused.body()).isGreaterThanOrEqualTo(400);
    assertThat(refused.body()).doesNotContain("id_token");
  }

  @Test
  @SuppressWarnings("unchecked")
  void anOrganisationsIssuerIssuesToItsMembersOnlyAndSaysWhichOrganisation() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String member = "issuer-member-" + suffix + "@example.test";
    String outsider = "issuer-outsider-" + suffix + "@example.test";
    host.confirmedAccount(member);
    host.confirmedAccount(outsider);
    String slug = "org-" + suffix;
    host.gatehouse().feature(OrganizationService.class).create(userId(member), "Org", slug);
    String client = client(suffix);
    String issuer = "/o/" + slug;

    Map<String, Object> metadata =
        ProviderFlowTest.json(new Browser().get(issuer + "/.well-known/openid-configuration"));
    assertThat(metadata.get("issuer")).isEqualTo(host.base() + issuer);
    assertThat(metadata.get("token_endpoint")).isEqualTo(host.base() + issuer + "/oauth2/token");

    Map<String, Object> tokens = signIn(member, client, "openid", issuer);
    JWTClaimsSet id = SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet();
    assertThat(id.getIssuer()).isEqualTo(host.base() + issuer);
    Map<String, Object> org = (Map<String, Object>) id.getClaim("org");
    assertThat(org).containsEntry("slug", slug).containsEntry("role", "owner");
    HttpResponse<String> info =
        new Browser()
            .http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(host.base() + issuer + "/userinfo"))
                    .header("Authorization", "Bearer " + tokens.get("access_token"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
    assertThat(ProviderFlowTest.json(info)).containsKey("org");

    // Not a member: the authorization request is answered access_denied.
    Browser browser = new Browser();
    HttpResponse<String> first =
        browser.get(
            issuer
                + "/oauth2/authorize?"
                + ProviderFlowTest.form(query(client, "openid", "k".repeat(43))));
    assertThat(location(first)).endsWith("/login/");
    browser.signIn(outsider);
    String denied = location(browser.get(ProviderFlowTest.continueTo(browser.get("/signed-in/"))));
    assertThat(denied).startsWith(REDIRECT + "?error=access_denied");

    // The root issuer's refresh token of an outsider is refused at the organisation's issuer.
    Map<String, Object> root = signIn(outsider, client, "openid", "");
    assertThat(SignedJWT.parse((String) root.get("id_token")).getJWTClaimsSet().getClaims())
        .doesNotContainKey("org");
    HttpResponse<String> refreshed =
        ProviderFlowTest.token(
            new Browser(),
            issuer,
            Map.of(
                "grant_type",
                "refresh_token",
                "refresh_token",
                (String) root.get("refresh_token"),
                "client_id",
                client));
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(400);
    assertThat(refreshed.body()).doesNotContain("access_token");

    // A path that is neither the root's nor an organisation's is not the provider's.
    assertThat(new Browser().get("/elsewhere/.well-known/openid-configuration").body())
        .doesNotContain("\"issuer\"");
  }

  private static UUID userId(String email) {
    return host.bean(AuthStore.class)
        .inTransaction(tx -> tx.users().findByEmail(email))
        .orElseThrow()
        .publicId();
  }

  private static String client(String suffix) {
    String id = "claims-" + suffix;
    host.clients()
        .register(
            new OpenIdClient(
                id,
                "Claims",
                OpenIdClient.Kind.PUBLIC,
                true,
                List.of(REDIRECT),
                List.of(),
                Set.of("openid", "organizations", "plan", "bad")));
    return id;
  }

  private static Map<String, Object> signIn(String email, String client, String scope)
      throws Exception {
    return signIn(email, client, scope, "");
  }

  /** Signs in at an issuer: {@code ""} for the root one, {@code /o/{slug}} an organisation's. */
  private static Map<String, Object> signIn(
      String email, String client, String scope, String issuer) throws Exception {
    Browser browser = new Browser();
    String verifier = "k".repeat(43);
    HttpResponse<String> tokens =
        exchange(
            browser,
            issuer,
            client,
            code(browser, issuer, email, client, scope, verifier),
            verifier);
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    return ProviderFlowTest.json(tokens);
  }

  private static String code(
      Browser browser, String email, String client, String scope, String verifier)
      throws Exception {
    return code(browser, "", email, client, scope, verifier);
  }

  private static String code(
      Browser browser, String issuer, String email, String client, String scope, String verifier)
      throws Exception {
    HttpResponse<String> first =
        browser.get(
            issuer + "/oauth2/authorize?" + ProviderFlowTest.form(query(client, scope, verifier)));
    if (location(first).endsWith("/login/")) {
      browser.signIn(email);
      first = browser.get(ProviderFlowTest.continueTo(browser.get("/signed-in/")));
    }
    String redirect = location(first);
    assertThat(redirect).startsWith(REDIRECT + "?code=");
    String code = redirect.substring(redirect.indexOf("code=") + 5);
    return code.substring(0, code.indexOf('&'));
  }

  private static Map<String, String> query(String client, String scope, String verifier)
      throws Exception {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", client);
    q.put("redirect_uri", REDIRECT);
    q.put("scope", scope);
    q.put("state", "s");
    q.put("nonce", "n");
    q.put("code_challenge", ProviderFlowTest.challenge(verifier));
    q.put("code_challenge_method", "S256");
    return q;
  }

  private static HttpResponse<String> exchange(
      Browser browser, String client, String code, String verifier) throws Exception {
    return exchange(browser, "", client, code, verifier);
  }

  private static HttpResponse<String> exchange(
      Browser browser, String issuer, String client, String code, String verifier)
      throws Exception {
    return ProviderFlowTest.token(
        browser,
        issuer,
        Map.of(
            "grant_type", "authorization_code",
            "code", code,
            "redirect_uri", REDIRECT,
            "client_id", client,
            "code_verifier", verifier));
  }
}
