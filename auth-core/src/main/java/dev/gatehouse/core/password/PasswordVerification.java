package dev.gatehouse.core.password;

/**
 * The outcome of {@link PasswordHashing#verify(String, String)}. Only {@link #MATCH} and {@link
 * #MATCH_NEEDS_UPGRADE} mean the password is correct; every other value must be treated as a failed
 * login.
 */
public enum PasswordVerification {
  /** The password is correct and the stored hash is in the current format and parameters. */
  MATCH,
  /**
   * The password is correct, but the stored hash uses a legacy format or weaker parameters than the
   * current configuration: the caller should store {@link PasswordHashing#hash(String)} of the same
   * password now, while it has it in hand.
   */
  MATCH_NEEDS_UPGRADE,
  /** The stored hash is well formed and the password does not match it. */
  NO_MATCH,
  /**
   * No password can ever match: the stored hash is {@code null}, empty or a Django "unusable
   * password" ({@code !} prefix). Such an account can only sign in without a password (OTP).
   */
  UNUSABLE,
  /**
   * The stored string is in no recognised format, is malformed, or declares parameters beyond the
   * configured caps. Nothing was computed; the check failed closed.
   */
  UNSUPPORTED;

  /** {@return whether the password was correct ({@link #MATCH} or {@link #MATCH_NEEDS_UPGRADE})} */
  public boolean matched() {
    return this == MATCH || this == MATCH_NEEDS_UPGRADE;
  }
}
