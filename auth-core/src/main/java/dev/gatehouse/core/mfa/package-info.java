/**
 * Second-factor building blocks that need no database: time-based one-time passwords ({@link
 * dev.gatehouse.core.mfa.Totp}, RFC 6238) and the SPI that draws enrolment URIs as QR images
 * ({@link dev.gatehouse.core.mfa.QrCodeRenderer}, implemented by {@code auth-mfa}). The flows
 * themselves (enrolment, login with a second factor, recovery codes) and their values are {@code
 * dev.gatehouse.core.account.SecondFactorService}.
 */
@NullMarked
package dev.gatehouse.core.mfa;

import org.jspecify.annotations.NullMarked;
