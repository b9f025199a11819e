package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * simplejwt's token views beside the {@code jb-drf-auth} contract, with the session check on: the
 * two speak DRF each in its own words, share the tokens, and a blacklisted session's access token
 * is refused at once.
 */
@TestPropertySource(
    properties = {
      "gatehouse.http.contract=jb-drf-auth",
      "gatehouse.http.check-session=true",
      "gatehouse.http.simplejwt.enabled=true"
    })
class SimpleJwtBesideJbDrfAuthTest extends SimpleJwtTestSupport {

  @Test
  void bothRefreshRoutesTakeTheViewsRefreshTokenWithoutRotating() throws Exception {
    String refresh = obtain().text("refresh");
    for (String path :
        List.of(tokens() + "/refresh/", "/auth/token/refresh/", tokens() + "/refresh/")) {
      Reply r = http.post(path, json("refresh", refresh));
      assertThat(r.status()).as(path + " " + r.raw().body()).isEqualTo(200);
      assertThat(List.copyOf(r.json().propertyNames())).containsExactly("access");
      assertThat(http.get("/api/hello/", r.text("access")).status()).isEqualTo(200);
    }
  }

  @Test
  void eachSpeaksItsOwnWordsForTheSameRefusal() throws Exception {
    String address = account(true);
    assertDrf(
        http.post(tokens() + "/", json("username", address, "password", "not the password")),
        401,
        NO_ACTIVE_ACCOUNT);
    Reply jb =
        http.post(
            "/auth/login/basic/",
            json("login", address, "password", "not the password", "client", "web"));
    assertThat(jb.status()).isEqualTo(401);
    assertThat(jb.raw().body()).isEqualTo("{\"detail\":\"Credenciales invalidas.\"}");
    assertThat(jb.header("Allow")).isNull();
    assertThat(http.get("/auth/me/?client=web", null).text("detail"))
        .isEqualTo("Authentication credentials were not provided.");
  }

  @Test
  void withTheSessionCheckABlacklistedSessionsAccessTokenFailsVerificationAtOnce()
      throws Exception {
    Reply pair = obtain();
    String access = pair.text("access");
    assertDrf(http.post(tokens() + "/verify/", json("token", access)), 200, "{}");
    assertDrf(
        http.post(tokens() + "/blacklist/", json("refresh", pair.text("refresh"))), 200, "{}");
    assertTokenNotValid(http.post(tokens() + "/verify/", json("token", access)));
    assertThat(http.get("/api/hello/", access).status()).isEqualTo(401);
    Reply jb = http.post("/auth/token/refresh/", json("refresh", pair.text("refresh")));
    assertThat(jb.status()).isEqualTo(401);
    assertThat(jb.raw().body()).isEqualTo(TOKEN_NOT_VALID);
  }
}
