package dev.gatehouse.core.otp;

import java.time.Duration;

/**
 * What a successful {@link OtpService#request} answers. It is the same whether or not the
 * destination belongs to an account, so a caller cannot learn which destinations are registered.
 *
 * @param maskedDestination the destination with most characters hidden, for "we sent a code to
 *     +52*******78"
 * @param channel how the code travels
 * @param validFor how long the code stays valid
 * @param resendAfter how long until another code may be requested for the same destination and
 *     purpose
 */
public record OtpSent(
    String maskedDestination, OtpChannel channel, Duration validFor, Duration resendAfter) {}
