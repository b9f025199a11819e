package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.testing.FastApiUsersVectors;
import dev.gatehouse.testing.SimpleJwtVectors;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A client that holds only a legacy access token after the cut-over (issue 34, item 1) exchanges it
 * at {@code POST /auth/token/exchange/} the way RFC 8693 describes, as a form or as JSON, and gets
 * a session of the account its user became; the same token a second time, a token of another
 * audience, and a malformed request are refused with a problem, and a refused token leaves no
 * session.
 */
@TestPropertySource(
    properties = {
      "gatehouse.legacy.simplejwt.signing-key=" + SimpleJwtVectors.SECRET_KEY,
      "gatehouse.legacy.simplejwt.until=2030-01-01T00:00:00Z",
      "gatehouse.legacy.simplejwt.access-tokens=true",
      "gatehouse.legacy.fastapi-users.secret=SECRET-fastapi",
      "gatehouse.legacy.fastapi-users.until=2030-01-01T00:00:00Z"
    })
class LegacyTokenExchangeContractTest extends ContractTestSupport {
  private static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String ACCESS = "urn:ietf:params:oauth:token-type:access_token";
  private static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

  private UUID mapped(String legacyId) throws Exception {
    UUID account = gatehouse.accounts().findByEmail(confirmedAccount()).orElseThrow().id();
    TestHost.LEGACY_ACCOUNTS.put(legacyId, account);
    return account;
  }

  private Reply form(String... kv) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      b.append(b.length() == 0 ? "" : "&")
          .append(kv[i])
          .append('=')
          .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
    }
    return http.send(
        "POST",
        base() + "/token/exchange/",
        b.toString(),
        null,
        "Content-Type",
        "application/x-www-form-urlencoded");
  }

  @Test
  void aFastApiUsersTokenPostedAsAFormBecomesASessionOnce() throws Exception {
    FastApiUsersVectors.Case legacy = FastApiUsersVectors.get("auth");
    UUID account = mapped(legacy.userId());
    clock.set(legacy.expiresAt().minusSeconds(60));

    Reply r = form("grant_type", GRANT, "subject_token", legacy.token(), "subject_token_type", JWT);

    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.text("issued_token_type")).isEqualTo(ACCESS);
    assertThat(r.text("token_type")).isEqualTo("Bearer");
    assertThat(r.text("access_token")).isEqualTo(r.text("access"));
    assertThat(r.text("refresh_token")).isEqualTo(r.text("refresh"));
    assertThat(gatehouse.sessions().verifyAccessToken(r.text("access_token")).subject())
        .isEqualTo(account.toString());
    // The new access token reads the account at the contract's own route.
    assertThat(http.get(base() + "/me/", r.text("access_token")).status()).isEqualTo(200);

    Reply again =
        form("grant_type", GRANT, "subject_token", legacy.token(), "subject_token_type", JWT);
    assertProblem(again, 400, "invalid_subject_token");
    assertThat(gatehouse.sessions().listSessions(account, null)).isEmpty();
  }

  @Test
  void aSimplejwtAccessTokenPostedAsJsonBecomesASession() throws Exception {
    SimpleJwtVectors.Case legacy = SimpleJwtVectors.get("secret_key_second");
    UUID account = mapped(legacy.userId());
    clock.set(legacy.issuedAt().plusSeconds(30));

    Reply r =
        http.post(
            base() + "/token/exchange/",
            json(
                "grant_type",
                GRANT,
                "subject_token",
                legacy.access(),
                "subject_token_type",
                ACCESS,
                "client",
                "mobile"));

    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(gatehouse.sessions().listSessions(account, null))
        .singleElement()
        .satisfies(s -> assertThat(s.client()).isEqualTo("mobile"));
  }

  @Test
  void badRequestsAndRefusedTokensAnswerAProblemAndChangeNothing() throws Exception {
    FastApiUsersVectors.Case reset = FastApiUsersVectors.get("reset_password");
    UUID account = mapped(reset.userId());
    clock.set(reset.expiresAt().minusSeconds(60));

    assertProblem(
        form("grant_type", GRANT, "subject_token", reset.token(), "subject_token_type", JWT),
        400,
        "invalid_subject_token");
    assertProblem(
        form(
            "grant_type",
            "refresh_token",
            "subject_token",
            reset.token(),
            "subject_token_type",
            JWT),
        400,
        "unsupported_grant_type");
    assertProblem(
        form(
            "grant_type",
            GRANT,
            "subject_token",
            reset.token(),
            "subject_token_type",
            "urn:ietf:params:oauth:token-type:id_token"),
        400,
        "invalid_field");
    assertProblem(form("grant_type", GRANT, "subject_token_type", JWT), 400, "missing_field");
    assertThat(gatehouse.sessions().listSessions(account, null)).isEmpty();
  }
}
