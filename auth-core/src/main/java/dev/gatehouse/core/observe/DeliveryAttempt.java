package dev.gatehouse.core.observe;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One attempt of the outbox to hand a message to a provider. Carries no destination and no text.
 *
 * @param channel {@code sms} or {@code email}
 * @param purpose the template purpose, e.g. {@code login}, {@code verify}, {@code reset}
 * @param provider the provider's name ({@code SmsSender.providerName()} or the provider that
 *     accepted the message, for a failover chain the one that answered)
 * @param outcome how it went
 * @param oneTimeCode whether the message carries a one-time code
 * @param duration how long the provider call took ({@link Duration#ZERO} when none was made)
 */
public record DeliveryAttempt(
    String channel,
    String purpose,
    String provider,
    Outcome outcome,
    boolean oneTimeCode,
    Duration duration) {

  /**
   * Checks that nothing is null.
   *
   * @param channel {@code sms} or {@code email}
   * @param purpose the template purpose
   * @param provider the provider's name
   * @param outcome how it went
   * @param oneTimeCode whether the message carries a one-time code
   * @param duration how long the provider call took
   * @throws NullPointerException when a component is null
   */
  public DeliveryAttempt {
    requireNonNull(channel, "channel");
    requireNonNull(purpose, "purpose");
    requireNonNull(provider, "provider");
    requireNonNull(outcome, "outcome");
    requireNonNull(duration, "duration");
  }

  /** How a delivery attempt ended. */
  public enum Outcome {
    /** The provider accepted the message. */
    SENT,
    /** The attempt failed and the message will be tried again later. */
    RETRYING,
    /** The attempt failed and the message was given up (attempts exhausted or not retryable). */
    FAILED;

    /**
     * {@return the lower-case name, as used in metric tags: {@code sent}, {@code retrying}, ...}
     */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
