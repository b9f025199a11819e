package dev.gatehouse.sms;

import org.jspecify.annotations.Nullable;

/**
 * Masks phone numbers for logs: keeps the leading {@code +} and country digits and the last two.
 */
public final class PhoneMask {
  private PhoneMask() {}

  /**
   * Masks a phone number, e.g. {@code +14155550123} becomes {@code +14*******23}.
   *
   * @param phone a phone number, or {@code null}
   * @return the masked form; {@code null} for {@code null}
   */
  public static @Nullable String mask(@Nullable String phone) {
    if (phone == null) {
      return null;
    }
    int n = phone.length();
    if (n <= 5) {
      return "*".repeat(n);
    }
    return phone.substring(0, 3) + "*".repeat(n - 5) + phone.substring(n - 2);
  }
}
