package dev.gatehouse.email;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What a provider answered for an accepted email.
 *
 * @param provider provider name, as {@link EmailSender#providerName()}
 * @param providerMessageId the provider's message id (SMTP Message-ID), or {@code null}
 */
public record EmailReceipt(String provider, @Nullable String providerMessageId) {
  /**
   * Checks that the provider is named.
   *
   * @param provider provider name, as {@link EmailSender#providerName()}
   * @param providerMessageId the provider's message id (SMTP Message-ID), or {@code null}
   */
  public EmailReceipt {
    requireNonNull(provider, "provider");
  }
}
