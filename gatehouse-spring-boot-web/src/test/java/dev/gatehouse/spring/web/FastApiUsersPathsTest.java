package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The {@code fastapi-users} contract where another application mounted FastAPI-Users' routers: the
 * auth routers under {@code /fu_auth}, the login at the prefix itself, and the users router at
 * {@code /people} from the root.
 */
@TestPropertySource(
    properties = {
      "gatehouse.http.contract=fastapi-users",
      "gatehouse.http.base-path=/fu_auth",
      "gatehouse.http.fastapi-users.auth-path=",
      "gatehouse.http.fastapi-users.users-path=/people"
    })
class FastApiUsersPathsTest extends ContractTestSupport {

  @Test
  void theRoutersSitWhereThePropertiesPutThem() throws Exception {
    String address = newEmail();
    assertThat(
            http.post("/fu_auth/register", json("email", address, "password", PASSWORD)).status())
        .isEqualTo(201);
    Reply verified =
        http.post("/fu_auth/verify", json("token", tokenIn(mailTo(address).orElseThrow())));
    assertThat(verified.status()).as(verified.raw().body()).isEqualTo(200);
    Reply login =
        http.send(
            "POST",
            "/fu_auth/login",
            FastApiUsersContractTest.form(address, PASSWORD),
            null,
            "Content-Type",
            "application/x-www-form-urlencoded");
    String access = FastApiUsersContractTest.access(login);
    Reply me = http.get("/people/me", access);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.text("id")).isEqualTo(verified.text("id"));
    FastApiUsersContractTest.assertDetail(
        http.get("/people/me", null), 401, "{\"detail\":\"Unauthorized\"}");
    FastApiUsersContractTest.assertDetail(
        http.get("/people/" + verified.text("id"), "abc.def.ghi"),
        401,
        "{\"detail\":\"Unauthorized\"}");
    FastApiUsersContractTest.assertDetail(
        http.get("/fu_auth/people/me", null), 404, "{\"detail\":\"Not Found\"}");
    // Beside the router, the host's paths stay the host's: authenticated by the chain.
    assertThat(http.get("/people/me/elsewhere", access).status()).isEqualTo(404);
    assertThat(http.get("/people/me/elsewhere", null).status()).isEqualTo(401);
    assertThat(http.get("/people/me/elsewhere", null).contentType())
        .startsWith("application/problem+json");
    assertThat(http.post("/fu_auth/logout", null, access).status()).isEqualTo(204);
    // /auth is the host's: no contract there, so Spring Security's own chain answers.
    assertThat(http.get("/auth/jwt/login", null).status()).isEqualTo(401);
  }
}
