package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** simplejwt's token views are opt-in: a contract alone neither serves nor opens their paths. */
class SimpleJwtOffTest extends ContractTestSupport {
  @Autowired ApplicationContext context;

  @Test
  void withoutThePropertyTheViewsAreNotServedAndTheirPathsStayClosed() throws Exception {
    assertThat(context.getBeanNamesForType(GatehouseSimpleJwtAutoConfiguration.class)).isEmpty();
    assertProblem(
        http.post("/api/token/", json("username", "a@example.com", "password", PASSWORD)),
        401,
        "unauthorized");
  }
}
