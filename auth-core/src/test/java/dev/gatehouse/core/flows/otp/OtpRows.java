package dev.gatehouse.core.flows.otp;

import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.store.DeliveryLogStore.DeliveryStatus;
import dev.gatehouse.email.EmailSender.EmailMask;
import dev.gatehouse.sms.SmsSender.PhoneMask;
import dev.gatehouse.testing.InMemoryAuthStore.StoredCode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The OTP tests' reads of code and log rows, through the fixture's read-back methods. */
final class OtpRows {
  private OtpRows() {}

  /** One delivery-log row, read back. */
  record LogRow(
      String destination,
      String template,
      String provider,
      DeliveryStatus status,
      @Nullable String messageId,
      @Nullable String error,
      String text) {}

  /** SMS log rows for {@code e164} written on the fixture's current day (masks can collide). */
  static List<LogRow> smsLogs(GatehouseFixture f, String e164) {
    return logs(f, "sms", PhoneMask.mask(e164));
  }

  /** Email log rows for {@code canonical} written on the fixture's current day. */
  static List<LogRow> emailLogs(GatehouseFixture f, String canonical) {
    return logs(f, "email", EmailMask.mask(canonical));
  }

  private static List<LogRow> logs(GatehouseFixture f, String channel, String masked) {
    Instant today = f.clock.instant().truncatedTo(ChronoUnit.DAYS);
    return f.db.deliveryLogs(channel, masked).stream()
        .filter(e -> !e.createdAt().isBefore(today))
        .map(
            e ->
                new LogRow(
                    e.maskedDestination(),
                    e.template(),
                    e.provider(),
                    e.status(),
                    e.providerMessageId(),
                    e.error(),
                    e.text()))
        .toList();
  }

  /** Code rows for a destination, oldest first. */
  static List<StoredCode> codes(GatehouseFixture f, String destination) {
    return f.db.otpCodes(destination);
  }
}
