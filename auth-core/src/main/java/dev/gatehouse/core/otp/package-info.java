/**
 * One-time codes by SMS and email, and passwordless login and sign-up with them: {@link
 * dev.gatehouse.core.otp.OtpService}, reached through {@code Gatehouse.otp()}.
 */
@NullMarked
package dev.gatehouse.core.otp;

import org.jspecify.annotations.NullMarked;
