package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.spring.web.internal.JbDrfAuthController;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
      "gatehouse.http.contract=jb-drf-auth",
      "gatehouse.links.email-confirmation=/verify-email/?uid={uid}&token={token}",
      "gatehouse.links.password-reset=/reset-password/?uid={uid}&token={token}",
      "gatehouse.registration.terms-required=true",
      "gatehouse.token.simplejwt-claims=true"
    })
class JbDrfAuthOpenApiTest extends ContractTestSupport {
  static final Path HTTP_MD = Path.of("..", "docs", "HTTP.md");
  static final String START =
      "<!-- routes: jb-drf-auth (generated from the contract's OpenAPI document by"
          + " JbDrfAuthOpenApiTest) -->\n";
  static final String END = "<!-- end routes -->";

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void theDocumentListsExactlyTheControllersRoutes() throws Exception {
    Set<String> mapped = new TreeSet<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, method) -> {
              if (method.getBeanType() == JbDrfAuthController.class) {
                for (var pattern : info.getPathPatternsCondition().getPatternValues()) {
                  for (var m : info.getMethodsCondition().getMethods()) {
                    mapped.add(m.name() + " " + pattern);
                  }
                }
              }
            });
    Reply served = http.get("/auth/openapi.json", null);
    assertThat(served.status()).isEqualTo(200);
    JsonNode doc = served.json();
    assertThat(doc.get("openapi").asString()).isEqualTo("3.1.0");
    Set<String> documented = new TreeSet<>();
    Set<String> ids = new TreeSet<>();
    for (var path : doc.get("paths").properties()) {
      for (var op : path.getValue().properties()) {
        documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
        assertThat(ids.add(op.getValue().get("operationId").asString())).isTrue();
      }
    }
    assertThat(documented).isEqualTo(mapped).hasSizeGreaterThan(25);
  }

  @Test
  void httpMdsRouteTableIsGeneratedFromTheDocument() throws Exception {
    String table = JbDrfAuthController.routeTable("/auth");
    String md = Files.readString(HTTP_MD, StandardCharsets.UTF_8).replace("\r\n", "\n");
    int start = md.indexOf(START);
    int end = md.indexOf(END, start);
    assertThat(start).as("the markers of the generated table in docs/HTTP.md").isNotNegative();
    assertThat(end).isPositive();
    String generated = md.substring(0, start + START.length()) + table + md.substring(end);
    if (Boolean.getBoolean(OpenApiDocumentTest.UPDATE)) {
      Files.writeString(HTTP_MD, generated, StandardCharsets.UTF_8);
      md = generated;
    }
    assertThat(md)
        .as(
            "docs/HTTP.md's jb-drf-auth table differs; regenerate it with -D%s=true",
            OpenApiDocumentTest.UPDATE)
        .isEqualTo(generated);
    assertThat(table).contains("`/auth/login/basic/`", "`login` (required)");
  }
}
