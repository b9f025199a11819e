package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.spring.web.internal.fastapiusers.FastApiUsersController;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The fastapi-users contract's OpenAPI document lists exactly the routes its controllers map, and
 * {@code docs/HTTP.md}'s route table of the contract is generated from it.
 */
@TestPropertySource(
    properties = {
      // FastApiUsersContractTest's properties, so both share one context.
      "gatehouse.http.contract=fastapi-users",
      "gatehouse.accounts.time-ordered-public-ids=true",
      "test-host.own-database=true"
    })
class FastApiUsersOpenApiTest extends ContractTestSupport {
  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void theDocumentListsExactlyTheControllersRoutes() throws Exception {
    Set<String> mapped =
        GeneratedRouteTable.mapped(
            mappings,
            t -> t.getPackageName().equals(FastApiUsersController.class.getPackageName()));
    Reply served = http.get("/auth/openapi.json", null);
    assertThat(served.status()).isEqualTo(200);
    Set<String> documented = GeneratedRouteTable.documented(served.json());
    assertThat(documented).isEqualTo(mapped).hasSizeGreaterThan(8);
  }

  @Test
  void httpMdsRouteTableIsGeneratedFromTheDocument() throws Exception {
    String table = FastApiUsersController.routeTable("/auth");
    assertThat(table).contains("`/auth/jwt/login`", "form: `username` (required)");
    GeneratedRouteTable.assertCurrent("fastapi-users", table);
  }
}
