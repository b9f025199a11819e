package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.spring.web.internal.jbdrfauth.JbDrfAuthController;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The jb-drf-auth contract's OpenAPI document lists exactly the routes its controller maps, and
 * {@code docs/HTTP.md}'s route table of the contract is generated from it. Regenerate the table
 * with {@code -Dgatehouse.openapi.update=true} (see {@link OpenApiDocumentTest}'s command).
 */
@TestPropertySource(
    properties = {
      // JbDrfAuthContractTest's properties, so both share one context.
      "gatehouse.http.contract=jb-drf-auth",
      "gatehouse.links.email-confirmation=/verify-email/?uid={uid}&token={token}",
      "gatehouse.links.password-reset=/reset-password/?uid={uid}&token={token}",
      "gatehouse.registration.terms-required=true",
      "gatehouse.token.simplejwt-claims=true",
      "gatehouse.token.integer-user-ids=true",
      "test-host.own-database=true"
    })
class JbDrfAuthOpenApiTest extends ContractTestSupport {
  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void theDocumentListsExactlyTheControllersRoutes() throws Exception {
    Set<String> mapped =
        GeneratedRouteTable.mapped(mappings, JbDrfAuthController.controllers()::contains);
    Reply served = http.get("/auth/openapi.json", null);
    assertThat(served.status()).isEqualTo(200);
    JsonNode doc = served.json();
    assertThat(doc.get("openapi").asString()).isEqualTo("3.1.0");
    Set<String> documented = GeneratedRouteTable.documented(doc);
    Set<String> ids = new TreeSet<>();
    for (var path : doc.get("paths").properties()) {
      for (var op : path.getValue().properties()) {
        assertThat(ids.add(op.getValue().get("operationId").asString())).isTrue();
      }
    }
    assertThat(documented).isEqualTo(mapped).hasSizeGreaterThan(25);
  }

  @Test
  void httpMdsRouteTableIsGeneratedFromTheDocument() throws Exception {
    String table = JbDrfAuthController.routeTable("/auth");
    assertThat(table).contains("`/auth/login/basic/`", "`login` (required)");
    GeneratedRouteTable.assertCurrent("jb-drf-auth", table);
  }
}
