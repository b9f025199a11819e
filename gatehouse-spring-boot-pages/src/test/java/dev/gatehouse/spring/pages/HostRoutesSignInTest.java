package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One signed-in user for the whole host (issue 94): a browser signed in at the pages' {@code
 * /login/} reaches the host's own routes by its session cookie, with the roles its access token
 * carries ({@code @PreAuthorize} as with a bearer token), CSRF for its changes, an impersonation
 * that only reads, and nothing after {@code POST /logout/}; bearer tokens stay CSRF-free, and
 * {@code gatehouse.pages.host-sign-in: false} keeps the host's routes bearer-only. Real HTTP
 * against a started host.
 */
class HostRoutesSignInTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern LINK = Pattern.compile("https?://\\S+token=[^\\s\"<]+");
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static PagesHost host;

  /** The host's own routes, as a host writes them. */
  @Configuration(proxyBeanMethods = false)
  @EnableMethodSecurity
  @Import(HostRoutes.Orders.class)
  static class HostRoutes {
    static final AtomicInteger ORDERS = new AtomicInteger();

    @RestController
    static class Orders {
      @GetMapping("/api/me")
      String me(Authentication who) {
        return "user " + who.getName();
      }

      @GetMapping("/api/reports")
      @PreAuthorize("hasRole('staff')")
      String reports() {
        return "reports";
      }

      @PostMapping("/api/orders")
      String order() {
        return "order " + ORDERS.incrementAndGet();
      }
    }
  }

  @BeforeAll
  static void start() {
    host = start(Map.of());
  }

  private static PagesHost start(Map<String, String> properties) {
    return PagesHost.start(
        DatabaseKind.H2,
        properties,
        PagesHost.TestClock.class,
        PagesHost.CapturedEmail.class,
        HostRoutes.class);
  }

  @AfterAll
  static void stop() {
    host.close();
  }

  /** A browser: its session cookie, kept as the host replaces it. */
  private static final class Browser {
    private final PagesHost app;
    String cookie = "";

    Browser(PagesHost app) {
      this.app = app;
    }

    HttpResponse<String> get(String path) throws Exception {
      return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A navigation: what a browser asks for when it opens a page. */
    HttpResponse<String> open(String path) throws Exception {
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
              .GET());
    }

    HttpResponse<String> post(String path, String form) throws Exception {
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private URI uri(String path) {
      return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
      if (!cookie.isEmpty()) {
        request.header("Cookie", cookie);
      }
      HttpResponse<String> got = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (String set : got.headers().allValues("Set-Cookie")) {
        if (set.startsWith(PagesHost.SESSION_COOKIE + "=")) {
          cookie = set.substring(0, set.indexOf(';'));
        }
      }
      return got;
    }

    /** The CSRF token of a page's form. */
    String csrf(String page) throws Exception {
      Matcher m = CSRF.matcher(get(page).body());
      assertThat(m.find()).as("a CSRF token in " + page).isTrue();
      return m.group(1);
    }

    /** Signs in with the pages' form, its CSRF token included. */
    Browser logIn(String email) throws Exception {
      String token = csrf("/login/");
      HttpResponse<String> in =
          post("/login/", form("identifier", email, "password", PASSWORD, "_csrf", token));
      assertThat(in.statusCode()).as("the pages' login").isEqualTo(302);
      assertThat(in.headers().firstValue("Location").orElse("")).endsWith("/signed-in/");
      return this;
    }
  }

  private static String form(String... pairs) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      s.append(s.isEmpty() ? "" : "&")
          .append(pairs[i])
          .append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return s.toString();
  }

  private static Gatehouse gatehouse(PagesHost app) {
    return app.bean(Gatehouse.class);
  }

  /** A confirmed account with {@link #PASSWORD}; its public id. */
  private static UUID account(PagesHost app, String email) {
    gatehouse(app)
        .accounts()
        .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
    Matcher m =
        LINK.matcher(app.bean(CapturingEmailSender.class).lastTo(email).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    String link = m.group();
    gatehouse(app).accounts().confirmEmail(link.substring(link.indexOf("token=") + 6));
    return gatehouse(app).accounts().findByEmail(email).orElseThrow().id();
  }

  private static String newEmail(String what) {
    return what + ".host" + SEQ.incrementAndGet() + "@example.com";
  }

  private static void makeSuperuser(UUID user) {
    AuthStore store = host.bean(AuthStore.class);
    store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(user).orElseThrow().toBuilder()
                        .staff(true)
                        .superuser(true)
                        .build()));
  }

  @Test
  void theBrowsersSignInIsThePrincipalOfTheHostsRoutesWithItsRoles() throws Exception {
    String email = newEmail("shopper");
    UUID id = account(host, email);
    Browser browser = new Browser(host).logIn(email);

    HttpResponse<String> me = browser.get("/api/me");
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).isEqualTo("user " + id);
    // Roles as a bearer token of the session gets them: no staff role, no reports.
    assertThat(browser.get("/api/reports").statusCode()).isEqualTo(403);

    String staffEmail = newEmail("staff");
    makeSuperuser(account(host, staffEmail));
    Browser staff = new Browser(host).logIn(staffEmail);
    HttpResponse<String> reports = staff.get("/api/reports");
    assertThat(reports.statusCode()).isEqualTo(200);
    assertThat(reports.body()).isEqualTo("reports");
  }

  @Test
  void withoutASignInTheHostsRoutesAnswer401AsBefore() throws Exception {
    Browser stranger = new Browser(host);
    assertThat(stranger.get("/api/me").statusCode()).isEqualTo(401);
    // A session that only opened the login form is not signed in either.
    stranger.csrf("/login/");
    assertThat(stranger.cookie).isNotEmpty();
    assertThat(stranger.get("/api/me").statusCode()).isEqualTo(401);
    // A forged cookie is nobody.
    stranger.cookie = PagesHost.SESSION_COOKIE + "=forged";
    assertThat(stranger.get("/api/me").statusCode()).isEqualTo(401);
  }

  @Test
  void aSignedOutBrowserOpeningAHostPageIsSentToTheLoginPageAndOtherRequestsGet401()
      throws Exception {
    Browser stranger = new Browser(host);
    HttpResponse<String> page = stranger.open("/api/me");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/login/");
    // A script's request, a change, a bearer client and the contract's routes: 401 as before.
    assertThat(stranger.get("/api/me").statusCode()).isEqualTo(401);
    assertThat(stranger.post("/api/orders", "").statusCode()).isEqualTo(401);
    HttpResponse<String> bearer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + "/api/me"))
                .header("Accept", "text/html")
                .header("Authorization", "Bearer not-a-token")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bearer.statusCode()).isEqualTo(401);
    assertThat(stranger.open("/auth/me/").statusCode()).isEqualTo(401);
    // Signed in, the same navigation is the page.
    String email = newEmail("navigating");
    UUID id = account(host, email);
    Browser browser = new Browser(host).logIn(email);
    HttpResponse<String> signedIn = browser.open("/api/me");
    assertThat(signedIn.statusCode()).isEqualTo(200);
    assertThat(signedIn.body()).isEqualTo("user " + id);
  }

  /**
   * The host's own decoder, for another issuer's bearer tokens (Spring Security's, with a key of
   * its own): it refuses every Gatehouse token, so a cookie request it were asked about would be
   * 401.
   */
  static class OtherIssuersTokens {
    @Bean
    JwtDecoder othersTokens() throws Exception {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      return NimbusJwtDecoder.withPublicKey((RSAPublicKey) rsa.generateKeyPair().getPublic())
          .build();
    }
  }

  @Test
  void theBrowsersSessionIsVerifiedOnceByItsLiveCheckNotAgainByTheChainsDecoder() throws Exception {
    try (PagesHost other =
        PagesHost.start(
            DatabaseKind.H2,
            Map.of(),
            PagesHost.TestClock.class,
            PagesHost.CapturedEmail.class,
            HostRoutes.class,
            OtherIssuersTokens.class)) {
      String email = newEmail("once");
      UUID id = account(other, email);
      Browser browser = new Browser(other).logIn(email);
      // The live check verified the session's token; the chain builds the caller from that
      // reading, with the roles the converter gives a bearer token, and asks no decoder again.
      HttpResponse<String> me = browser.get("/api/me");
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.body()).isEqualTo("user " + id);
      // The same token as a bearer goes to the host's decoder, which refuses it.
      SignInResult.SignedIn in =
          (SignInResult.SignedIn)
              gatehouse(other).accounts().login(new LoginRequest(email, PASSWORD, null));
      HttpResponse<String> bearer =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/api/me"))
                  .header("Authorization", "Bearer " + in.tokens().accessToken())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(bearer.statusCode()).isEqualTo(401);
      // Signed out, the cookie is nobody: the live check is the one that decides.
      browser.post("/logout/", form("_csrf", browser.csrf("/signed-in/")));
      assertThat(browser.get("/api/me").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void aCookiesChangeNeedsTheCsrfTokenAndABearersDoesNot() throws Exception {
    String email = newEmail("csrf");
    account(host, email);
    Browser browser = new Browser(host).logIn(email);
    int before = HostRoutes.ORDERS.get();

    HttpResponse<String> forged = browser.post("/api/orders", "");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(browser.post("/api/orders", form("_csrf", "not-the-token")).statusCode())
        .isEqualTo(403);
    assertThat(HostRoutes.ORDERS.get()).as("nothing ordered").isEqualTo(before);

    String token = browser.csrf("/signed-in/");
    // The cookie's requests are no new sign-in: the session's id and its CSRF token stay, so a
    // page's form still posts after other requests (another tab's).
    String session = browser.cookie;
    assertThat(browser.get("/api/me").statusCode()).isEqualTo(200);
    assertThat(browser.get("/api/me").statusCode()).isEqualTo(200);
    assertThat(browser.cookie).isEqualTo(session);
    HttpResponse<String> ordered = browser.post("/api/orders", form("_csrf", token));
    assertThat(ordered.statusCode()).isEqualTo(200);
    assertThat(HostRoutes.ORDERS.get()).isEqualTo(before + 1);

    // A bearer token's change needs no CSRF token, as before.
    SignInResult.SignedIn in =
        (SignInResult.SignedIn)
            gatehouse(host).accounts().login(new LoginRequest(email, PASSWORD, null));
    HttpResponse<String> bearer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + "/api/orders"))
                .header("Authorization", "Bearer " + in.tokens().accessToken())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bearer.statusCode()).isEqualTo(200);
    assertThat(HostRoutes.ORDERS.get()).isEqualTo(before + 2);
  }

  @Test
  void anImpersonationReadsTheHostsRoutesAndChangesNothing() throws Exception {
    String helpedEmail = newEmail("helped");
    UUID helped = account(host, helpedEmail);
    String staffEmail = newEmail("support");
    makeSuperuser(account(host, staffEmail));
    Browser staff = new Browser(host).logIn(staffEmail);
    String token = staff.csrf("/staff/users/" + helped + "/");
    HttpResponse<String> acting =
        staff.post(
            "/staff/users/" + helped + "/impersonate",
            form("reason", "ticket 4711", "_csrf", token));
    assertThat(acting.headers().firstValue("Location").orElse("")).endsWith("/signed-in/");

    HttpResponse<String> me = staff.get("/api/me");
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).isEqualTo("user " + helped);
    int before = HostRoutes.ORDERS.get();
    HttpResponse<String> order =
        staff.post("/api/orders", form("_csrf", staff.csrf("/signed-in/")));
    assertThat(order.statusCode()).isEqualTo(403);
    assertThat(order.body()).contains("impersonation_refused");
    assertThat(HostRoutes.ORDERS.get()).isEqualTo(before);
  }

  @Test
  void afterTheLogoutTheCookieIsNobody() throws Exception {
    String email = newEmail("leaving");
    account(host, email);
    Browser browser = new Browser(host).logIn(email);
    String kept = browser.cookie;
    assertThat(browser.get("/api/me").statusCode()).isEqualTo(200);
    HttpResponse<String> out = browser.post("/logout/", form("_csrf", browser.csrf("/signed-in/")));
    assertThat(out.statusCode()).isEqualTo(302);
    browser.cookie = kept;
    assertThat(browser.get("/api/me").statusCode()).isEqualTo(401);
  }

  @Test
  void aHostThatTurnsItOffKeepsItsRoutesBearerOnly() throws Exception {
    try (PagesHost bearerOnly = start(Map.of("gatehouse.pages.host-sign-in", "false"))) {
      String email = newEmail("bearer-only");
      account(bearerOnly, email);
      Browser browser = new Browser(bearerOnly).logIn(email);
      assertThat(browser.get("/signed-in/").statusCode()).isEqualTo(200);
      assertThat(browser.get("/api/me").statusCode()).isEqualTo(401);
      int before = HostRoutes.ORDERS.get();
      assertThat(browser.post("/api/orders", "").statusCode()).isEqualTo(401);
      assertThat(HostRoutes.ORDERS.get()).isEqualTo(before);
    }
  }
}
