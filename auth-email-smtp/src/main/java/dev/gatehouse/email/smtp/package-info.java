/**
 * An {@link dev.gatehouse.email.EmailSender} over SMTP, on Angus Mail (Jakarta Mail).
 *
 * <p>Where to start: build a {@link dev.gatehouse.email.smtp.SmtpConfig} (host, port, {@link
 * dev.gatehouse.email.smtp.SmtpConfig.SmtpSecurity}, credentials, sender address) and pass a {@link
 * dev.gatehouse.email.smtp.SmtpEmailSender} to the Gatehouse builder. Temporary (4xx, I/O) failures
 * are reported as retryable, permanent (5xx) ones as not.
 */
@NullMarked
package dev.gatehouse.email.smtp;

import org.jspecify.annotations.NullMarked;
