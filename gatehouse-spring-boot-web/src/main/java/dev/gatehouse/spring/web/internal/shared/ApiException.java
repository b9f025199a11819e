package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.error.ErrorCode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request the HTTP layer itself refuses: a {@link ProtocolError} (malformed JSON, a field of the
 * wrong type), or a Gatehouse {@link ErrorCode} the layer finds before any service (a missing
 * token), answered at its kind's status.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final transient Map<String, String> headers;
  private final @Nullable String field;

  /**
   * A refusal of the HTTP layer.
   *
   * @param error the refusal
   * @param detail human-readable detail
   */
  public ApiException(ProtocolError error, String detail) {
    this(error.status(), error.code(), detail, Map.of(), null);
  }

  /**
   * A field whose text holds a control character ({@link RequestText}): 400 {@code invalid_field}
   * naming the field, which each contract answers in its own field-keyed shape.
   *
   * @param field the field's name as the client sent it
   * @return the refusal
   */
  public static ApiException invalidText(String field) {
    ProtocolError e = ProtocolError.INVALID_FIELD;
    return new ApiException(
        e.status(), e.code(), field + " must not contain control characters", Map.of(), field);
  }

  /**
   * A Gatehouse refusal the HTTP layer finds itself (a missing token, a link the route takes), at
   * the status of its kind.
   *
   * @param error the code
   * @param detail human-readable detail
   */
  public ApiException(ErrorCode error, String detail) {
    this(error.kind().httpStatus(), error.code(), detail, Map.of(), null);
  }

  /**
   * A refusal of the HTTP layer with extra headers.
   *
   * @param error the refusal
   * @param detail human-readable detail
   * @param headers extra response headers
   */
  public ApiException(ProtocolError error, String detail, Map<String, String> headers) {
    this(error.status(), error.code(), detail, headers, null);
  }

  private ApiException(
      int status, String code, String detail, Map<String, String> headers, @Nullable String field) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
    this.field = field;
  }

  /** {@return the HTTP status} */
  public int status() {
    return status;
  }

  /** {@return the stable error code} */
  public String code() {
    return code;
  }

  /** {@return the field the refusal is about, or {@code null} when it names none} */
  public @Nullable String field() {
    return field;
  }

  /** {@return extra response headers} */
  public Map<String, String> headers() {
    return headers;
  }
}
