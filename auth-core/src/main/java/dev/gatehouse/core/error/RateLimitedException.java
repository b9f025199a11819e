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
   * @param code stable machine-readable code
   * @param message developer-facing message
   * @param retryAfter how long the caller should wait before trying again; never negative
   */
  public RateLimitedException(String code, String message, Duration retryAfter) {
    super(code, message);
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
