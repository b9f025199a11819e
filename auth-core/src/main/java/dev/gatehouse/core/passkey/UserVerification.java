package dev.gatehouse.core.passkey;

/**
 * How much the relying party asks of the authenticator's user verification (WebAuthn's {@code
 * UserVerificationRequirement}), set by {@code gatehouse.passkeys.user-verification}.
 */
public enum UserVerification {
  /** The authenticator must verify the user; a ceremony without it is refused. */
  REQUIRED,
  /** Asked for, not required. */
  PREFERRED,
  /** Not asked for. */
  DISCOURAGED;

  /** {@return the WebAuthn spelling: {@code required}, {@code preferred} or {@code discouraged}} */
  public String webAuthnValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
