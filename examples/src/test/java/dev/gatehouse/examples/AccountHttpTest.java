package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.email.EmailMessage;
import dev.gatehouse.examples.HttpClientSupport.Reply;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.MutableClock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The account routes end to end over HTTP, reading the emails from a capturing sender. */
class AccountHttpTest {
  private static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-05-01T08:00:00Z"));
  private static final CapturingEmailSender EMAIL = new CapturingEmailSender();
  private static final String BOOTSTRAP = "bootstrap-token-0123456789-abcdefghijklmnop";
  private static ExampleApplication app;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() throws Exception {
    app =
        ExampleApplication.start(
            Map.of(
                "PORT", "0",
                "GATEHOUSE_DB_URL", "jdbc:h2:mem:account-http-test;DB_CLOSE_DELAY=-1",
                "GATEHOUSE_FRONTEND_URL", "https://app.example.test",
                "GATEHOUSE_ADMIN_BOOTSTRAP_TOKEN", BOOTSTRAP,
                "GATEHOUSE_PASSWORD_ARGON2_MEMORY_KIB", "7168",
                "GATEHOUSE_PASSWORD_ARGON2_ITERATIONS", "1"),
            b -> b.clock(CLOCK),
            // Deliveries right after commit on the request thread, so the test reads them at once.
            g -> g.emailSender(EMAIL).deliveryExecutor(Runnable::run));
    http = new HttpClientSupport(app.port());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String tokenIn(EmailMessage m) {
    Matcher x = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(m.textBody());
    assertThat(x.find()).as("a link with a token in %s", m.subject()).isTrue();
    return x.group(1);
  }

  private static String newEmail() {
    return "ann." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  private static String json(String... kv) throws Exception {
    java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return HttpClientSupport.JSON.writeValueAsString(m);
  }

  /** Registers and confirms an account; returns its email. */
  private static String confirmedAccount(String password) throws Exception {
    String email = newEmail();
    assertThat(http.post("/auth/register/", json("email", email, "password", password)).status())
        .isEqualTo(201);
    String token = tokenIn(EMAIL.lastTo(email).orElseThrow());
    assertThat(
            http.post("/auth/registration/account-confirmation-email/", json("token", token))
                .status())
        .isEqualTo(200);
    return email;
  }

  @Test
  void registerConfirmLoginCallRefreshLogout() throws Exception {
    String email = confirmedAccount("correct horse battery staple");
    Reply login =
        http.post(
            "/auth/login/basic/",
            json("email", email.toUpperCase(), "password", "correct horse battery staple"));
    assertThat(login.status()).isEqualTo(200);
    String access = login.json().at("/tokens/accessToken").asText();
    String refresh = login.json().at("/tokens/refreshToken").asText();
    assertThat(access).isNotBlank();
    assertThat(http.get("/api/hello/", access).status()).isEqualTo(200);
    Reply refreshed = http.post("/auth/token/refresh/", json("refreshToken", refresh));
    assertThat(refreshed.status()).isEqualTo(200);
    String access2 = refreshed.text("accessToken");
    assertThat(http.get("/api/hello/", access2).status()).isEqualTo(200);
    assertThat(http.post("/auth/logout/", null, access2).status()).isEqualTo(200);
    assertThat(
            http.post("/auth/token/refresh/", json("refreshToken", refreshed.text("refreshToken")))
                .status())
        .isEqualTo(401);
  }

  @Test
  void anUnconfirmedAccountCannotLogIn() throws Exception {
    String email = newEmail();
    http.post("/auth/register/", json("email", email, "password", "correct horse battery staple"));
    Reply r =
        http.post(
            "/auth/login/basic/", json("email", email, "password", "correct horse battery staple"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.text("error")).isEqualTo("account_not_verified");
  }

  @Test
  void registeringATakenEmailAnswersExactlyLikeANewOne() throws Exception {
    String email = confirmedAccount("correct horse battery staple");
    Reply again =
        http.post("/auth/register/", json("email", email, "password", "another good passphrase"));
    Reply fresh =
        http.post(
            "/auth/register/", json("email", newEmail(), "password", "another good passphrase"));
    assertThat(again.status()).isEqualTo(fresh.status());
    assertThat(again.raw().body()).isEqualTo(fresh.raw().body());
  }

  @Test
  void unknownAndKnownLoginsAndResetsLookTheSame() throws Exception {
    String email = confirmedAccount("correct horse battery staple");
    Reply wrong =
        http.post("/auth/login/basic/", json("email", email, "password", "not the password"));
    Reply unknown =
        http.post("/auth/login/basic/", json("email", newEmail(), "password", "not the password"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.raw().body()).isEqualTo(wrong.raw().body());
    Reply reset = http.post("/auth/password-reset/request/", json("email", email));
    Reply resetUnknown = http.post("/auth/password-reset/request/", json("email", newEmail()));
    assertThat(reset.status()).isEqualTo(200);
    assertThat(resetUnknown.raw().body()).isEqualTo(reset.raw().body());
  }

  @Test
  void passwordResetWorksOnceAndEndsSessions() throws Exception {
    String email = confirmedAccount("correct horse battery staple");
    Reply login =
        http.post(
            "/auth/login/basic/", json("email", email, "password", "correct horse battery staple"));
    String refresh = login.json().at("/tokens/refreshToken").asText();
    http.post("/auth/password-reset/request/", json("email", email));
    String token = tokenIn(EMAIL.lastTo(email).orElseThrow());
    assertThat(
            http.post(
                    "/auth/password-reset/confirm/",
                    json("token", token, "password", "a brand new passphrase"))
                .status())
        .isEqualTo(200);
    Reply reused =
        http.post(
            "/auth/password-reset/confirm/",
            json("token", token, "password", "yet another passphrase"));
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.text("error")).isEqualTo("invalid_token");
    assertThat(http.post("/auth/token/refresh/", json("refreshToken", refresh)).status())
        .isEqualTo(401);
    assertThat(
            http.post(
                    "/auth/login/basic/",
                    json("email", email, "password", "a brand new passphrase"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void badInputGetsTypedErrorsIncludingArraysWhereStringsBelong() throws Exception {
    assertThat(
            http.post(
                    "/auth/password-reset/request/",
                    "{\"email\":[\"victim@example.com\",\"attacker@example.com\"]}")
                .text("error"))
        .isEqualTo("invalid_field");
    assertThat(
            http.post("/auth/login/basic/", "{\"email\":{\"$ne\":null},\"password\":\"x\"}")
                .text("error"))
        .isEqualTo("invalid_field");
    assertThat(http.post("/auth/login/basic/", "{oops").text("error")).isEqualTo("malformed_json");
    assertThat(
            http.post(
                    "/auth/register/",
                    json("email", "not-an-email", "password", "correct horse battery staple"))
                .status())
        .isEqualTo(400);
    Reply weak = http.post("/auth/register/", json("email", newEmail(), "password", "password"));
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.text("error")).startsWith("password_");
    assertThat(http.post("/auth/login/basic/", json("email", "", "password", "")).status())
        .isIn(400, 401);
  }

  @Test
  void theFirstSuperuserNeedsTheBootstrapTokenAndOnlyOnce() throws Exception {
    Reply noToken =
        http.post(
            "/auth/admin/create-superuser/",
            json("email", newEmail(), "password", "admin passphrase one"));
    assertThat(noToken.status()).isEqualTo(403);
    Reply created =
        http.send(
            "POST",
            "/auth/admin/create-superuser/",
            json("email", newEmail(), "password", "admin passphrase one"),
            null);
    assertThat(created.status()).isEqualTo(403);
    java.net.http.HttpResponse<String> ok =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + app.port() + "/auth/admin/create-superuser/"))
                    .header("X-Admin-Bootstrap-Token", BOOTSTRAP)
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            json("email", newEmail(), "password", "admin passphrase one")))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(201);
    java.net.http.HttpResponse<String> second =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + app.port() + "/auth/admin/create-superuser/"))
                    .header("X-Admin-Bootstrap-Token", BOOTSTRAP)
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            json("email", newEmail(), "password", "admin passphrase two")))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(second.statusCode()).isEqualTo(403);
  }
}
