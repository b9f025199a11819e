package dev.gatehouse.spring.web.internal;

import org.springframework.http.HttpHeaders;

/** Successful answers of the contract: JSON written by {@link ContractJson}, never cached. */
final class Replies {
  /** The media type of every successful JSON answer (no charset: JSON is UTF-8, RFC 8259). */
  static final String JSON = "application/json";

  private Replies() {}

  static Reply ok(Object body) {
    return of(200, body);
  }

  static Reply of(int status, Object body) {
    return new Reply(status, JSON, ContractJson.write(body), HttpHeaders.CACHE_CONTROL, "no-store");
  }
}
