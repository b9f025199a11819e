package dev.gatehouse.examples;

import static dev.gatehouse.examples.HttpClientSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.examples.HttpClientSupport.Reply;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** The account routes end to end over HTTP, reading the emails from a capturing sender. */
@OneDatabase(
    "the HTTP answers of account changes, one request at a time; the store calls are the contract's")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class AccountHttpTest {
  @Parameter DatabaseKind kind;

  private static final String BOOTSTRAP = SharedExample.BOOTSTRAP;
  private static final String PASSWORD = "correct horse battery staple";
  private static CapturingEmailSender email;
  private static HttpClientSupport http;

  @BeforeParameterizedClassInvocation
  static void start(DatabaseKind kind) {
    RunningExample app = SharedExample.on(kind);
    email = app.bean(CapturingEmailSender.class);
    http = app.http();
  }

  private static String tokenIn(EmailMessage m) {
    Matcher x = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(m.textBody());
    assertThat(x.find()).as("a link with a token in %s", m.subject()).isTrue();
    return x.group(1);
  }

  private static String newEmail() {
    return "ann." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  /** Registers and confirms an account; returns its email. */
  private static String confirmedAccount(String password) throws Exception {
    String address = newEmail();
    assertThat(http.post("/auth/register/", json("email", address, "password", password)).status())
        .isEqualTo(201);
    String token = tokenIn(email.lastTo(address).orElseThrow());
    assertThat(
            http.post("/auth/registration/account-confirmation-email/", json("token", token))
                .status())
        .isEqualTo(200);
    return address;
  }

  @Test
  void registerConfirmLoginCallRefreshLogout() throws Exception {
    String address = confirmedAccount(PASSWORD);
    Reply login =
        http.post("/auth/login/basic/", json("email", address.toUpperCase(), "password", PASSWORD));
    assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
    String access = login.text("access");
    String refresh = login.text("refresh");
    assertThat(access).isNotBlank();
    assertThat(login.text("token_type")).isEqualTo("Bearer");
    assertThat(login.json().get("expires_in").asLong()).isPositive();
    assertThat(login.json().at("/user/email").asText()).isEqualTo(address);
    assertThat(http.get("/api/hello/", access).status()).isEqualTo(200);
    Reply refreshed = http.post("/auth/token/refresh/", json("refresh", refresh));
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(refreshed.json().get("expires_in").asLong()).isPositive();
    String access2 = refreshed.text("access");
    assertThat(http.get("/api/hello/", access2).status()).isEqualTo(200);
    assertThat(http.post("/auth/logout/", null, access2).status()).isEqualTo(200);
    Reply dead = http.post("/auth/token/refresh/", json("refresh", refreshed.text("refresh")));
    assertThat(dead.status()).isEqualTo(401);
    assertThat(dead.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void aMobileLoginRegistersItsDeviceWhichTheUserListsAndRemoves() throws Exception {
    String address = confirmedAccount(PASSWORD);
    String body =
        HttpClientSupport.JSON.writeValueAsString(
            Map.of(
                "email",
                address,
                "password",
                PASSWORD,
                "client",
                "mobile",
                "device",
                Map.of("token", "device-" + UUID.randomUUID(), "platform", "ios")));
    Reply login = http.post("/auth/login/basic/", body);
    assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
    assertThat(login.json().get("device_registered").asBoolean()).isTrue();
    String access = login.text("access");
    Reply devices = http.get("/auth/devices/", access);
    assertThat(devices.status()).isEqualTo(200);
    assertThat(devices.json().size()).isEqualTo(1);
    assertThat(devices.json().get(0).get("platform").asText()).isEqualTo("ios");
    long id = devices.json().get(0).get("id").asLong();
    assertThat(http.send("DELETE", "/auth/devices/" + id + "/", null, access).status())
        .isEqualTo(200);
    // Removing the device ended the session signed in on it: its token is refused at once.
    assertThat(http.get("/auth/devices/", access).status()).isEqualTo(401);
    Reply again = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    assertThat(http.get("/auth/devices/", again.text("access")).json().size()).isZero();
  }

  @Test
  void anUnconfirmedAccountCannotLogIn() throws Exception {
    String address = newEmail();
    http.post("/auth/register/", json("email", address, "password", PASSWORD));
    Reply r = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.code()).isEqualTo("account_not_verified");
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void registeringATakenEmailAnswersExactlyLikeANewOne() throws Exception {
    String address = confirmedAccount(PASSWORD);
    Reply again =
        http.post("/auth/register/", json("email", address, "password", "another good passphrase"));
    Reply fresh =
        http.post(
            "/auth/register/", json("email", newEmail(), "password", "another good passphrase"));
    assertThat(again.status()).isEqualTo(fresh.status());
    assertThat(again.raw().body()).isEqualTo(fresh.raw().body());
  }

  @Test
  void unknownAndKnownLoginsAndResetsLookTheSame() throws Exception {
    String address = confirmedAccount(PASSWORD);
    Reply wrong =
        http.post("/auth/login/basic/", json("email", address, "password", "not the password"));
    Reply unknown =
        http.post("/auth/login/basic/", json("email", newEmail(), "password", "not the password"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.code()).isEqualTo("invalid_credentials");
    assertThat(unknown.raw().body()).isEqualTo(wrong.raw().body());
    Reply reset = http.post("/auth/password-reset/request/", json("email", address));
    Reply resetUnknown = http.post("/auth/password-reset/request/", json("email", newEmail()));
    assertThat(reset.status()).isEqualTo(200);
    assertThat(resetUnknown.raw().body()).isEqualTo(reset.raw().body());
  }

  @Test
  void passwordResetWorksOnceAndEndsSessions() throws Exception {
    String address = confirmedAccount(PASSWORD);
    Reply login = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    String refresh = login.text("refresh");
    http.post("/auth/password-reset/request/", json("email", address));
    String token = tokenIn(email.lastTo(address).orElseThrow());
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
    assertThat(reused.code()).isEqualTo("invalid_link");
    assertThat(http.post("/auth/token/refresh/", json("refresh", refresh)).status()).isEqualTo(401);
    assertThat(
            http.post(
                    "/auth/login/basic/",
                    json("email", address, "password", "a brand new passphrase"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void aWrongCurrentPasswordIs400NotA401() throws Exception {
    String address = confirmedAccount(PASSWORD);
    String access =
        http.post("/auth/login/basic/", json("email", address, "password", PASSWORD))
            .text("access");
    Reply r =
        http.post(
            "/auth/password-reset/change/",
            json("current_password", "not it", "new_password", "a brand new passphrase"),
            access);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("invalid_credentials");
    assertThat(http.get("/api/hello/", access).status()).isEqualTo(200);
  }

  @Test
  void badInputGetsTypedErrorsIncludingArraysWhereStringsBelong() throws Exception {
    assertThat(
            http.post(
                    "/auth/password-reset/request/",
                    "{\"email\":[\"victim@example.com\",\"attacker@example.com\"]}")
                .code())
        .isEqualTo("invalid_field");
    assertThat(
            http.post("/auth/login/basic/", "{\"email\":{\"$ne\":null},\"password\":\"x\"}").code())
        .isEqualTo("invalid_field");
    assertThat(http.post("/auth/login/basic/", "{oops").code()).isEqualTo("malformed_json");
    assertThat(
            http.post("/auth/register/", json("email", "not-an-email", "password", PASSWORD))
                .status())
        .isEqualTo(400);
    Reply weak = http.post("/auth/register/", json("email", newEmail(), "password", "password"));
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.code()).startsWith("password_");
    assertThat(http.post("/auth/login/basic/", json("email", "", "password", "")).status())
        .isEqualTo(400);
  }

  @Test
  void theFirstSuperuserNeedsTheBootstrapTokenAndOnlyOnce() throws Exception {
    String body = json("email", newEmail(), "password", "admin passphrase one");
    Reply noToken = http.post("/auth/admin/create-superuser/", body);
    assertThat(noToken.status()).isEqualTo(403);
    Reply wrongToken =
        http.send(
            "POST",
            "/auth/admin/create-superuser/",
            body,
            null,
            Map.of("X-Admin-Bootstrap-Token", "not-the-bootstrap-token-0123456789-abcdef"));
    assertThat(wrongToken.status()).isEqualTo(403);
    Reply ok =
        http.send(
            "POST",
            "/auth/admin/create-superuser/",
            body,
            null,
            Map.of("X-Admin-Bootstrap-Token", BOOTSTRAP));
    assertThat(ok.status()).as(ok.raw().body()).isEqualTo(201);
    Reply second =
        http.send(
            "POST",
            "/auth/admin/create-superuser/",
            json("email", newEmail(), "password", "admin passphrase two"),
            null,
            Map.of("X-Admin-Bootstrap-Token", BOOTSTRAP));
    assertThat(second.status()).isEqualTo(403);
  }
}
