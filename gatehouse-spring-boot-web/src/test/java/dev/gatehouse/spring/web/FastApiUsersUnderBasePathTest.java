package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The {@code fastapi-users} contract with {@code users-under-base-path}: the users router where
 * Gatehouse 0.1.0 served it, {@code /auth/users}, and nothing at the root.
 */
@TestPropertySource(
    properties = {
      "gatehouse.http.contract=fastapi-users",
      "gatehouse.http.fastapi-users.users-under-base-path=true"
    })
class FastApiUsersUnderBasePathTest extends ContractTestSupport {

  @Test
  void theUsersRouterKeepsItsOldPlaceUnderTheBasePath() throws Exception {
    String address = newEmail();
    assertThat(http.post("/auth/register", json("email", address, "password", PASSWORD)).status())
        .isEqualTo(201);
    Reply verified =
        http.post("/auth/verify", json("token", tokenIn(mailTo(address).orElseThrow())));
    assertThat(verified.status()).as(verified.raw().body()).isEqualTo(200);
    String access =
        FastApiUsersContractTest.access(
            http.send(
                "POST",
                "/auth/jwt/login",
                FastApiUsersContractTest.form(address, PASSWORD),
                null,
                "Content-Type",
                "application/x-www-form-urlencoded"));
    Reply me = http.get("/auth/users/me", access);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.text("id")).isEqualTo(verified.text("id"));
    FastApiUsersContractTest.assertDetail(
        http.get("/auth/users/me", null), 401, "{\"detail\":\"Unauthorized\"}");
    FastApiUsersContractTest.assertDetail(
        http.get("/auth/users/" + verified.text("id"), access), 403, "{\"detail\":\"Forbidden\"}");
    // Nothing at the root: a path of the host's, which the chain authenticates and MVC does not
    // map.
    assertThat(http.get("/users/me", access).status()).isEqualTo(404);
    assertThat(http.get("/users/me", null).status()).isEqualTo(401);
  }
}
