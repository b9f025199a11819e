package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.mfa.Totp;
import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.testing.VirtualAuthenticator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Passkeys over HTTP with a virtual authenticator: registration, list/rename/remove with step-up,
 * passwordless sign-in, and an mfa_required login completed with a passkey.
 */
class PasskeyContractTest extends ContractTestSupport {
  private static final Totp TOTP = Totp.sha1();

  private final VirtualAuthenticator authenticator =
      new VirtualAuthenticator(TestHost.PASSKEY_ORIGIN, TestHost.PASSKEY_RP_ID);

  private String register(String access, String format, String name) throws Exception {
    Reply options = http.post("/auth/passkeys/register/options/", "{}", access);
    assertThat(options.status()).as(options.raw().body()).isEqualTo(200);
    JsonNode pk = options.json().get("public_key");
    assertThat(pk.get("rp").get("id").asString()).isEqualTo(TestHost.PASSKEY_RP_ID);
    assertThat(pk.get("authenticatorSelection").get("residentKey").asString())
        .isEqualTo("required");
    String credential =
        authenticator.register(
            pk.get("challenge").asString(), pk.get("user").get("id").asString(), format);
    Reply done =
        http.post(
            "/auth/passkeys/register/",
            "{\"name\":\"" + name + "\",\"credential\":" + credential + "}",
            access);
    assertThat(done.status()).as(done.raw().body()).isEqualTo(201);
    assertThat(done.text("name")).isEqualTo(name);
    return done.json().get("id").asString();
  }

  private String assertion(Reply options) {
    assertThat(options.status()).as(options.raw().body()).isEqualTo(200);
    return authenticator.assertion(options.json().get("public_key").get("challenge").asString(), 0);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  @Test
  void registerListRenameSignInWithoutAPasswordAndRemoveWithAStepUp() throws Exception {
    String email = confirmedAccount();
    String access =
        http.post("/auth/login/basic/", json("email", email, "password", PASSWORD)).text("access");
    String id = register(access, "packed", "Laptop");

    Reply list = http.get("/auth/passkeys/", access);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get("passkeys").get(0).get("name").asString()).isEqualTo("Laptop");
    Reply renamed =
        http.post("/auth/passkeys/rename/", "{\"id\":" + id + ",\"name\":\"Work\"}", access);
    assertThat(renamed.status()).as(renamed.raw().body()).isEqualTo(200);
    assertThat(renamed.text("name")).isEqualTo("Work");

    String signed = assertion(http.post("/auth/login/passkey/options/", "{}"));
    Reply in = http.post("/auth/login/passkey/", "{\"credential\":" + signed + "}");
    assertThat(in.status()).as(in.raw().body()).isEqualTo(200);
    String passkeyAccess = in.text("access");
    String passkeyRefresh = in.text("refresh");
    assertThat(gatehouse.sessions().verifyAccessToken(passkeyAccess).amr())
        .containsExactly("webauthn", "mfa");
    // A replay of the same response is refused.
    assertProblem(
        http.post("/auth/login/passkey/", "{\"credential\":" + signed + "}"),
        400,
        "invalid_challenge");

    // Removing needs a recent authentication; a passkey assertion is one.
    // Six minutes on, a refreshed access token still carries the old sign-in time.
    clock.advance(Duration.ofMinutes(6));
    Reply refreshed = http.post("/auth/token/refresh/", json("refresh", passkeyRefresh));
    assertThat(refreshed.status()).as(refreshed.raw().body()).isEqualTo(200);
    passkeyAccess = refreshed.text("access");
    Reply stale = http.post("/auth/passkeys/remove/", "{\"id\":" + id + "}", passkeyAccess);
    assertProblem(stale, 403, "reauthentication_required");
    String proof = assertion(http.post("/auth/passkeys/step-up/options/", "{}", passkeyAccess));
    Reply removed =
        http.post(
            "/auth/passkeys/remove/",
            "{\"id\":" + id + ",\"passkey\":" + proof + "}",
            passkeyAccess);
    assertThat(removed.status()).as(removed.raw().body()).isEqualTo(200);
    assertThat(http.get("/auth/passkeys/", passkeyAccess).json().get("passkeys").size()).isZero();

    String afterRemoval = assertion(http.post("/auth/login/passkey/options/", "{}"));
    assertProblem(
        http.post("/auth/login/passkey/", "{\"credential\":" + afterRemoval + "}"),
        400,
        "passkey_rejected");
  }

  @Test
  void aPasskeyCompletesAnMfaRequiredLogin() throws Exception {
    String email = confirmedAccount();
    String access =
        http.post("/auth/login/basic/", json("email", email, "password", PASSWORD)).text("access");
    Reply enrol = http.post("/auth/mfa/totp/", "{}", access);
    String secret = enrol.text("secret");
    byte[] seed = Base32.decode(secret + "=".repeat((8 - secret.length() % 8) % 8));
    Reply confirmed =
        http.post(
            "/auth/mfa/totp/confirm/",
            json("code", TOTP.code(seed, TOTP.step(clock.instant()))),
            access);
    assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
    register(access, "none", "Phone");
    clock.advance(Duration.ofSeconds(30));

    Reply challenged = http.post("/auth/login/basic/", json("email", email, "password", PASSWORD));
    assertProblem(challenged, 403, "mfa_required");
    assertThat(strings(challenged.json().get("methods")))
        .containsExactly("totp", "webauthn", "recovery_code");
    String token = challenged.text("mfa_token");
    Reply options = http.post("/auth/login/mfa/passkey/options/", json("mfa_token", token));
    assertThat(options.json().get("public_key").get("allowCredentials").size()).isEqualTo(1);
    String credential = assertion(options);
    Reply done =
        http.post(
            "/auth/login/mfa/passkey/",
            "{\"mfa_token\":\"" + token + "\",\"credential\":" + credential + "}");
    assertThat(done.status()).as(done.raw().body()).isEqualTo(200);
    assertThat(gatehouse.sessions().verifyAccessToken(done.text("access")).amr())
        .containsExactly("pwd", "webauthn", "mfa");
    assertProblem(
        http.post(
            "/auth/login/mfa/passkey/",
            "{\"mfa_token\":\"" + token + "\",\"credential\":" + credential + "}"),
        400,
        "invalid_challenge");
  }
}
