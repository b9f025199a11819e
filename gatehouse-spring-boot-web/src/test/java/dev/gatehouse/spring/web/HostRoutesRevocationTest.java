package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.Http.Reply;
import org.junit.jupiter.api.Test;

/**
 * Issue 54, item 2: with the starter's defaults, the host's own route ({@code /api/hello/}, a plain
 * {@code @RestController}) refuses an access token once its session was ended by a logout, a
 * password change or a revocation, not when the token expires. On H2, and on PostgreSQL and MariaDB
 * in the subclasses.
 */
class HostRoutesRevocationTest extends ContractTestSupport {

  /** Two sessions of one fresh account: two logins. */
  private Reply[] twoSessions() throws Exception {
    String address = confirmedAccount();
    Reply[] out = new Reply[2];
    for (int i = 0; i < 2; i++) {
      out[i] = http.post(base() + "/login/basic/", json("email", address, "password", PASSWORD));
      assertThat(out[i].status()).as(out[i].raw().body()).isEqualTo(200);
      assertThat(http.get("/api/hello/", out[i].text("access")).status()).isEqualTo(200);
    }
    return out;
  }

  @Test
  void afterALogoutTheHostsRouteRefusesTheAccessToken() throws Exception {
    Reply[] sessions = twoSessions();
    String access = sessions[0].text("access");
    assertThat(http.post(base() + "/logout/", null, access).status()).isEqualTo(200);
    assertProblem(http.get("/api/hello/", access), 401, "invalid_token");
    // The account's other session is untouched.
    assertThat(http.get("/api/hello/", sessions[1].text("access")).status()).isEqualTo(200);
  }

  @Test
  void afterAPasswordChangeTheHostsRouteRefusesTheOtherSessionsAccessToken() throws Exception {
    Reply[] sessions = twoSessions();
    Reply changed =
        http.post(
            base() + "/password-reset/change/",
            json("current_password", PASSWORD, "new_password", "a brand new passphrase 42"),
            sessions[0].text("access"));
    assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
    assertProblem(http.get("/api/hello/", sessions[1].text("access")), 401, "invalid_token");
  }

  @Test
  void afterARevocationTheHostsRouteRefusesTheAccessToken() throws Exception {
    Reply[] sessions = twoSessions();
    String access = sessions[1].text("access");
    VerifiedAccessToken token = gatehouse.sessions().verifyAccessToken(access);
    gatehouse.sessions().revokeSession(token.userPublicId(), token.sessionId());
    assertProblem(http.get("/api/hello/", access), 401, "invalid_token");
    assertThat(http.get("/api/hello/", sessions[0].text("access")).status()).isEqualTo(200);
  }
}
