package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.mfa.SecondFactorService;
import dev.gatehouse.mfa.Totp;
import dev.gatehouse.social.OidcProvider;
import dev.gatehouse.social.SocialProvider;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.annotation.Bean;

/**
 * "Continue with ..." on the sign-in pages, in headless Chromium, against a small OpenID Connect
 * provider on a local port: the button goes through the provider and lands signed in; a replayed,
 * planted or altered callback shows a sentence and signs nobody in; a "link required" answer is
 * linked by the next password login.
 */
@OneDatabase(
    "what the pages show and do in a browser; the flows behind them are tested per database")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class SocialSignInPagesTest extends BrowserPagesTestBase {
  @Parameter DatabaseKind kind;

  private static final String PASSWORD = "correct horse battery staple";
  private static final AtomicInteger SEQ = new AtomicInteger();
  static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-05-01T08:00:00Z"));

  private static OidcStandIn provider;
  private static String base;

  /** The test's clock, codes delivered on the request thread, and the stand-in as "acme". */
  static class AcmeProvider {
    @Bean
    MutableClock clock() {
      return CLOCK;
    }

    @Bean
    GatehouseBuilderCustomizer deliverOnTheRequestThread() {
      return b -> b.deliveryExecutor(Runnable::run);
    }

    @Bean
    SocialProvider acme() {
      return OidcProvider.builder("acme", URI.create(provider.issuer), OidcStandIn.CLIENT_ID)
          .clientSecret(OidcStandIn.CLIENT_SECRET)
          .clock(CLOCK)
          .build();
    }
  }

  @BeforeAll
  static void startProvider() throws Exception {
    provider = new OidcStandIn();
  }

  @AfterAll
  static void stopProvider() {
    if (provider != null) {
      provider.server.stop(0);
    }
  }

  @BeforeParameterizedClassInvocation
  static void startSocialHost(DatabaseKind kind) {
    // The provider sends the browser back to the configured public address (never to one built
    // from the request's Host), so the test serves the host at the address it configures.
    int port = PagesHost.freeLoopbackPort();
    app =
        PagesHost.start(
            kind,
            Map.of(
                "server.port",
                String.valueOf(port),
                "gatehouse.frontend-url",
                "http://127.0.0.1:" + port,
                // The in-test providers listen on loopback over plain http.
                "gatehouse.social.development.loopback-providers",
                "true"),
            AcmeProvider.class,
            PagesHost.CapturedEmail.class);
    base = "http://127.0.0.1:" + app.port();
  }

  @BeforeEach
  void freshIdentity() {
    provider.subject = "acme-" + UUID.randomUUID();
    provider.email = "social." + SEQ.incrementAndGet() + "." + kind + "@example.com";
    provider.emailVerified = true;
    provider.alterState = false;
    provider.authorizations.clear();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static void open(String path) {
    browser.get(base + path);
  }

  private static WebElement byId(String id) {
    return browser.findElement(By.id(id));
  }

  /** Clicks, and waits (no fixed sleep) until the page the click leads to has loaded. */
  private static void navigate(WebElement target) {
    browser.executeScript("window.gatehouseOldPage = true");
    target.click();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.pollingEvery(Duration.ofMillis(20)).ignoring(WebDriverException.class);
    wait.until(
        d ->
            (Boolean)
                ((ChromeDriver) d)
                    .executeScript(
                        "return window.gatehouseOldPage === undefined"
                            + " && document.readyState === 'complete'"));
  }

  private static String path() {
    return URI.create(browser.getCurrentUrl()).getPath();
  }

  private static void continueWithAcme() {
    open("/login/");
    WebElement button = byId("social-acme");
    assertThat(button.getText()).isEqualTo("Continue with Acme");
    navigate(button);
  }

  private static void assertSignedInAs(String email) {
    assertThat(path()).isEqualTo("/signed-in/");
    assertThat(byId("who").getText()).contains(email);
  }

  private static void assertNobodySignedIn() {
    open("/signed-in/");
    assertThat(path()).isEqualTo("/login/");
  }

  // ---- tests --------------------------------------------------------------------------------

  @Test
  void theRedirectUriComesFromTheConfiguredAddressNeverFromTheRequestsHost() throws Exception {
    // A browser cannot send another Host; a client speaking HTTP directly can.
    String location;
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
      socket
          .getOutputStream()
          .write(
              ("GET /login/social/acme/ HTTP/1.1\r\nHost: attacker.example\r\n"
                      + "Connection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String head =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      location =
          head.lines()
              .filter(l -> l.regionMatches(true, 0, "Location:", 0, 9))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no redirect: " + head))
              .substring(9)
              .trim();
    }
    String redirectUri =
        java.net.URLDecoder.decode(
            location.replaceFirst(".*[?&]redirect_uri=([^&]*).*", "$1"),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(redirectUri)
        .doesNotContain("attacker.example")
        .isEqualTo(
            app.bean(dev.gatehouse.core.Gatehouse.class)
                .config()
                .get(dev.gatehouse.core.config.GatehouseConfig.FRONTEND_URL)
                .resolve("/login/social/callback/")
                .toString());
  }

  @Test
  void theButtonGoesThroughTheProviderAndLandsSignedIn() {
    open("/otp/request/?lang=fr");
    assertThat(byId("social-acme").getText()).isEqualTo("Continuer avec Acme");
    browser.manage().deleteAllCookies();

    continueWithAcme();

    assertSignedInAs(provider.email);
    assertThat(provider.authorizations).hasSize(1);
    assertThat(browser.getPageSource()).doesNotContain(provider.lastCallback.getRawQuery());
  }

  @Test
  void aReplayedPlantedOrAlteredCallbackSignsNobodyIn() {
    continueWithAcme();
    assertSignedInAs(provider.email);
    String used = provider.lastCallback.toString();

    // The same callback again in this browser: its state was spent.
    browser.get(used);
    assertThat(byId("form-error").getText()).contains("not started in this browser");
    // In another browser (no session): the state is not this browser's.
    browser.manage().deleteAllCookies();
    browser.get(used);
    assertThat(byId("form-error").getText()).contains("not started in this browser");
    assertThat(browser.getPageSource()).doesNotContain("Exception").doesNotContain("at dev.");
    assertNobodySignedIn();

    // A state altered on its way back.
    provider.alterState = true;
    continueWithAcme();
    assertThat(path()).isEqualTo("/login/social/callback/");
    assertThat(byId("form-error").getText()).contains("not started in this browser");
    assertNobodySignedIn();
  }

  @Test
  void anUnverifiedEmailOfAnExistingAccountIsLinkedOnlyAfterItsPasswordLogin() {
    String email = confirmedAccount();
    provider.email = email;
    provider.emailVerified = false;

    continueWithAcme();
    assertThat(byId("message").getText()).contains("Log in to it with your password");
    assertNobodySignedIn();

    open("/login/");
    byId("identifier").sendKeys(email);
    byId("password").sendKeys(PASSWORD);
    navigate(byId("submit"));
    assertSignedInAs(email);
    assertThat(byId("notice").getText()).contains("now linked");

    browser.manage().deleteAllCookies();
    continueWithAcme();
    assertSignedInAs(email);
  }

  @Test
  void anAccountWithAnAuthenticatorAppPassesTheSecondStepAfterTheProvider() {
    String email = confirmedAccount();
    provider.email = email;
    Gatehouse gatehouse = app.bean(Gatehouse.class);
    ClientInfo client = ClientInfo.web();
    VerifiedAccessToken caller =
        gatehouse
            .sessions()
            .verifyAccessToken(
                gatehouse
                    .accounts()
                    .login(new LoginRequest(email, PASSWORD, client))
                    .orElseThrow()
                    .tokens()
                    .accessToken());
    String key =
        gatehouse
            .feature(SecondFactorService.class)
            .beginTotpEnrolment(caller, Reauthentication.recentSignIn(), client)
            .secret();
    byte[] seed =
        org.bouncycastle.util.encoders.Base32.decode(key + "=".repeat((8 - key.length() % 8) % 8));
    Totp totp = Totp.sha1();
    gatehouse
        .feature(SecondFactorService.class)
        .confirmTotpEnrolment(caller, totp.code(seed, totp.step(CLOCK.instant())), client);
    CLOCK.advance(Duration.ofSeconds(Totp.STEP_SECONDS));

    continueWithAcme();
    assertThat(path()).isEqualTo("/login/mfa/");
    assertNobodySignedInYet();
    byId("code").sendKeys(totp.code(seed, totp.step(CLOCK.instant())));
    navigate(byId("verify"));
    assertSignedInAs(email);
  }

  /** The second step is showing: nothing is signed in behind it. */
  private static void assertNobodySignedInYet() {
    assertThat(browser.findElements(By.id("logout"))).isEmpty();
  }

  private static String confirmedAccount() {
    Gatehouse gatehouse = app.bean(Gatehouse.class);
    String email = "linked." + SEQ.incrementAndGet() + "@example.com";
    gatehouse
        .accounts()
        .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
    String mail = app.bean(CapturingEmailSender.class).lastTo(email).orElseThrow().textBody();
    java.util.regex.Matcher token =
        java.util.regex.Pattern.compile("\\?token=([A-Za-z0-9_-]+)").matcher(mail);
    assertThat(token.find()).as("a link in the email").isTrue();
    gatehouse.accounts().confirmEmail(token.group(1));
    return email;
  }

  /**
   * An OpenID provider reduced to what the code flow needs: discovery, JWKS, an authorization
   * endpoint that signs the configured person in and redirects straight back with a code, and a
   * token endpoint that checks the code (once), the client and the PKCE verifier, then signs an
   * id_token with its RSA key on the test's clock. What the id token says can be bent ({@link
   * #tweak}) to play a provider that lies; {@link OrganizationSignInPagesTest} runs one per
   * organisation.
   */
  static final class OidcStandIn {
    static final String CLIENT_ID = "pages-client";
    static final String CLIENT_SECRET = "pages-secret";

    final HttpServer server;
    final String issuer;
    final RSAKey key;
    final String clientId;
    final String clientSecret;
    private final java.time.Clock clock;
    volatile java.util.function.Consumer<JWTClaimsSet.Builder> tweak = b -> {};
    final List<Map<String, String>> authorizations =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    volatile String subject;
    volatile String email;
    volatile boolean emailVerified;
    volatile boolean alterState;
    volatile URI lastCallback;

    OidcStandIn() throws Exception {
      this(CLIENT_ID, CLIENT_SECRET, CLOCK);
    }

    OidcStandIn(String clientId, String clientSecret, java.time.Clock clock) throws Exception {
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      this.clock = clock;
      key = new RSAKeyGenerator(2048).keyID("k1").generate();
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      issuer = "http://127.0.0.1:" + server.getAddress().getPort();
      server.createContext(
          "/.well-known/openid-configuration",
          x ->
              json(
                  x,
                  200,
                  "{\"issuer\":\"%1$s\",\"authorization_endpoint\":\"%1$s/authorize\","
                          .formatted(issuer)
                      // The client secret is checked in the form: it says so, as Apple does.
                      + ("\"token_endpoint\":\"%1$s/token\",\"jwks_uri\":\"%1$s/jwks\","
                              + "\"token_endpoint_auth_methods_supported\":[\"client_secret_post\"]}")
                          .formatted(issuer)));
      server.createContext("/jwks", x -> json(x, 200, new JWKSet(key.toPublicJWK()).toString()));
      server.createContext("/authorize", this::authorize);
      server.createContext("/token", this::token);
      server.start();
    }

    private void authorize(HttpExchange x) throws IOException {
      Map<String, String> q = parse(x.getRequestURI().getRawQuery());
      authorizations.add(q);
      String code = UUID.randomUUID().toString();
      codes.put(code, q);
      String state = alterState ? q.get("state") + "x" : q.get("state");
      lastCallback =
          URI.create(
              q.get("redirect_uri")
                  + "?code="
                  + code
                  + "&state="
                  + URLEncoder.encode(state, StandardCharsets.UTF_8));
      x.getResponseHeaders().add("Location", lastCallback.toString());
      x.sendResponseHeaders(302, -1);
      x.close();
    }

    private void token(HttpExchange x) throws IOException {
      Map<String, String> f =
          parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Map<String, String> auth = codes.remove(f.getOrDefault("code", ""));
      if (auth == null
          || !clientId.equals(f.get("client_id"))
          || !clientSecret.equals(f.get("client_secret"))
          || !auth.get("redirect_uri").equals(f.get("redirect_uri"))
          || !s256(f.getOrDefault("code_verifier", "")).equals(auth.get("code_challenge"))) {
        json(x, 400, "{\"error\":\"invalid_grant\"}");
        return;
      }
      try {
        JWTClaimsSet.Builder said =
            new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(clientId)
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plusSeconds(300)))
                .claim("nonce", auth.get("nonce"))
                .claim("email", email)
                .claim("email_verified", emailVerified);
        tweak.accept(said);
        JWTClaimsSet claims = said.build();
        SignedJWT jwt =
            new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT)
                    .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        json(x, 200, "{\"token_type\":\"Bearer\",\"id_token\":\"" + jwt.serialize() + "\"}");
      } catch (Exception e) {
        json(x, 500, "{}");
      }
    }

    private static String s256(String verifier) {
      try {
        return Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private static Map<String, String> parse(String query) {
      Map<String, String> m = new HashMap<>();
      for (String pair : query == null ? new String[0] : query.split("&")) {
        int i = pair.indexOf('=');
        if (i > 0) {
          m.put(
              URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
        }
      }
      return m;
    }

    private static void json(HttpExchange x, int status, String body) throws IOException {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(status, b.length);
      x.getResponseBody().write(b);
      x.close();
    }
  }
}
