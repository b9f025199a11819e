package dev.gatehouse.core.error;

import static java.util.Objects.requireNonNull;

/**
 * Root of every exception Gatehouse throws on purpose.
 *
 * <p>Each instance carries a stable, machine-readable {@link #code()} (for example {@code
 * invalid_credentials}, {@code otp_expired}, {@code rate_limited}) that a host can put in an HTTP
 * response body unchanged. Messages are meant for logs and developers; they never contain a secret
 * and, for outward-facing failures, never reveal whether an account exists.
 *
 * <p>Two families extend it: {@link RejectedInputException} (the caller's input or state was
 * refused; retrying the same request will fail again) and {@link AuthInfrastructureException}
 * (something Gatehouse depends on failed; the request may succeed later).
 */
public abstract class AuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The stable machine-readable code, lower snake case; never {@code null}. */
  private final String code;

  /**
   * @param code stable machine-readable code, lower snake case
   * @param message developer-facing message, never containing a secret
   * @param cause the underlying cause, or {@code null}
   */
  protected AuthException(String code, String message, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.code = requireNonNull(code, "code");
  }

  /** {@return the stable machine-readable error code, e.g. {@code invalid_credentials}} */
  public String code() {
    return code;
  }
}
