package dev.gatehouse.email;

import org.jspecify.annotations.Nullable;

/** Masks email addresses for logs: {@code alice@example.com} becomes {@code a***@example.com}. */
public final class EmailMask {
  private EmailMask() {}

  /**
   * @param email an address, or {@code null}
   * @return the masked form; {@code null} for {@code null}
   */
  public static @Nullable String mask(@Nullable String email) {
    if (email == null) {
      return null;
    }
    int at = email.indexOf('@');
    if (at <= 0) {
      return "***";
    }
    return email.charAt(0) + "***" + email.substring(at);
  }
}
