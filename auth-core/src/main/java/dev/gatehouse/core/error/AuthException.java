package dev.gatehouse.core.error;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception Gatehouse throws on purpose.
 *
 * <p>Each instance carries one {@link ErrorCode} of the catalogue: its stable, machine-readable
 * {@link #code()} (for example {@code invalid_credentials}, {@code otp_expired}, {@code
 * rate_limited}), which a host can put in an HTTP response body unchanged, and its {@link
 * ErrorCode.Kind kind}, which decides the HTTP status. Messages are meant for logs and developers;
 * they never contain a secret and, for outward-facing failures, never reveal whether an account
 * exists.
 *
 * <p>Two families extend it: {@link RejectedInputException} (the caller's input or state was
 * refused; retrying the same request will fail again) and {@link AuthInfrastructureException}
 * (something Gatehouse depends on failed; the request may succeed later).
 */
public abstract class AuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The code of the catalogue; never {@code null}. */
  private final ErrorCode error;

  /**
   * @param error the code of the catalogue
   * @param message developer-facing message, never containing a secret
   * @param cause the underlying cause, or {@code null}
   */
  protected AuthException(ErrorCode error, String message, @Nullable Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.error = requireNonNull(error, "error");
  }

  /** {@return the code of the catalogue, with its kind} */
  public ErrorCode error() {
    return error;
  }

  /** {@return the stable machine-readable error code, e.g. {@code invalid_credentials}} */
  public String code() {
    return error.code();
  }

  /**
   * Refuses a code of the wrong kind for an exception type, so that the type a caller catches and
   * the status a contract answers never disagree.
   *
   * @param error the code
   * @param allowed whether its kind fits
   * @param type what the exception is, for the message
   * @return the code
   */
  static ErrorCode requireKind(ErrorCode error, boolean allowed, String type) {
    requireNonNull(error, "error");
    if (!allowed) {
      throw new IllegalArgumentException(error.code() + " (" + error.kind() + ") is not " + type);
    }
    return error;
  }
}
