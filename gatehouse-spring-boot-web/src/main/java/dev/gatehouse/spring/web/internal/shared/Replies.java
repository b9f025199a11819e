package dev.gatehouse.spring.web.internal.shared;

import org.springframework.http.HttpHeaders;

/** Successful answers of the contract: JSON written by {@link ContractJson}, never cached. */
public final class Replies {
  /** The media type of every successful JSON answer (no charset: JSON is UTF-8, RFC 8259). */
  public static final String JSON = "application/json";

  private Replies() {}

  public static Reply ok(Object body) {
    return of(200, body);
  }

  public static Reply of(int status, Object body) {
    return new Reply(status, JSON, ContractJson.write(body), HttpHeaders.CACHE_CONTROL, "no-store");
  }

  /**
   * A JSON answer with further headers (a peer contract's error: {@code WWW-Authenticate}, {@code
   * Retry-After}), never cached.
   */
  public static Reply of(int status, Object body, java.util.Map<String, String> headers) {
    return new Reply(status, JSON, ContractJson.write(body), noStore(headers));
  }

  /** A 204 without a body, with further headers, never cached. */
  public static Reply noContent(java.util.Map<String, String> headers) {
    return new Reply(204, null, null, noStore(headers));
  }

  private static String[] noStore(java.util.Map<String, String> headers) {
    String[] h = new String[2 + 2 * headers.size()];
    h[0] = HttpHeaders.CACHE_CONTROL;
    h[1] = "no-store";
    int i = 2;
    for (java.util.Map.Entry<String, String> e : headers.entrySet()) {
      h[i++] = e.getKey();
      h[i++] = e.getValue();
    }
    return h;
  }
}
