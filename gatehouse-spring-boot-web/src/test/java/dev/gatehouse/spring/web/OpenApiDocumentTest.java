package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The served OpenAPI document is the checked-in {@code docs/openapi.json}, and it lists exactly the
 * routes the controllers map.
 *
 * <p>After changing the contract, regenerate the checked-in copy with
 *
 * <pre>
 * mvn -B -o -q -pl gatehouse-spring-boot-web -am verify -Dgatehouse.api.skip=true \
 *     -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -Dgatehouse.openapi.update=true
 * </pre>
 */
class OpenApiDocumentTest extends ContractTestSupport {
  static final Path CHECKED_IN = Path.of("..", "docs", "openapi.json");
  static final String UPDATE = "gatehouse.openapi.update";

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void theServedDocumentIsTheCheckedInOne() throws Exception {
    Reply served = http.get("/auth/openapi.json", null);
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.contentType()).startsWith("application/json");
    if (Boolean.getBoolean(UPDATE)) {
      Files.writeString(CHECKED_IN, served.raw().body(), StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(CHECKED_IN))
        .as("docs/openapi.json is missing; regenerate it with -D%s=true", UPDATE)
        .isTrue();
    assertThat(served.raw().body())
        .as(
            "docs/openapi.json differs from the served document; regenerate it with -D%s=true"
                + " (see this test's Javadoc)",
            UPDATE)
        .isEqualTo(Files.readString(CHECKED_IN, StandardCharsets.UTF_8).replace("\r\n", "\n"));
  }

  @Test
  void theDocumentListsExactlyTheMappedRoutes() throws Exception {
    Set<String> mapped = new TreeSet<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, method) -> {
              if (isContract(method)) {
                for (var pattern : info.getPathPatternsCondition().getPatternValues()) {
                  for (var m : info.getMethodsCondition().getMethods()) {
                    mapped.add(m.name() + " " + pattern);
                  }
                }
              }
            });
    JsonNode doc = http.get("/auth/openapi.json", null).json();
    Set<String> documented = new TreeSet<>();
    for (var path : doc.get("paths").properties()) {
      for (String method : path.getValue().propertyNames()) {
        documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }
    assertThat(documented).isEqualTo(mapped).hasSizeGreaterThan(25);
  }

  @Test
  void everyReferenceResolvesAndEveryOperationHasAnId() throws Exception {
    Reply served = http.get("/auth/openapi.json", null);
    JsonNode doc = served.json();
    assertThat(doc.get("openapi").asString()).isEqualTo("3.1.0");
    Matcher refs =
        Pattern.compile("\"#/components/schemas/([A-Za-z]+)\"").matcher(served.raw().body());
    int n = 0;
    while (refs.find()) {
      assertThat(doc.at("/components/schemas/" + refs.group(1)).isMissingNode())
          .as("schema %s", refs.group(1))
          .isFalse();
      n++;
    }
    assertThat(n).isPositive();
    Set<String> ids = new TreeSet<>();
    for (var path : doc.get("paths").properties()) {
      for (var op : path.getValue().properties()) {
        assertThat(ids.add(op.getValue().get("operationId").asString())).isTrue();
      }
    }
  }

  /**
   * {@code docs/HTTP.md}'s route table of the native contract is generated from the served document
   * (issue 37, item 10: the hand-kept table had lost the second-factor enrolment and social
   * routes), so it cannot drift from the controllers: the document is checked against their
   * mappings above.
   */
  @Test
  void httpMdsRouteTableIsGeneratedFromTheDocument() throws Exception {
    String table = routeTable(http.get("/auth/openapi.json", null).json());
    assertThat(table)
        .contains("`/auth/mfa/totp/`", "`/auth/mfa/recovery-codes/`", "`/auth/login/social/link/`");
    GeneratedRouteTable.assertCurrent("gatehouse", table);
  }

  /** One row per operation: method, path, whether a token is needed, the body's fields, answer. */
  static String routeTable(JsonNode doc) {
    JsonNode schemas = doc.path("components").path("schemas");
    StringBuilder b =
        new StringBuilder("| method | path | token | body | answer |\n|---|---|---|---|---|\n");
    for (var path : doc.get("paths").properties()) {
      for (var op : path.getValue().properties()) {
        JsonNode o = op.getValue();
        java.util.List<String> fields = new java.util.ArrayList<>();
        for (JsonNode parameter : o.path("parameters")) {
          if (parameter.path("in").asString().equals("query")) {
            fields.add("`" + parameter.get("name").asString() + "` (query)");
          }
        }
        String body = schemaName(o.path("requestBody").path("content"));
        if (body != null) {
          JsonNode schema = schemas.path(body);
          Set<String> required = new TreeSet<>();
          schema.path("required").forEach(r -> required.add(r.asString()));
          for (String name : schema.path("properties").propertyNames()) {
            fields.add("`" + name + "`" + (required.contains(name) ? " (required)" : ""));
          }
        }
        // The success answer: the first 2xx, else the first listed (a redirect's 302).
        String status = null;
        for (String code : o.path("responses").propertyNames()) {
          if (status == null || (code.startsWith("2") && !status.startsWith("2"))) {
            status = code;
          }
        }
        String answer = schemaName(o.path("responses").path(status).path("content"));
        b.append("| ")
            .append(op.getKey().toUpperCase(Locale.ROOT))
            .append(" | `")
            .append(path.getKey())
            .append("` | ")
            .append(o.has("security") && !o.get("security").isEmpty() ? "yes" : "–")
            .append(" | ")
            .append(fields.isEmpty() ? "–" : String.join(", ", fields))
            .append(" | ")
            .append(status)
            .append(answer == null ? "" : " `" + answer + "`")
            .append(": ")
            .append(o.path("summary").asString().replace("|", "\\|"))
            .append(" |\n");
      }
    }
    return b.toString();
  }

  /** The name of the schema a content map refers to, or {@code null}. */
  private static String schemaName(JsonNode content) {
    for (var media : content.properties()) {
      String ref = media.getValue().path("schema").path("$ref").asString("");
      if (ref.startsWith("#/components/schemas/")) {
        return ref.substring("#/components/schemas/".length());
      }
    }
    return null;
  }

  private static boolean isContract(HandlerMethod method) {
    return method.getBeanType().getPackageName().startsWith("dev.gatehouse.spring.web.internal");
  }
}
