package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.mfa.Totp;
import dev.gatehouse.spring.web.Http.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Enrolment, the mfa_required login, recovery codes and step-up over HTTP. */
class MfaContractTest extends ContractTestSupport {
  private static final Totp TOTP = Totp.sha1();

  private String code(byte[] seed) {
    return TOTP.code(seed, TOTP.step(clock.instant()));
  }

  private static byte[] seed(String base32) {
    return Base32.decode(base32 + "=".repeat((8 - base32.length() % 8) % 8));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  @Test
  void enrolThenLogInWithTheAppAndWithARecoveryCode() throws Exception {
    String email = confirmedAccount();
    Reply first = http.post("/auth/login/basic/", json("email", email, "password", PASSWORD));
    String access = first.text("access");

    Reply enrol = http.post("/auth/mfa/totp/", "{}", access);
    assertThat(enrol.status()).as(enrol.raw().body()).isEqualTo(201);
    assertThat(enrol.text("otpauth_uri")).startsWith("otpauth://totp/");
    assertThat(Base64.getDecoder().decode(enrol.text("qr_png"))).startsWith(0x89, 'P', 'N', 'G');
    byte[] seed = seed(enrol.text("secret"));

    assertProblem(
        http.post("/auth/mfa/totp/confirm/", json("code", "12345"), access), 400, "invalid_code");
    Reply confirmed = http.post("/auth/mfa/totp/confirm/", json("code", code(seed)), access);
    assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
    List<String> recovery = strings(confirmed.json().get("recovery_codes"));
    assertThat(recovery).hasSize(10);
    Reply status = http.get("/auth/mfa/", access);
    assertThat(status.json().get("totp_enabled").asBoolean()).isTrue();
    assertThat(status.json().get("recovery_codes_left").asInt()).isEqualTo(10);
    clock.advance(Duration.ofSeconds(30));

    Reply challenged = http.post("/auth/login/basic/", json("email", email, "password", PASSWORD));
    assertProblem(challenged, 403, "mfa_required");
    assertThat(challenged.raw().body()).doesNotContain("\"access\"");
    assertThat(strings(challenged.json().get("methods"))).containsExactly("totp", "recovery_code");
    String token = challenged.text("mfa_token");
    assertThat(challenged.text("expires_at")).isNotBlank();

    assertProblem(
        http.post(
            "/auth/login/mfa/",
            json("mfa_token", token, "code", "000000".equals(code(seed)) ? "111111" : "000000")),
        400,
        "invalid_code");
    String now = code(seed);
    Reply done = http.post("/auth/login/mfa/", json("mfa_token", token, "code", now));
    assertThat(done.status()).as(done.raw().body()).isEqualTo(200);
    assertThat(http.get("/api/hello/", done.text("access")).status()).isEqualTo(200);
    assertProblem(
        http.post("/auth/login/mfa/", json("mfa_token", token, "code", now)),
        400,
        "invalid_challenge");

    Reply again = http.post("/auth/login/basic/", json("email", email, "password", PASSWORD));
    String second = again.text("mfa_token");
    assertProblem(
        http.post("/auth/login/mfa/", json("mfa_token", second, "code", now)), 400, "code_used");
    Reply byRecovery =
        http.post("/auth/login/mfa/", json("mfa_token", second, "recovery_code", recovery.get(0)));
    assertThat(byRecovery.status()).as(byRecovery.raw().body()).isEqualTo(200);
    assertThat(
            http.get("/auth/mfa/", byRecovery.text("access"))
                .json()
                .get("recovery_codes_left")
                .asInt())
        .isEqualTo(9);
    assertThat(mailTo(email).orElseThrow().subject()).contains("recovery code");

    assertProblem(
        http.post("/auth/login/mfa/", json("mfa_token", second, "code", "1", "recovery_code", "x")),
        400,
        "invalid_factor");
  }

  @Test
  void removingTheAppAfterTheWindowNeedsAProofAndAnAppCodeIsOne() throws Exception {
    String email = confirmedAccount();
    Reply login = http.post("/auth/login/basic/", json("email", email, "password", PASSWORD));
    String access = login.text("access");
    byte[] seed = seed(http.post("/auth/mfa/totp/", "{}", access).text("secret"));
    assertThat(http.post("/auth/mfa/totp/confirm/", json("code", code(seed)), access).status())
        .isEqualTo(200);
    clock.advance(Duration.ofMinutes(6));
    // A fresh access token of a session whose sign-in is older than the window.
    Reply refreshed = http.post("/auth/token/refresh/", json("refresh", login.text("refresh")));
    assertThat(refreshed.status()).as(refreshed.raw().body()).isEqualTo(200);
    String late = refreshed.text("access");
    assertProblem(
        http.post("/auth/mfa/totp/remove/", "{}", late), 403, "reauthentication_required");
    Reply removed = http.post("/auth/mfa/totp/remove/", json("totp_code", code(seed)), late);
    assertThat(removed.status()).as(removed.raw().body()).isEqualTo(200);
    assertThat(http.post("/auth/login/basic/", json("email", email, "password", PASSWORD)).status())
        .isEqualTo(200);
  }
}
