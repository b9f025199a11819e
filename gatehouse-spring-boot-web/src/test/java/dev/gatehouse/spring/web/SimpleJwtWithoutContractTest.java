package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.spring.web.internal.ContractExceptionResolver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * simplejwt's token views served alone ({@code gatehouse.http.enabled} off), under a base path of
 * the host's: no contract route, the views' errors still DRF's, and nothing else opened.
 */
@SpringBootTest(
    classes = TestHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "gatehouse.http.simplejwt.enabled=true",
      "gatehouse.http.simplejwt.base-path=/api/jwt/"
    })
class SimpleJwtWithoutContractTest extends SimpleJwtTestSupport {
  @Autowired ApplicationContext context;

  @Override
  String tokens() {
    return "/api/jwt";
  }

  @Test
  void theViewsWorkWithoutAContract() throws Exception {
    assertThat(context.getBeanNamesForType(GatehouseHttpAutoConfiguration.class)).isEmpty();
    assertThat(context.getBeanNamesForType(ContractExceptionResolver.class)).hasSize(1);
    Reply pair = obtain();
    assertThat(http.get("/api/hello/", pair.text("access")).status()).isEqualTo(200);
    Reply refreshed = http.post(tokens() + "/refresh/", json("refresh", pair.text("refresh")));
    assertThat(refreshed.status()).as(refreshed.raw().body()).isEqualTo(200);
    assertDrf(http.post(tokens() + "/verify/", json("token", refreshed.text("access"))), 200, "{}");
    assertDrf(
        http.post(tokens() + "/blacklist/", json("refresh", pair.text("refresh"))), 200, "{}");
    assertTokenNotValid(http.post(tokens() + "/refresh/", json("refresh", pair.text("refresh"))));
  }

  @Test
  void theirErrorsAreDrfsAndNothingElseIsOpen() throws Exception {
    assertDrf(
        http.post(tokens() + "/", json("username", account(true), "password", "not it")),
        401,
        NO_ACTIVE_ACCOUNT);
    assertDrf(
        http.get(tokens() + "/verify/", null),
        405,
        "{\"detail\":\"Method \\\"GET\\\" not allowed.\"}");
    assertProblem(http.post("/api/token/", "{}"), 401, "unauthorized");
    assertProblem(http.post("/auth/login/basic/", "{}"), 401, "unauthorized");
    assertProblem(http.get("/.well-known/jwks.json", null), 401, "unauthorized");
  }
}
