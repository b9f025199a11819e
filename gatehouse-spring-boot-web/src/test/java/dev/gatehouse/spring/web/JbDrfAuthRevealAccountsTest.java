package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code gatehouse.http.jb-drf-auth.reveal-accounts}: jb-drf-auth's own answers about an address,
 * for clients that need them (off by default; {@link JbDrfAuthContractTest} checks the defaults
 * answer every address alike).
 */
@TestPropertySource(
    properties = {
      "gatehouse.http.contract=jb-drf-auth",
      "gatehouse.http.jb-drf-auth.reveal-accounts=true",
      "gatehouse.links.email-confirmation=/verify-email/?uid={uid}&token={token}",
      "gatehouse.registration.terms-required=true"
    })
class JbDrfAuthRevealAccountsTest extends ContractTestSupport {

  @Test
  void signUpResendResetAndCodeRequestSayWhetherAnAccountUsesTheAddress() throws Exception {
    String address = newEmail();
    assertThat(http.post("/auth/register/", JbDrfAuthContractTest.signUp(address)).status())
        .isEqualTo(201);
    Reply taken = http.post("/auth/register/", JbDrfAuthContractTest.signUp(address));
    assertThat(taken.status()).isEqualTo(400);
    assertThat(taken.text("detail")).isEqualTo("El correo electrónico ya esta en uso.");

    Reply unknown =
        http.post(
            "/auth/registration/account-confirmation-email/resend/", json("email", newEmail()));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("email").get(0).asString())
        .isEqualTo("No existe un usuario con este correo.");
    Reply pending =
        http.post("/auth/registration/account-confirmation-email/resend/", json("email", address));
    assertThat(pending.status()).isEqualTo(200);
    assertThat(pending.json().get("email_sent").asBoolean()).isTrue();

    Reply resetUnknown = http.post("/auth/password-reset/request/", json("email", newEmail()));
    assertThat(resetUnknown.status()).isEqualTo(200);
    assertThat(resetUnknown.json().get("email_sent").asBoolean()).isFalse();
    assertThat(
            http.post("/auth/password-reset/request/", json("email", address))
                .json()
                .get("email_sent")
                .asBoolean())
        .isTrue();

    Reply known = http.post("/auth/otp/request/", json("email", address, "channel", "email"));
    assertThat(known.status()).as(known.raw().body()).isEqualTo(201);
    assertThat(known.json().get("user_exist").asBoolean()).isTrue();
    Reply stranger = http.post("/auth/otp/request/", json("email", newEmail(), "channel", "email"));
    assertThat(stranger.json().get("user_exist").asBoolean()).isFalse();
  }
}
