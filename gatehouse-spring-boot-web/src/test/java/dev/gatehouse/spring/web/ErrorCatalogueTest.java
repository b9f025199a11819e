package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.internal.gatehouse.ContractRoutes;
import dev.gatehouse.spring.web.internal.gatehouse.ErrorCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The error catalogue is the one source of the codes the contract answers: {@code docs/HTTP.md}'s
 * table is generated from it, codes are unique across Gatehouse's and the HTTP layer's, and the
 * routes' error lists keep the rule that 401 means only a missing or invalid token.
 */
class ErrorCatalogueTest {
  static final String START = "<!-- errors (generated";
  static final String END = "<!-- end errors -->";

  @Test
  void httpMdsErrorTableIsGeneratedFromTheCatalogue() throws Exception {
    String table = ErrorCatalogue.markdownTable(EveryModule.errorCodes());
    String md =
        Files.readString(GeneratedRouteTable.HTTP_MD, StandardCharsets.UTF_8).replace("\r\n", "\n");
    int at = md.indexOf(START);
    assertThat(at).as("the markers of the generated error table in docs/HTTP.md").isNotNegative();
    int from = md.indexOf("-->\n", at) + "-->\n".length();
    int end = md.indexOf(END, from);
    assertThat(end).isPositive();
    String generated = md.substring(0, from) + table + md.substring(end);
    if (Boolean.getBoolean(OpenApiDocumentTest.UPDATE)) {
      Files.writeString(GeneratedRouteTable.HTTP_MD, generated, StandardCharsets.UTF_8);
      md = generated;
    }
    assertThat(md)
        .as(
            "docs/HTTP.md's error table differs from the catalogue; regenerate it with -D%s=true",
            OpenApiDocumentTest.UPDATE)
        .isEqualTo(generated);
    assertThat(table).contains("| `invalid_link` | 400 |", "| `mfa_required` | 403 |");
  }

  @Test
  void everyCodeIsUniqueAcrossTheCatalogue() {
    Set<String> seen = new HashSet<>();
    for (ErrorCatalogue.Entry e : ErrorCatalogue.entries(EveryModule.errorCodes())) {
      assertThat(seen.add(e.code())).as("code %s twice", e.code()).isTrue();
      assertThat(e.code()).matches("[a-z][a-z0-9_]*");
      assertThat(e.description()).isNotBlank();
    }
    assertThat(seen).hasSizeGreaterThan(EveryModule.errorCodes().size());
  }

  @Test
  void onlyRoutesThatTakeATokenAnswer401() {
    // The routes that take a refresh token in their body: a bad one is a 401 there.
    List<String> refreshTokenRoutes = List.of("refresh", "logout");
    for (ContractRoutes.Route r : ContractRoutes.ROUTES) {
      boolean takesToken = r.auth() || refreshTokenRoutes.contains(r.operationId());
      assertThat(r.errors().contains(401))
          .as("%s %s lists 401", r.method(), r.path())
          .isEqualTo(takesToken);
      assertThat(ErrorCatalogue.codesByStatus(EveryModule.errorCodes()).keySet())
          .as("the statuses of %s", r.operationId())
          .containsAll(r.errors());
    }
  }
}
