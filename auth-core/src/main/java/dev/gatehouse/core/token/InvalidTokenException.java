package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;

/**
 * An access token was refused. Every cause, from a truncated string to a forged signature or an
 * expired token, produces this one type with code {@code invalid_token} and the same {@link
 * #getMessage() message}, so a caller who sees the error (or its timing class) learns nothing about
 * which check failed. Map it to HTTP 401 with {@code WWW-Authenticate: Bearer
 * error="invalid_token"}.
 *
 * <p>{@link #reason()} tells operators why, for debug logging and metrics; it is not secret but
 * should not be sent to the client. The token itself is never part of this exception.
 */
public final class InvalidTokenException extends RejectedInputException {
  private static final long serialVersionUID = 1L;

  /** The message of every instance. */
  public static final String MESSAGE = "The access token is invalid or expired";

  /** Why a token was refused. For logs and metrics, never for the client. */
  public enum Reason {
    /** The token was null, empty or blank. */
    MISSING,
    /** The token was longer than the configured maximum; it was not parsed. */
    OVERSIZED,
    /** Not three non-empty base64url parts, or the header or claims are not valid JSON. */
    MALFORMED,
    /** The header has no {@code kid}, or a {@code kid} that is not a string. */
    MISSING_KEY_ID,
    /** The {@code kid} names no configured key. */
    UNKNOWN_KEY_ID,
    /**
     * The header {@code alg} is not the one fixed for the selected key (including {@code none}).
     */
    ALGORITHM_MISMATCH,
    /** The header {@code typ} is not {@code at+jwt}. */
    WRONG_TYPE,
    /** The header carries {@code crit}; no critical extension is understood. */
    UNSUPPORTED_CRITICAL_HEADER,
    /** The signature does not verify with the selected key. */
    BAD_SIGNATURE,
    /** {@code iss} is not the configured issuer. */
    WRONG_ISSUER,
    /** {@code aud} is not exactly the configured audience. */
    WRONG_AUDIENCE,
    /** {@code exp} has passed by more than the allowed clock skew. */
    EXPIRED,
    /** {@code nbf} is further in the future than the allowed clock skew. */
    NOT_YET_VALID,
    /** {@code iat} is further in the future than the allowed clock skew. */
    ISSUED_IN_FUTURE,
    /**
     * A required claim ({@code sub}, {@code sid}, {@code jti}, {@code iat}, {@code exp}) is absent.
     */
    MISSING_CLAIM,
    /**
     * A claim has the wrong JSON type or shape (e.g. {@code exp} not a number, {@code amr} not
     * strings, {@code sub} not a UUID).
     */
    INVALID_CLAIM,
    /**
     * The token is valid but its session has ended (logout, revocation, expiry); only the live
     * check of {@code SessionService.verifyLiveAccessToken} reports it.
     */
    SESSION_ENDED
  }

  /** Why the token was refused; never {@code null}. */
  private final Reason reason;

  /**
   * Creates the exception for one refused token; the code and message are the same for every
   * reason.
   *
   * @param reason why the token was refused
   * @throws NullPointerException when {@code reason} is null
   */
  public InvalidTokenException(Reason reason) {
    super(ErrorCode.INVALID_TOKEN, MESSAGE);
    this.reason = requireNonNull(reason, "reason");
  }

  /** {@return why the token was refused. Never null} */
  public Reason reason() {
    return reason;
  }
}
