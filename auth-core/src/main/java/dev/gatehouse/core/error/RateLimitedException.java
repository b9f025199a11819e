package dev.gatehouse.core.error;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A request was refused because a limit (login failures, OTP cooldown, SMS budget) is in force.
 * Code {@code rate_limited} unless a more specific one is given (e.g. {@code otp_cooldown}).
 */
public class RateLimitedException extends RejectedInputException {
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
   * {@return how long the caller should wait before trying again (HTTP {@code Retry-After}); never
   * negative}
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
