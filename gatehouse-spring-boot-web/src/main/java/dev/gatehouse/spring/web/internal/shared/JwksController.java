package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.Gatehouse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public signing keys as a JWK Set, for services that verify Gatehouse's access tokens. */
@RestController
public class JwksController {
  /** RFC 7517's media type of a JWK Set. */
  public static final String JWK_SET_JSON = "application/jwk-set+json";

  private final Gatehouse gatehouse;

  JwksController(Gatehouse gatehouse) {
    this.gatehouse = gatehouse;
  }

  @GetMapping(ContractPaths.JWKS)
  void jwks(HttpServletResponse response) throws IOException {
    new Reply(
            200,
            JWK_SET_JSON,
            gatehouse.publicJwks().getBytes(StandardCharsets.UTF_8),
            HttpHeaders.CACHE_CONTROL,
            "public, max-age=300")
        .send(response);
  }
}
