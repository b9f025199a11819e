package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * simplejwt's {@code ROTATE_REFRESH_TOKENS} as {@code
 * gatehouse.http.simplejwt.rotate-refresh-tokens}: the refresh view answers a new refresh token
 * too, and the one it replaced stops working.
 */
@TestPropertySource(
    properties = {
      "gatehouse.http.simplejwt.enabled=true",
      "gatehouse.http.simplejwt.rotate-refresh-tokens=true"
    })
class SimpleJwtRotationTest extends SimpleJwtTestSupport {

  @Test
  void theRefreshViewRotatesAndTheReplacedTokenIsRefused() throws Exception {
    String first = obtain().text("refresh");
    Reply r = http.post(tokens() + "/refresh/", json("refresh", first));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(List.copyOf(r.json().propertyNames())).containsExactly("access", "refresh");
    String second = r.text("refresh");
    assertThat(second).isNotEqualTo(first);
    assertThat(http.get("/api/hello/", r.text("access")).status()).isEqualTo(200);
    Reply next = http.post(tokens() + "/refresh/", json("refresh", second));
    assertThat(next.status()).as(next.raw().body()).isEqualTo(200);
    String third = next.text("refresh");

    assertTokenNotValid(http.post(tokens() + "/refresh/", json("refresh", first)));
    // Unlike simplejwt without its blacklist, a replayed token is taken as stolen: Gatehouse ends
    // the session, so the newest token stops working too.
    assertTokenNotValid(http.post(tokens() + "/refresh/", json("refresh", third)));
  }
}
