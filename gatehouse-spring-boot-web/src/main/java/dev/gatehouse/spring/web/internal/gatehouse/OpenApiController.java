package dev.gatehouse.spring.web.internal.gatehouse;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.ModuleRouteTable;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.Reply;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the contract's OpenAPI document at {@code {base}/openapi.json}, built on the first request
 * and kept: building it at start-up cost every host's launch time for a page few ever ask for.
 */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class OpenApiController {
  private final Supplier<byte[]> document;

  OpenApiController(ContractPaths paths, Gatehouse gatehouse, ModuleRouteTable modules) {
    this.document =
        SingletonSupplier.of(
            () ->
                ContractJson.writePretty(
                        OpenApiDocument.build(paths, gatehouse.errorCodes(), modules))
                    .getBytes(StandardCharsets.UTF_8));
  }

  @GetMapping(ContractPaths.OPENAPI)
  void openapi(HttpServletResponse response) throws IOException {
    new Reply(200, Replies.JSON, document.get(), HttpHeaders.CACHE_CONTROL, "public, max-age=300")
        .send(response);
  }
}
