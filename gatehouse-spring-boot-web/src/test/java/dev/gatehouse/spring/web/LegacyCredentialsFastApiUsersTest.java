package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.testing.FastApiUsersVectors;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Every legacy credential under the {@code fastapi-users} contract (issue 58 item 2): a
 * FastAPI-Users JWT is exchanged for a session at {@code {base}/token/exchange}, answered as the
 * login is with RFC 8693's fields, and is taken as a bearer at {@code /users/me} during the window;
 * refusals are FastAPI's shapes.
 */
@TestPropertySource(
    properties = {
      "gatehouse.http.contract=fastapi-users",
      "gatehouse.legacy.fastapi-users.secret=SECRET-fastapi",
      "gatehouse.legacy.fastapi-users.until=2030-01-01T00:00:00Z"
    })
class LegacyCredentialsFastApiUsersTest extends ContractTestSupport {
  private static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

  private UUID mapped(String legacyId) throws Exception {
    String address = FastApiUsersContractTest.verifiedAccount(http, this);
    UUID account = gatehouse.accounts().findByEmail(address).orElseThrow().id();
    TestHost.LEGACY_ACCOUNTS.put(legacyId, account);
    return account;
  }

  @Test
  void aFastApiUsersTokenIsABearerAtUsersMeAndIsExchangedUnderTheBasePath() throws Exception {
    FastApiUsersVectors.Case legacy = FastApiUsersVectors.get("auth");
    UUID account = mapped(legacy.userId());
    clock.set(legacy.expiresAt().minusSeconds(60));

    Reply me = http.get("/users/me", legacy.token());
    assertThat(me.status()).as(me.raw().body()).isEqualTo(200);
    assertThat(me.text("id")).isEqualTo(account.toString());
    // It reads the caller only: a change needs a live session.
    assertThat(
            http.send("PATCH", "/users/me", json("first_name", "Legacy"), legacy.token()).status())
        .isEqualTo(401);

    Reply r =
        http.post(
            "/auth/token/exchange",
            json("grant_type", GRANT, "subject_token", legacy.token(), "subject_token_type", JWT));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(List.copyOf(r.json().propertyNames()))
        .containsExactly(
            "access_token", "token_type", "refresh_token", "issued_token_type", "expires_in");
    assertThat(r.text("token_type")).isEqualTo("bearer");
    assertThat(http.get("/users/me", r.text("access_token")).text("id"))
        .isEqualTo(account.toString());
    assertThat(gatehouse.sessions().listSessions(account, null)).hasSize(1);

    Reply again =
        http.post(
            "/auth/token/exchange",
            json("grant_type", GRANT, "subject_token", legacy.token(), "subject_token_type", JWT));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().get("detail").get("code").asString())
        .isEqualTo("INVALID_SUBJECT_TOKEN");
  }

  @Test
  void forgedAndOtherLegacyTokensAreRefusedAsFastApiUsersRefuses() throws Exception {
    FastApiUsersVectors.Case legacy = FastApiUsersVectors.get("auth");
    mapped(legacy.userId());
    clock.set(legacy.expiresAt().minusSeconds(60));
    for (String name : new String[] {"other_secret", "reset_password", "verify", "unknown_user"}) {
      FastApiUsersContractTest.assertDetail(
          http.get("/users/me", FastApiUsersVectors.get(name).token()),
          401,
          "{\"detail\":\"Unauthorized\"}");
    }
    clock.set(legacy.expiresAt());
    FastApiUsersContractTest.assertDetail(
        http.get("/users/me", legacy.token()), 401, "{\"detail\":\"Unauthorized\"}");
  }
}
