package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.Gatehouse;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public signing keys as a JWK Set, for services that verify Gatehouse's access tokens. */
@RestController
public class JwksController {
  /** RFC 7517's media type of a JWK Set. */
  static final String JWK_SET_JSON = "application/jwk-set+json";

  private final Gatehouse gatehouse;

  JwksController(Gatehouse gatehouse) {
    this.gatehouse = gatehouse;
  }

  @GetMapping(ContractPaths.JWKS)
  ResponseEntity<byte[]> jwks() {
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_TYPE, JWK_SET_JSON)
        .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
        .body(gatehouse.publicJwks().getBytes(StandardCharsets.UTF_8));
  }
}
