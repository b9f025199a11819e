/**
 * The SMS SPI: how Gatehouse hands a text message to a provider.
 *
 * <p>Where to start: implement {@link dev.gatehouse.sms.SmsSender} for a provider (or use {@code
 * auth-sms-twilio}); {@link dev.gatehouse.sms.SmsSenders} discovers senders through {@link
 * java.util.ServiceLoader} and chains them with {@link dev.gatehouse.sms.FailoverSmsSender}; {@link
 * dev.gatehouse.sms.SmsTemplates} holds the per-locale texts, and {@link
 * dev.gatehouse.sms.LoggingSmsSender} is the development sender that prints instead of sending. A
 * sender reports a failed delivery with {@link dev.gatehouse.sms.SmsSender.SmsDeliveryException},
 * marked retryable or permanent.
 */
@NullMarked
package dev.gatehouse.sms;

import org.jspecify.annotations.NullMarked;
