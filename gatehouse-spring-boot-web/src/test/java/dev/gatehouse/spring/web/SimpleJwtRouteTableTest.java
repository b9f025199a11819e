package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.internal.simplejwt.SimpleJwtController;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** {@code docs/HTTP.md}'s table of simplejwt's views is generated from their route list. */
@TestPropertySource(properties = "gatehouse.http.simplejwt.enabled=true")
class SimpleJwtRouteTableTest extends ContractTestSupport {
  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void theTableListsExactlyTheViewsPathsAndIsInHttpMd() throws Exception {
    Set<String> mapped = new TreeSet<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, method) -> {
              if (method.getBeanType() == SimpleJwtController.class) {
                mapped.addAll(info.getPathPatternsCondition().getPatternValues());
              }
            });
    String table = SimpleJwtController.routeTable("/api/token");
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("\\| POST \\| `([^`]+)`").matcher(table);
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).isEqualTo(mapped).hasSize(4);
    GeneratedRouteTable.assertCurrent("simplejwt", table);
  }
}
