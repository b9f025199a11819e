package dev.gatehouse.spring.web.internal;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Successful answers of the contract: JSON written by {@link ContractJson}, never cached. */
final class Replies {
  private Replies() {}

  static ResponseEntity<byte[]> ok(Object body) {
    return of(200, body);
  }

  static ResponseEntity<byte[]> of(int status, Object body) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(ContractJson.write(body));
  }
}
