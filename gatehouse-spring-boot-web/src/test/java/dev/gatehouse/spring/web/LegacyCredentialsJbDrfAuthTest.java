package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.testing.SimpleJwtVectors;
import java.util.UUID;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Every legacy credential under the {@code jb-drf-auth} contract (issue 58 item 2): the RFC 8693
 * exchange is served at {@code {base}/token/exchange/} and answers jb-drf-auth's token pair with
 * RFC 8693's fields; a simplejwt access token a client still holds after the switch is taken as a
 * bearer at {@code me/}; refusals are jb-drf-auth's shapes.
 */
@TestPropertySource(
    properties = {
      "gatehouse.http.contract=jb-drf-auth",
      "gatehouse.links.email-confirmation=/verify-email/?uid={uid}&token={token}",
      "gatehouse.links.password-reset=/reset-password/?uid={uid}&token={token}",
      "gatehouse.registration.terms-required=true",
      "gatehouse.token.simplejwt-claims=true",
      "gatehouse.token.integer-user-ids=true",
      "gatehouse.legacy.simplejwt.signing-key=" + SimpleJwtVectors.SECRET_KEY,
      "gatehouse.legacy.simplejwt.until=2030-01-01T00:00:00Z",
      "gatehouse.legacy.simplejwt.access-tokens=true"
    })
class LegacyCredentialsJbDrfAuthTest extends ContractTestSupport {
  private static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String ACCESS = "urn:ietf:params:oauth:token-type:access_token";

  private UUID mapped(String legacyId) throws Exception {
    String address = newEmail();
    Reply r = http.post("/auth/register/", JbDrfAuthContractTest.signUp(address));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    Matcher m =
        JbDrfAuthContractTest.link(JbDrfAuthContractTest.VERIFY, mailTo(address).orElseThrow());
    assertThat(
            http.post(
                    "/auth/registration/account-confirmation-email/",
                    json("uid", m.group(1), "token", m.group(2)))
                .status())
        .isEqualTo(200);
    UUID account = gatehouse.accounts().findByEmail(address).orElseThrow().id();
    TestHost.LEGACY_ACCOUNTS.put(legacyId, account);
    return account;
  }

  @Test
  void aSimplejwtAccessTokenIsABearerAtMeAndIsExchangedUnderTheBasePath() throws Exception {
    SimpleJwtVectors.Case legacy = SimpleJwtVectors.get("secret_key_other_user");
    UUID account = mapped(legacy.userId());
    clock.set(legacy.issuedAt().plusSeconds(30));

    Reply me = http.get("/auth/me/?client=mobile", legacy.access());
    assertThat(me.status()).as(me.raw().body()).isEqualTo(200);
    // It reads the caller only: a change (a new profile here) needs a live session.
    assertThat(http.post("/auth/profiles/", json("name", "Legacy"), legacy.access()).status())
        .isEqualTo(401);

    Reply r =
        http.post(
            "/auth/token/exchange/",
            json(
                "grant_type",
                GRANT,
                "subject_token",
                legacy.access(),
                "subject_token_type",
                ACCESS));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.text("accessToken")).isEqualTo(r.text("access_token"));
    assertThat(r.text("refreshToken")).isEqualTo(r.text("refresh_token"));
    assertThat(r.text("issued_token_type")).isEqualTo(ACCESS);
    assertThat(gatehouse.sessions().verifyAccessToken(r.text("access_token")).subject())
        .isEqualTo(account.toString());
    assertThat(http.get("/auth/me/?client=mobile", r.text("access_token")).status()).isEqualTo(200);

    Reply again =
        http.post(
            "/auth/token/exchange/",
            json(
                "grant_type",
                GRANT,
                "subject_token",
                legacy.access(),
                "subject_token_type",
                ACCESS));
    assertThat(again.status()).as(again.raw().body()).isEqualTo(400);
    assertThat(again.json().has("detail")).isTrue();
  }

  @Test
  void aForgedOrExpiredSimplejwtTokenIsRefusedAsJbDrfAuthRefuses() throws Exception {
    SimpleJwtVectors.Case legacy = SimpleJwtVectors.get("secret_key_other_user");
    mapped(legacy.userId());
    clock.set(legacy.issuedAt().plusSeconds(30));
    String[] parts = legacy.access().split("\\.");
    Reply forged = http.get("/auth/me/?client=mobile", parts[0] + "." + parts[1] + ".AAAA");
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.json().has("detail")).isTrue();
    assertThat(http.get("/auth/me/?client=mobile", legacy.refresh()).status()).isEqualTo(401);
    clock.set(legacy.accessExpiresAt());
    assertThat(http.get("/auth/me/?client=mobile", legacy.access()).status()).isEqualTo(401);
  }
}
