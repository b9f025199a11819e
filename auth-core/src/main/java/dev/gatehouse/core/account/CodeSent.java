package dev.gatehouse.core.account;

import java.time.Duration;

/**
 * What to tell a client after an account flow sent it a one-time code (reauthentication, an email
 * or phone change): where it went, masked, and how long it works. Carries no code.
 *
 * @param maskedDestination the destination as it may be shown, e.g. {@code a***@example.com}
 * @param channel {@code email} or {@code sms}
 * @param validFor how long the code works
 */
public record CodeSent(String maskedDestination, String channel, Duration validFor) {}
