package dev.gatehouse.spring.authorizationserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider in a host over HTTP, as a relying party sees it: discovery and the key set checked
 * by nimbus, the authorization code with PKCE through Gatehouse's sign-in page, the ID token, the
 * access token at userinfo, refresh rotation with reuse detection, client credentials, and the
 * refusals of the OpenID Foundation's basic plan that need no hosted suite. On the JVM's shared
 * host (H2).
 */
class ProviderFlowTest {
  static final String REDIRECT = "https://rp.example.test/callback";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

  static ProviderHost host;
  static String user;

  /** The JVM's shared host, with the account and the public client these tests use. */
  @RegisterExtension
  static final BeforeAllCallback HOST =
      context -> {
        host = ProviderHost.shared(context);
        user = "ada@example.test";
        if (host.clients().find("spa").isEmpty()) {
          host.confirmedAccount(user);
          registerSpa(host);
        }
      };

  /** Registers the public, first-party client these tests sign in to. */
  static void registerSpa(ProviderHost host) {
    // snippet:hide
    dev.gatehouse.core.Gatehouse gatehouse = host.gatehouse();
    // snippet:show
    // snippet:start register-client (docs/OPENID-PROVIDER.md)
    OpenIdClients clients = gatehouse.feature(OpenIdClients.class);
    clients.register(
        new OpenIdClient(
            "spa", // the client_id
            "Single page",
            OpenIdClient.Kind.PUBLIC, // proves itself with PKCE alone
            true, // first party: no consent page
            List.of(REDIRECT), // where the codes go
            List.of("https://rp.example.test/bye"), // where logout may send the browser
            Set.of("openid", "email", "profile")));
    // snippet:end register-client
  }

  /** A browser: cookies kept, redirects not followed, so each step is seen. */
  static final class Browser {
    final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> get(String url) throws Exception {
      String absolute = url.startsWith("http") ? url : host.base() + url;
      return http.send(
          HttpRequest.newBuilder(URI.create(absolute)).header("Accept", "text/html").GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create(host.base() + url))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form(form)))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in at the pages' login form after being sent there. */
    void signIn() throws Exception {
      signIn(user);
    }

    void signIn(String identifier) throws Exception {
      HttpResponse<String> page = get("/login/");
      Matcher csrf = CSRF.matcher(page.body());
      assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
      HttpResponse<String> in =
          post(
              "/login/",
              Map.of(
                  "identifier",
                  identifier,
                  "password",
                  ProviderHost.PASSWORD,
                  "_csrf",
                  csrf.group(1)));
      assertThat(location(in)).endsWith("/signed-in/");
    }
  }

  private static final Pattern CONTINUE = Pattern.compile("id=\"continue\" href=\"([^\"]+)\"");

  /** The page after the sign-in moves the browser on to the request that sent it there. */
  static String continueTo(HttpResponse<String> signedIn) {
    Matcher link = CONTINUE.matcher(signedIn.body());
    assertThat(link.find()).as("the page's way on: " + signedIn.body()).isTrue();
    return link.group(1).replace("&amp;", "&");
  }

  static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static String location(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Location")
        .orElse("(none: " + response.statusCode() + ")");
  }

  static String challenge(String verifier) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  static String authorizeUrl(String verifier, String redirect) throws Exception {
    return authorizeUrl(verifier, redirect, "spa");
  }

  static String authorizeUrl(String verifier, String redirect, String clientId) throws Exception {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", clientId);
    q.put("redirect_uri", redirect);
    q.put("scope", "openid email profile");
    q.put("state", "st-1");
    q.put("nonce", "n-0S6_WzA2Mj");
    q.put("code_challenge", challenge(verifier));
    q.put("code_challenge_method", "S256");
    return "/oauth2/authorize?" + form(q);
  }

  /** Signs in through the authorization endpoint and answers the code the client got back. */
  static String code(Browser browser, String verifier) throws Exception {
    HttpResponse<String> first = browser.get(authorizeUrl(verifier, REDIRECT));
    if (location(first).endsWith("/login/")) {
      browser.signIn();
      first = browser.get(continueTo(browser.get("/signed-in/")));
    }
    String redirect = location(first);
    assertThat(redirect).startsWith(REDIRECT + "?code=").contains("state=st-1");
    String code = redirect.substring(redirect.indexOf("code=") + 5);
    return code.substring(0, code.indexOf('&'));
  }

  static HttpResponse<String> token(Browser browser, Map<String, String> form) throws Exception {
    return token(browser, "", form);
  }

  /**
   * At an issuer's token endpoint: {@code ""} the root one's, {@code /o/{slug}} an organisation's.
   */
  static HttpResponse<String> token(Browser browser, String issuer, Map<String, String> form)
      throws Exception {
    return browser.post(issuer + "/oauth2/token", form);
  }

  static Map<String, Object> json(HttpResponse<String> response) throws Exception {
    return JSONObjectUtils.parse(response.body());
  }

  /** The public client's exchange of a code with its verifier, as the token endpoint answers it. */
  static HttpResponse<String> codeExchange(Browser browser, String code, String verifier)
      throws Exception {
    return codeExchange(browser, code, verifier, "spa");
  }

  static HttpResponse<String> codeExchange(
      Browser browser, String code, String verifier, String clientId) throws Exception {
    return token(
        browser,
        Map.of(
            "grant_type", "authorization_code",
            "code", code,
            "redirect_uri", REDIRECT,
            "client_id", clientId,
            "code_verifier", verifier));
  }

  static Map<String, Object> exchange(Browser browser, String code, String verifier)
      throws Exception {
    return exchange(browser, code, verifier, "spa");
  }

  static Map<String, Object> exchange(
      Browser browser, String code, String verifier, String clientId) throws Exception {
    HttpResponse<String> tokens = codeExchange(browser, code, verifier, clientId);
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    return json(tokens);
  }

  @Test
  @SuppressWarnings("unchecked")
  void discoveryAndTheKeySetAreGatehousesAndParseWithNimbus() throws Exception {
    Browser browser = new Browser();
    Map<String, Object> metadata = json(browser.get("/.well-known/openid-configuration"));
    assertThat(metadata.get("issuer")).isEqualTo(host.base());
    assertThat(metadata.get("jwks_uri")).isEqualTo(host.base() + "/oauth2/jwks");
    assertThat((List<Object>) metadata.get("code_challenge_methods_supported")).contains("S256");
    JWKSet served = JWKSet.parse(browser.get("/oauth2/jwks").body());
    assertThat(served.toJSONObject())
        .isEqualTo(JWKSet.parse(host.gatehouse().publicJwks()).toJSONObject());
    assertThat((List<Object>) metadata.get("id_token_signing_alg_values_supported"))
        .containsExactly(served.getKeys().get(0).getAlgorithm().getName());
  }

  @Test
  void codeWithPkceSignsInThroughThePagesAndGivesAnIdTokenEchoingTheNonceAndUserinfo()
      throws Exception {
    Browser browser = new Browser();
    String verifier = "v".repeat(43);
    Map<String, Object> tokens = exchange(browser, code(browser, verifier), verifier);

    JWTClaimsSet id = verified((String) tokens.get("id_token"));
    assertThat(id.getAudience()).containsExactly("spa");
    assertThat(id.getStringClaim("nonce")).isEqualTo("n-0S6_WzA2Mj");
    assertThat(id.getIssuer()).isEqualTo(host.base());
    assertThat(id.getClaim("auth_time")).isNotNull();
    String userId = host.gatehouse().accounts().findByEmail(user).orElseThrow().id().toString();
    assertThat(id.getSubject()).isEqualTo(userId);
    // RFC 9068, section 2.2.3: the access token's scope is one space-separated string.
    Object scope = verified((String) tokens.get("access_token")).getClaim("scope");
    assertThat(scope).isInstanceOf(String.class);
    assertThat(Set.of(((String) scope).split(" ")))
        .containsExactlyInAnyOrder("openid", "email", "profile");

    HttpResponse<String> info =
        browser.http.send(
            HttpRequest.newBuilder(URI.create(host.base() + "/userinfo"))
                .header("Authorization", "Bearer " + tokens.get("access_token"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(info.statusCode()).as(info.headers().map().toString()).isEqualTo(200);
    assertThat(json(info)).containsEntry("sub", userId).containsEntry("email", user);
  }

  static HttpResponse<String> userinfo(Object accessToken) throws Exception {
    return new Browser()
        .http.send(
            HttpRequest.newBuilder(URI.create(host.base() + "/userinfo"))
                .header("Authorization", "Bearer " + accessToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> refresh(Object refreshToken) throws Exception {
    return token(
        new Browser(),
        Map.of(
            "grant_type",
            "refresh_token",
            "refresh_token",
            (String) refreshToken,
            "client_id",
            "spa"));
  }

  /** Tokens of a fresh browser signed in as {@code identifier}. */
  static Map<String, Object> signedInTokens(String identifier) throws Exception {
    return signedInTokens(identifier, new Browser());
  }

  /** Tokens of {@code browser}, not signed in yet, signed in as {@code identifier}. */
  static Map<String, Object> signedInTokens(String identifier, Browser browser) throws Exception {
    return signedInTokens(identifier, browser, "spa");
  }

  /** Tokens of {@code clientId} for {@code browser}, signed in as {@code identifier} first. */
  static Map<String, Object> signedInTokens(String identifier, Browser browser, String clientId)
      throws Exception {
    String verifier = "w".repeat(50);
    HttpResponse<String> first = browser.get(authorizeUrl(verifier, REDIRECT, clientId));
    assertThat(location(first)).endsWith("/login/");
    browser.signIn(identifier);
    String redirect = location(browser.get(continueTo(browser.get("/signed-in/"))));
    String code = redirect.substring(redirect.indexOf("code=") + 5);
    return exchange(browser, code.substring(0, code.indexOf('&')), verifier, clientId);
  }

  /** Tokens of {@code clientId} for a browser already signed in at the pages. */
  static Map<String, Object> tokensOfSignedIn(Browser browser, String clientId) throws Exception {
    String verifier = "u".repeat(50);
    String redirect = location(browser.get(authorizeUrl(verifier, REDIRECT, clientId)));
    assertThat(redirect).startsWith(REDIRECT + "?code=");
    String code = redirect.substring(redirect.indexOf("code=") + 5);
    return exchange(browser, code.substring(0, code.indexOf('&')), verifier, clientId);
  }

  @Test
  void aRedirectUriNotRegisteredIsRefusedWithoutSendingTheBrowserThere() throws Exception {
    Browser browser = new Browser();
    String verifier = "x".repeat(43);
    code(browser, verifier);
    HttpResponse<String> refused =
        browser.get(authorizeUrl(verifier, "https://attacker.example.test/callback"));
    // Shown on the pages' error page, never sent to the redirect URI (AuthorizationErrorsTest).
    assertThat(location(refused)).endsWith("/oauth2/error/?error=redirect_uri");
  }

  @Test
  void aMissingOrWrongVerifierIsRefusedAndAReplayedCodeRevokesWhatItGave() throws Exception {
    Browser browser = new Browser();
    String verifier = "y".repeat(43);
    String code = code(browser, verifier);
    Map<String, String> exchange = new LinkedHashMap<>();
    exchange.put("grant_type", "authorization_code");
    exchange.put("code", code);
    exchange.put("redirect_uri", REDIRECT);
    exchange.put("client_id", "spa");
    HttpResponse<String> without = token(browser, exchange);
    assertThat(without.statusCode()).isIn(400, 401);
    exchange.put("code_verifier", "z".repeat(43));
    HttpResponse<String> wrong = token(browser, exchange);
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(json(wrong)).containsEntry("error", "invalid_grant");

    Map<String, Object> tokens = exchange(browser, code, verifier);
    assertThat(userinfo(tokens.get("access_token")).statusCode()).isEqualTo(200);
    exchange.put("code_verifier", verifier);
    HttpResponse<String> replayed = token(browser, exchange);
    assertThat(replayed.statusCode()).isEqualTo(400);
    assertThat(json(replayed)).containsEntry("error", "invalid_grant");
    assertThat(userinfo(tokens.get("access_token")).statusCode()).isEqualTo(401);
  }

  @Test
  void anExpiredCodeIsRefused() throws Exception {
    Browser browser = new Browser();
    String verifier = "e".repeat(43);
    String code = code(browser, verifier);
    // The code's expiry moved into the past, as the clock would move it ten minutes on.
    host.gatehouse()
        .feature(ProviderStore.class)
        .inTransaction(
            tx ->
                ProviderStore.rows(tx, ProviderStore.AUTHORIZATIONS)
                    .update(
                        Map.of(
                            "code_hash",
                            host.gatehouse().feature(ProviderStore.class).hash("op:code", code)),
                        Map.of(
                            "code_issued_at",
                            java.time.Instant.now().minusSeconds(600),
                            "code_expires_at",
                            java.time.Instant.now().minusSeconds(300))));
    HttpResponse<String> refused = codeExchange(browser, code, verifier);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused)).containsEntry("error", "invalid_grant");
  }

  @Test
  void aSecretSentByAPublicClientIsRefused() throws Exception {
    Browser browser = new Browser();
    String verifier = "s".repeat(43);
    String code = code(browser, verifier);
    HttpResponse<String> refused =
        token(
            browser,
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                REDIRECT,
                "client_id",
                "spa",
                "client_secret",
                "guessed",
                "code_verifier",
                verifier));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(json(refused)).containsEntry("error", "invalid_client");
  }

  @Test
  void aTokenForAnotherAudienceIsRefusedBothWays() throws Exception {
    Map<String, Object> tokens = signedInTokens(user);
    // The provider's access token is not one of Gatehouse's own (its typ is not at+jwt) ...
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                host.gatehouse().sessions().verifyAccessToken((String) tokens.get("access_token")))
        .isInstanceOf(dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException.class);
    // ... and Gatehouse's own access token, signed by the same ring, is not the provider's.
    dev.gatehouse.core.session.SignInResult login =
        host.gatehouse()
            .accounts()
            .login(
                new dev.gatehouse.core.account.AccountService.LoginRequest(
                    user,
                    ProviderHost.PASSWORD,
                    new dev.gatehouse.core.session.ClientInfo("web", "127.0.0.1", "test", null)));
    String own = ((dev.gatehouse.core.session.SignInResult.SignedIn) login).tokens().accessToken();
    assertThat(userinfo(own).statusCode()).isEqualTo(401);
  }

  @Test
  void refreshRotatesForAPublicClientAndAReusedRefreshTokenRevokesTheWholeFamily()
      throws Exception {
    Map<String, Object> first = signedInTokens(user);
    assertThat(first.get("refresh_token")).isNotNull();
    HttpResponse<String> rotated = refresh(first.get("refresh_token"));
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    Map<String, Object> second = json(rotated);
    assertThat(second.get("refresh_token")).isNotEqualTo(first.get("refresh_token"));
    assertThat(verified((String) second.get("id_token")).getAudience()).containsExactly("spa");
    assertThat(userinfo(second.get("access_token")).statusCode()).isEqualTo(200);

    HttpResponse<String> reused = refresh(first.get("refresh_token"));
    assertThat(reused.statusCode()).isEqualTo(400);
    assertThat(json(reused)).containsEntry("error", "invalid_grant");
    assertThat(refresh(second.get("refresh_token")).statusCode()).isEqualTo(400);
    assertThat(userinfo(second.get("access_token")).statusCode()).isEqualTo(401);
  }

  @Test
  void endingTheGatehouseSessionOrDisablingTheAccountEndsWhatWasIssuedThroughIt() throws Exception {
    String grace = host.confirmedAccount("grace@example.test");
    java.util.UUID id = host.gatehouse().accounts().findByEmail(grace).orElseThrow().id();
    Map<String, Object> tokens = signedInTokens(grace);
    assertThat(userinfo(tokens.get("access_token")).statusCode()).isEqualTo(200);
    host.gatehouse().sessions().logoutAll(id);
    assertThat(userinfo(tokens.get("access_token")).statusCode()).isEqualTo(401);
    assertThat(refresh(tokens.get("refresh_token")).statusCode()).isEqualTo(400);
  }

  @Test
  void aServiceGetsATokenOfItsOwnWithClientCredentials() throws Exception {
    String secret =
        host.clients()
            .register(
                new OpenIdClient(
                    "reports",
                    "Reports",
                    OpenIdClient.Kind.SERVICE,
                    true,
                    List.of(),
                    List.of(),
                    Set.of("reports.read")))
            .secret();
    HttpResponse<String> wrong =
        new Browser()
            .http.send(
                HttpRequest.newBuilder(URI.create(host.base() + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", basic("reports", "not-the-secret"))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "grant_type=client_credentials&scope=reports.read"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> granted =
        new Browser()
            .http.send(
                HttpRequest.newBuilder(URI.create(host.base() + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", basic("reports", secret))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "grant_type=client_credentials&scope=reports.read"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    JWTClaimsSet claims = verified((String) json(granted).get("access_token"));
    assertThat(claims.getSubject()).isEqualTo("reports");
    assertThat(json(granted)).doesNotContainKey("refresh_token");
  }

  static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rpInitiatedLogoutEndsTheGatehouseSessionAndWhatWasIssuedThroughIt() throws Exception {
    Browser browser = new Browser();
    String verifier = "l".repeat(43);
    Map<String, Object> tokens = exchange(browser, code(browser, verifier), verifier);
    HttpResponse<String> out =
        browser.get(
            "/connect/logout?"
                + form(
                    Map.of(
                        "id_token_hint", (String) tokens.get("id_token"),
                        "post_logout_redirect_uri", "https://rp.example.test/bye",
                        "state", "bye-1")));
    assertThat(location(out)).isEqualTo("https://rp.example.test/bye?state=bye-1");
    assertThat(refresh(tokens.get("refresh_token")).statusCode()).isEqualTo(400);
    assertThat(userinfo(tokens.get("access_token")).statusCode()).isEqualTo(401);
    // The browser is signed out of Gatehouse too: the next authorization asks it to sign in.
    assertThat(location(browser.get(authorizeUrl(verifier, REDIRECT)))).endsWith("/login/");
  }

  @Test
  void aThirdPartyClientAsksForConsentAndAFirstPartyOneDoesNot() throws Exception {
    host.clients()
        .register(
            new OpenIdClient(
                "partner",
                "Partner app",
                OpenIdClient.Kind.CONFIDENTIAL,
                false,
                List.of(REDIRECT),
                List.of(),
                Set.of("openid", "email")));
    Browser browser = new Browser();
    code(browser, "c".repeat(43)); // first party: straight back with a code
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", "partner");
    q.put("redirect_uri", REDIRECT);
    q.put("scope", "openid email");
    q.put("state", "p-1");
    q.put("code_challenge", challenge("c".repeat(43)));
    q.put("code_challenge_method", "S256");
    // The consent is a page of the pages (ConsentPageTest).
    HttpResponse<String> consent =
        browser.get(location(browser.get("/oauth2/authorize?" + form(q))));
    assertThat(consent.statusCode()).isEqualTo(200);
    assertThat(consent.body()).contains("partner").contains("email");
  }

  @Test
  void theStartersScheduledCleanupDeletesExpiredAuthorizationsInBatches() throws Exception {
    signedInTokens(user);
    java.time.Instant later = java.time.Instant.now().plus(java.time.Duration.ofDays(31));
    // The task the starter's one cleanup schedule runs (gatehouse.cleanup.*), beside its own.
    dev.gatehouse.spring.boot.CleanupTask scheduled =
        host.bean("gatehouseOpenIdProviderCleanup", dev.gatehouse.spring.boot.CleanupTask.class);
    assertThat(scheduled.run(later)).isPositive();
    List<Map<String, Object>> left =
        host.gatehouse()
            .feature(ProviderStore.class)
            .inTransaction(
                tx -> ProviderStore.rows(tx, ProviderStore.AUTHORIZATIONS).find(Map.of()));
    assertThat(left).isEmpty();
  }

  static JWTClaimsSet verified(String jwt) throws Exception {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    JWKSet keys = JWKSet.parse(new Browser().get("/oauth2/jwks").body());
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.EdDSA),
            new ImmutableJWKSet<>(keys)));
    return processor.process(jwt, null);
  }
}
