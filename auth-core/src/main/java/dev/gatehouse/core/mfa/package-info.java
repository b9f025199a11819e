/**
 * Second-factor building blocks that need no database: time-based one-time passwords ({@link
 * dev.gatehouse.core.mfa.Totp}, RFC 6238), QR images of enrolment URIs ({@link
 * dev.gatehouse.core.mfa.QrCode}) and the values the second-factor flows answer. The flows
 * themselves (enrolment, login with a second factor, recovery codes) are {@code
 * dev.gatehouse.core.account.SecondFactorService}.
 */
@NullMarked
package dev.gatehouse.core.mfa;

import org.jspecify.annotations.NullMarked;
