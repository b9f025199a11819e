package dev.gatehouse.spring.web.internal.shared;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTTP layer's own refusals, before any Gatehouse service is asked: a body that is not JSON, a
 * field of the wrong type, an unknown route or method. Beside {@link
 * dev.gatehouse.core.error.ErrorCode}, which holds every refusal of a service, these are the only
 * codes the contract answers; each fixes its status, since HTTP has its own for them (405, 406,
 * 413, 415). {@code docs/HTTP.md}'s error table is generated from both.
 */
public enum ProtocolError {
  /** A request parameter has the wrong type, or the request is otherwise unreadable. */
  BAD_REQUEST(400, "A parameter has the wrong type."),
  /** The body is not a JSON object. */
  MALFORMED_JSON(400, "The body is not a JSON object."),
  /** A field has the wrong type or shape. */
  INVALID_FIELD(400, "A field has the wrong type."),
  /** A required field is missing. */
  MISSING_FIELD(400, "A required field is missing."),
  /** The origin may not call the API (CORS). */
  CORS_ORIGIN_NOT_ALLOWED(403, "This origin may not call the API."),
  /** No such route or resource. */
  NOT_FOUND(404, "No such route or resource."),
  /** The route does not take this method. */
  METHOD_NOT_ALLOWED(405, "The route does not take this method."),
  /** Only JSON answers are available. */
  NOT_ACCEPTABLE(406, "Only application/json answers are available."),
  /** The body is larger than the limit. */
  BODY_TOO_LARGE(413, "The body is larger than the limit."),
  /** The body is not sent as JSON. */
  UNSUPPORTED_MEDIA_TYPE(415, "The body must be sent as application/json."),
  /** Something failed that should not have; the server's log has it. */
  INTERNAL_ERROR(500, "Internal error.");

  private final int status;
  private final String description;
  private final String code;

  ProtocolError(int status, String description) {
    this.status = status;
    this.description = description;
    this.code = name().toLowerCase(Locale.ROOT);
  }

  /** {@return the wire form, e.g. {@code malformed_json}} */
  public String code() {
    return code;
  }

  /** {@return the HTTP status} */
  public int status() {
    return status;
  }

  /** {@return one sentence saying what it means} */
  public String description() {
    return description;
  }

  /**
   * The refusal Spring's own status of an unhandled request stands for: the first of that status.
   *
   * @param status an HTTP status
   * @return the refusal, or empty when none has that status
   */
  public static Optional<ProtocolError> ofStatus(int status) {
    return Arrays.stream(values()).filter(p -> p.status == status).findFirst();
  }
}
