/**
 * The email SPI: how Gatehouse hands an email to a provider.
 *
 * <p>Where to start: implement {@link dev.gatehouse.email.EmailSender} for a provider (or use
 * {@code auth-email-smtp}); {@link dev.gatehouse.email.EmailSenders} discovers senders through
 * {@link java.util.ServiceLoader} and chains them with {@link
 * dev.gatehouse.email.FailoverEmailSender}; {@link dev.gatehouse.email.EmailTemplates} holds the
 * per-locale subjects and bodies (HTML-escaped), and {@link dev.gatehouse.email.LoggingEmailSender}
 * is the development sender that prints instead of sending. A sender reports a failed delivery with
 * {@link dev.gatehouse.email.EmailSender.EmailDeliveryException}, marked retryable or permanent.
 */
@NullMarked
package dev.gatehouse.email;

import org.jspecify.annotations.NullMarked;
