package dev.gatehouse.sms;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What a provider answered for an accepted message.
 *
 * @param provider provider name, as {@link SmsSender#providerName()}
 * @param providerMessageId the provider's id for the message (Twilio's SID), or {@code null}
 * @param status the provider's status word (e.g. {@code queued}), or {@code null}
 */
public record SmsReceipt(
    String provider, @Nullable String providerMessageId, @Nullable String status) {
  /**
   * Checks that the provider is named.
   *
   * @param provider provider name, as {@link SmsSender#providerName()}
   * @param providerMessageId the provider's id for the message (Twilio's SID), or {@code null}
   * @param status the provider's status word (e.g. {@code queued}), or {@code null}
   */
  public SmsReceipt {
    requireNonNull(provider, "provider");
  }
}
