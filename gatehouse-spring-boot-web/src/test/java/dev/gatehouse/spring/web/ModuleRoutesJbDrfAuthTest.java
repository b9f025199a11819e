package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A module's routes ({@link GreetingModule}) under a peer's contract: served under its base path,
 * their refusals and a signed-in route's 401 in DRF's shapes, as jb-drf-auth's own routes answer.
 */
@TestPropertySource(
    properties = {"gatehouse.http.contract=jb-drf-auth", "gatehouse.test.greeting-module=true"})
class ModuleRoutesJbDrfAuthTest extends ContractTestSupport {

  @Test
  void aPublicRouteAnswersTheModulesJson() throws Exception {
    Reply r = http.post("/auth/greetings/ann/", json());
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    assertThat(r.text("greeting")).isEqualTo("hello, ann!");
  }

  @Test
  void aHandlersRefusalIsDrfsAnswer() throws Exception {
    Reply r = http.post("/auth/greetings/nobody/", json());
    assertThat(r.status()).as(r.raw().body()).isEqualTo(404);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.text("detail")).isEqualTo("Not found.");
    assertThat(r.json().has("code")).isFalse();
  }

  @Test
  void aSignedInRouteWithoutATokenIsDrfs401() throws Exception {
    Reply r = http.get("/auth/greetings/me/", null);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(401);
    assertThat(r.text("detail")).isEqualTo("Authentication credentials were not provided.");
    Reply bad = http.get("/auth/greetings/me/", "not-a-token");
    assertThat(bad.status()).as(bad.raw().body()).isEqualTo(401);
    assertThat(bad.text("code")).isEqualTo("token_not_valid");
  }
}
