/**
 * An {@link dev.gatehouse.sms.SmsSender} for Twilio's Messages API over {@code java.net.http},
 * without Twilio's SDK.
 *
 * <p>Where to start: build a {@link dev.gatehouse.sms.twilio.TwilioConfig} (account SID, auth
 * token, and a sender number or messaging service) and pass a {@link
 * dev.gatehouse.sms.twilio.TwilioSmsSender} to the Gatehouse builder. Failures surface as {@link
 * dev.gatehouse.sms.twilio.TwilioSmsSender.TwilioDeliveryException}.
 */
@NullMarked
package dev.gatehouse.sms.twilio;

import org.jspecify.annotations.NullMarked;
