package dev.gatehouse.spring.web.internal;

import java.util.Map;

/**
 * A request the HTTP layer itself refuses (malformed JSON, a field of the wrong type, a missing
 * token), or a Gatehouse refusal answered with another status than the default for its code.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final transient Map<String, String> headers;

  /**
   * @param status HTTP status
   * @param code stable error code
   * @param detail human-readable detail
   */
  public ApiException(int status, String code, String detail) {
    this(status, code, detail, Map.of());
  }

  /**
   * @param status HTTP status
   * @param code stable error code
   * @param detail human-readable detail
   * @param headers extra response headers
   */
  public ApiException(int status, String code, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  /** {@return the HTTP status} */
  public int status() {
    return status;
  }

  /** {@return the stable error code} */
  public String code() {
    return code;
  }

  /** {@return extra response headers} */
  public Map<String, String> headers() {
    return headers;
  }
}
