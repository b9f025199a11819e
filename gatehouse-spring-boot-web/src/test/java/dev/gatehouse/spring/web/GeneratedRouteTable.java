package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * A route table of {@code docs/HTTP.md} that is generated from a peer contract's route list: the
 * text between {@code <!-- routes: NAME (generated ...) -->} and {@code <!-- end routes -->} must
 * be the table. {@code -Dgatehouse.openapi.update=true} rewrites it.
 */
final class GeneratedRouteTable {
  static final Path HTTP_MD = Path.of("..", "docs", "HTTP.md");
  static final String END = "<!-- end routes -->";

  private GeneratedRouteTable() {}

  static void assertCurrent(String name, String table) throws Exception {
    String start = "<!-- routes: " + name + " (generated";
    String md = Files.readString(HTTP_MD, StandardCharsets.UTF_8).replace("\r\n", "\n");
    int at = md.indexOf(start);
    assertThat(at)
        .as("the markers of the generated %s table in docs/HTTP.md", name)
        .isNotNegative();
    int from = md.indexOf("-->\n", at) + "-->\n".length();
    int end = md.indexOf(END, from);
    assertThat(end).isPositive();
    String generated = md.substring(0, from) + table + md.substring(end);
    if (Boolean.getBoolean(OpenApiDocumentTest.UPDATE)) {
      Files.writeString(HTTP_MD, generated, StandardCharsets.UTF_8);
      md = generated;
    }
    assertThat(md)
        .as(
            "docs/HTTP.md's %s table differs; regenerate it with -D%s=true",
            name, OpenApiDocumentTest.UPDATE)
        .isEqualTo(generated);
  }

  /** {@return "METHOD /path" of every mapping of the controllers {@code ofController} accepts} */
  static Set<String> mapped(
      RequestMappingHandlerMapping mappings, Predicate<Class<?>> ofController) {
    Set<String> mapped = new TreeSet<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, method) -> {
              if (ofController.test(method.getBeanType())) {
                for (var pattern : info.getPathPatternsCondition().getPatternValues()) {
                  for (var m : info.getMethodsCondition().getMethods()) {
                    mapped.add(m.name() + " " + pattern);
                  }
                }
              }
            });
    return mapped;
  }

  /** {@return "METHOD /path" of every operation of an OpenAPI document} */
  static Set<String> documented(JsonNode doc) {
    Set<String> documented = new TreeSet<>();
    for (var path : doc.get("paths").properties()) {
      for (String method : path.getValue().propertyNames()) {
        documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }
    return documented;
  }
}
