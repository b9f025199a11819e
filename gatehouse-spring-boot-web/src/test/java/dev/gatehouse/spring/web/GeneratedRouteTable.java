package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
