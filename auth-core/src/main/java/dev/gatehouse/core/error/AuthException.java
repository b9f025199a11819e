package dev.gatehouse.core.error;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
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

  /**
   * Something Gatehouse depends on failed (the database, an SMS or email provider, a key source).
   * The request was not carried out and left nothing half-written; it may succeed when retried if
   * {@link #retryable()} is true.
   */
  public static class AuthInfrastructureException extends AuthException {
    private static final long serialVersionUID = 1L;

    /** Whether the same request may succeed when retried later. */
    private final boolean retryable;

    /**
     * @param error a code of kind {@link ErrorCode.Kind#UNAVAILABLE}, e.g. {@link
     *     ErrorCode#STORAGE_FAILED}
     * @param message developer-facing message, never containing a secret
     * @param retryable whether the same request may succeed later
     * @param cause the underlying cause, or {@code null}
     * @throws IllegalArgumentException when the code is of another kind
     */
    public AuthInfrastructureException(
        ErrorCode error, String message, boolean retryable, @Nullable Throwable cause) {
      super(
          requireKind(error, error.kind() == ErrorCode.Kind.UNAVAILABLE, "an unavailability"),
          message,
          cause);
      this.retryable = retryable;
    }

    /** {@return whether the same request may succeed if retried later} */
    public boolean retryable() {
      return retryable;
    }
  }

  /**
   * A setting, a mapping or a wiring choice is invalid. Thrown at start-up, before anything is
   * written, with a message naming the key or class at fault. Code {@code invalid_configuration}
   * (or another of kind {@link ErrorCode.Kind#MISCONFIGURED}): the server's fault, never the
   * caller's.
   */
  public static class ConfigurationException extends AuthException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where, naming the key
     */
    public ConfigurationException(String message) {
      this(ErrorCode.INVALID_CONFIGURATION, message, null);
    }

    /**
     * @param message what is wrong and where, naming the key
     * @param cause the underlying cause
     */
    public ConfigurationException(String message, Throwable cause) {
      this(ErrorCode.INVALID_CONFIGURATION, message, cause);
    }

    /**
     * @param error a code of kind {@link ErrorCode.Kind#MISCONFIGURED}
     * @param message what is wrong and where, naming the key
     * @param cause the underlying cause, or {@code null}
     * @throws IllegalArgumentException when the code is of another kind
     */
    public ConfigurationException(ErrorCode error, String message, @Nullable Throwable cause) {
      super(
          requireKind(error, error.kind() == ErrorCode.Kind.MISCONFIGURED, "a misconfiguration"),
          message,
          cause);
    }
  }

  /**
   * A request was refused because a limit (login failures, OTP cooldown, SMS budget) is in force.
   * Code {@code rate_limited} unless a more specific one is given (e.g. {@code otp_cooldown}).
   */
  public static class RateLimitedException extends RejectedInputException {
    private static final long serialVersionUID = 1L;

    /** How long the caller should wait before trying again; never {@code null} or negative. */
    private final Duration retryAfter;

    /**
     * @param error a code of kind {@link ErrorCode.Kind#RATE_LIMITED}
     * @param message developer-facing message
     * @param retryAfter how long the caller should wait before trying again; never negative
     * @throws IllegalArgumentException when the code is of another kind
     */
    public RateLimitedException(ErrorCode error, String message, Duration retryAfter) {
      super(requireKind(error, error.kind() == ErrorCode.Kind.RATE_LIMITED, "a limit"), message);
      requireNonNull(retryAfter, "retryAfter");
      this.retryAfter = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    /**
     * {@return how long the caller should wait before trying again (HTTP {@code Retry-After});
     * never negative}
     */
    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /**
   * The caller's input or the state it refers to was refused: a malformed identifier, a wrong
   * password, an expired code, a configuration value out of range. Nothing was changed by the call
   * that threw it. Retrying the same request unchanged fails the same way.
   *
   * <p>Subclasses exist where a caller needs to react differently (for example {@link
   * RateLimitedException} carries a retry-after); otherwise the {@link #code()} tells cases apart.
   */
  public static class RejectedInputException extends AuthException {
    private static final long serialVersionUID = 1L;

    /**
     * @param error the code: any kind but {@link ErrorCode.Kind#UNAVAILABLE} and {@link
     *     ErrorCode.Kind#MISCONFIGURED}, which are not the caller's doing
     * @param message developer-facing message, never containing a secret
     * @throws IllegalArgumentException when the code is of such a kind
     */
    public RejectedInputException(ErrorCode error, String message) {
      this(error, message, null);
    }

    /**
     * @param error the code: any kind but {@link ErrorCode.Kind#UNAVAILABLE} and {@link
     *     ErrorCode.Kind#MISCONFIGURED}
     * @param message developer-facing message, never containing a secret
     * @param cause the underlying cause
     * @throws IllegalArgumentException when the code is of such a kind
     */
    public RejectedInputException(ErrorCode error, String message, Throwable cause) {
      super(
          requireKind(
              error,
              error.kind() != ErrorCode.Kind.UNAVAILABLE
                  && error.kind() != ErrorCode.Kind.MISCONFIGURED,
              "a refusal of the caller's input"),
          message,
          cause);
    }
  }

  /**
   * The database ended a transaction because it conflicted with a concurrent one: a deadlock or a
   * serialization failure (SQLState {@code 40001} or {@code 40P01}, MariaDB/MySQL error 1213). The
   * database rolled the whole transaction back, so nothing of it was written and the same work may
   * be run again from its start in a new transaction.
   *
   * <p>Code {@code storage_failed} and {@link #retryable()} true, as any {@link
   * AuthInfrastructureException} of the database: a caller that does not retry sees the same error
   * as before. Gatehouse retries its own short transactions on this type (the login throttle's
   * reservations); a transaction joined to the host's is never retried by Gatehouse, since the
   * host's other work in it was rolled back too.
   */
  public static class StorageConflictException extends AuthInfrastructureException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message developer-facing message, never containing a secret
     * @param cause the database's error, or {@code null}
     */
    public StorageConflictException(String message, @Nullable Throwable cause) {
      super(ErrorCode.STORAGE_FAILED, message, true, cause);
    }
  }

  /**
   * A session, profile or device the caller named does not exist <em>for this caller</em>: one that
   * belongs to another user gets exactly the same error as one that never existed. Map it to HTTP
   * 404.
   *
   * <p>Codes: those of kind {@link ErrorCode.Kind#NOT_FOUND}, e.g. {@link
   * ErrorCode#SESSION_NOT_FOUND}.
   */
  public static final class NotFoundException extends RejectedInputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param error a code of kind {@link ErrorCode.Kind#NOT_FOUND}, e.g. {@link
     *     ErrorCode#SESSION_NOT_FOUND}
     * @throws IllegalArgumentException when the code is of another kind
     */
    public NotFoundException(ErrorCode error) {
      super(notFound(error), error.description());
    }

    private static ErrorCode notFound(ErrorCode error) {
      if (error.kind() != ErrorCode.Kind.NOT_FOUND) {
        throw new IllegalArgumentException(error.code() + " is not a code of a missing thing");
      }
      return error;
    }
  }
}
