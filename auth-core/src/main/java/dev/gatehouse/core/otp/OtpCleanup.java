package dev.gatehouse.core.otp;

/**
 * How many rows one {@link OtpService#cleanup()} run deleted.
 *
 * @param codes one-time codes that had expired or been used before the retention cutoff
 * @param smsLogs SMS log rows older than the retention
 * @param emailLogs email log rows older than the retention
 * @param outboxMessages sent or failed outbox messages settled before the retention cutoff
 */
public record OtpCleanup(int codes, int smsLogs, int emailLogs, int outboxMessages) {}
