package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code gatehouse.http.check-session=false} restores stateless acceptance on the host's own
 * routes: a logged-out session's access token works there until it expires, while the contract's
 * own routes still refuse it.
 */
@TestPropertySource(properties = "gatehouse.http.check-session=false")
class HostRoutesStatelessTest extends ContractTestSupport {

  @Test
  void offTheHostsRouteAcceptsALoggedOutSessionsTokenUntilItExpires() throws Exception {
    Reply login = login();
    String access = login.text("access");
    assertThat(http.post(base() + "/logout/", null, access).status()).isEqualTo(200);
    assertThat(http.get("/api/hello/", access).status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(2));
    assertThat(http.get("/api/hello/", access).status()).isEqualTo(200);
    assertProblem(http.get(base() + "/me/", access), 401, "invalid_token");
    clock.advance(Duration.ofMinutes(6));
    assertProblem(http.get("/api/hello/", access), 401, "invalid_token");
  }
}
