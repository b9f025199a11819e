package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.mfa.Totp;
import dev.gatehouse.spring.web.Http.Reply;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Remembered devices and the second-factor policy over HTTP: {@code remember_device} at {@code
 * /login/mfa/}, {@code remembered_device} at password login, the device list, and the {@code
 * mfa_enrolment_required} login whose token only enrols.
 */
@SpringBootTest(
    classes = TestHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "gatehouse.http.enabled=true",
      "gatehouse.mfa.remember-device=30d",
      "gatehouse.mfa.required=roles",
      "gatehouse.mfa.required-roles=provider",
      "gatehouse.mfa.enrolment-grace=1d"
    })
class MfaPolicyContractTest extends ContractTestSupport {
  private static final Totp TOTP = Totp.sha1();

  private String code(byte[] seed) {
    return TOTP.code(seed, TOTP.step(clock.instant()));
  }

  private static byte[] seed(String base32) {
    return Base32.decode(base32 + "=".repeat((8 - base32.length() % 8) % 8));
  }

  private Reply login(String email, String device) throws Exception {
    return device == null
        ? http.post("/auth/login/basic/", json("email", email, "password", PASSWORD))
        : http.post(
            "/auth/login/basic/",
            json("email", email, "password", PASSWORD, "remembered_device", device));
  }

  @Test
  void aRememberedDeviceSkipsTheSecondFactorUntilItIsForgotten() throws Exception {
    String email = confirmedAccount();
    String access = login(email, null).text("access");
    byte[] seed = seed(http.post("/auth/mfa/totp/", "{}", access).text("secret"));
    assertThat(http.post("/auth/mfa/totp/confirm/", json("code", code(seed)), access).status())
        .isEqualTo(200);
    clock.advance(Duration.ofSeconds(30));

    String token = login(email, null).text("mfa_token");
    Reply done =
        http.post(
            "/auth/login/mfa/",
            json("mfa_token", token, "code", code(seed), "remember_device", true));
    assertThat(done.status()).as(done.raw().body()).isEqualTo(200);
    String device = done.text("remembered_device");
    assertThat(device).isNotBlank();
    assertThat(Instant.parse(done.text("remembered_device_expires_at")))
        .isEqualTo(clock.instant().plus(Duration.ofDays(30)));

    Reply skipped = login(email, device);
    assertThat(skipped.status()).as(skipped.raw().body()).isEqualTo(200);
    assertThat(gatehouse.sessions().verifyAccessToken(skipped.text("access")).amr())
        .containsExactly("pwd", "rdt");
    assertProblem(login(email, device + "x"), 403, "mfa_required");

    String signedIn = skipped.text("access");
    Reply list = http.get("/auth/mfa/remembered-devices/", signedIn);
    assertThat(list.status()).as(list.raw().body()).isEqualTo(200);
    assertThat(list.json().get("devices").size()).isEqualTo(1);
    long id = list.json().get("devices").get(0).get("id").asLong();
    assertThat(list.raw().body()).doesNotContain(device);
    assertProblem(
        http.post("/auth/mfa/remembered-devices/forget/", json("id", id + 1000), signedIn),
        404,
        "remembered_device_not_found");
    Reply forgot = http.post("/auth/mfa/remembered-devices/forget/", json("id", id), signedIn);
    assertThat(forgot.status()).as(forgot.raw().body()).isEqualTo(200);
    assertProblem(login(email, device), 403, "mfa_required");
  }

  @Test
  void afterTheGraceALoginOfARequiredRoleOnlyEnrolsAndThatCompletesIt() throws Exception {
    String email = confirmedAccount();
    Reply first = login(email, null);
    assertThat(first.json().has("mfa_enrolment_due")).isFalse();
    gatehouse
        .profiles()
        .create(
            gatehouse.sessions().verifyAccessToken(first.text("access")).userPublicId(),
            ProfileInput.ofRole("provider"));
    Reply covered = login(email, null);
    assertThat(covered.status()).isEqualTo(200);
    assertThat(Instant.parse(covered.text("mfa_enrolment_due")))
        .isEqualTo(clock.instant().plus(Duration.ofDays(1)));

    clock.advance(Duration.ofDays(1));
    Reply refused = login(email, null);
    assertProblem(refused, 403, "mfa_enrolment_required");
    assertThat(refused.raw().body()).doesNotContain("\"access\"");
    assertThat(refused.json().get("methods").get(0).asString()).isEqualTo("totp_enrolment");
    String token = refused.text("mfa_token");

    // The token is no bearer, no refresh token and no mfa_required challenge.
    assertThat(http.get("/auth/me/", token).status()).isEqualTo(401);
    assertThat(http.post("/auth/token/refresh/", json("refresh", token)).status())
        .isNotEqualTo(200);
    assertProblem(
        http.post("/auth/login/mfa/", json("mfa_token", token, "code", "123456")),
        400,
        "invalid_challenge");

    Reply enrol = http.post("/auth/login/mfa/enrol/", json("mfa_token", token));
    assertThat(enrol.status()).as(enrol.raw().body()).isEqualTo(201);
    byte[] seed = seed(enrol.text("secret"));
    Reply done =
        http.post("/auth/login/mfa/enrol/confirm/", json("mfa_token", token, "code", code(seed)));
    assertThat(done.status()).as(done.raw().body()).isEqualTo(200);
    assertThat(done.json().get("recovery_codes").size()).isEqualTo(10);
    assertThat(gatehouse.sessions().verifyAccessToken(done.text("access")).amr())
        .containsExactly("pwd", "totp", "mfa");
    assertThat(http.get("/auth/me/", done.text("access")).status()).isEqualTo(200);
    assertProblem(
        http.post("/auth/login/mfa/enrol/confirm/", json("mfa_token", token, "code", code(seed))),
        400,
        "invalid_challenge");
    assertProblem(login(email, null), 403, "mfa_required");
  }
}
