package dev.gatehouse.spring.web.internal.fastapiusers;

import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.Reply;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer of the {@code fastapi-users} contract in FastAPI's error shape: {@code {"detail": …}},
 * as FastAPI's handlers write an {@code HTTPException} (a string such as {@code
 * "LOGIN_BAD_CREDENTIALS"}, or FastAPI-Users' {@code {"code", "reason"}} object) and a request
 * validation error (422, a list of pydantic errors).
 */
public final class FuException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Object detail;
  private final transient Map<String, String> headers;

  FuException(int status, Object detail, Map<String, String> headers) {
    super("HTTP " + status, null, false, false);
    this.status = status;
    this.detail = detail;
    this.headers = Map.copyOf(headers);
  }

  /** {@code {"detail": detail}} with the status and no further headers. */
  static FuException of(int status, Object detail) {
    return new FuException(status, detail, Map.of());
  }

  int status() {
    return status;
  }

  Object detail() {
    return detail;
  }

  /** The answer: {@code {"detail": …}} as JSON, never cached. */
  public Reply reply() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", detail);
    return Replies.of(status, body, headers);
  }
}
