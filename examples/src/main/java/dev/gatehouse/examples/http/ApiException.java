package dev.gatehouse.examples.http;

/** A request the HTTP layer itself refuses (malformed JSON, a field of the wrong type). */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  /**
   * @param status HTTP status
   * @param code stable error code
   * @param message human message
   */
  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** HTTP status. */
  public int status() {
    return status;
  }

  /** Stable error code. */
  public String code() {
    return code;
  }
}
