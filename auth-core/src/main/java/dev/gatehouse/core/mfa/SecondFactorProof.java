package dev.gatehouse.core.mfa;

import static java.util.Objects.requireNonNull;

/**
 * The second factor a user presents to complete a login. Immutable; {@link #toString()} never shows
 * the code.
 */
public final class SecondFactorProof {
  /** The kinds of second factor. */
  public enum Kind {
    /** A code from the authenticator app. */
    TOTP,
    /** One of the account's single-use recovery codes. */
    RECOVERY_CODE
  }

  private final Kind kind;
  private final String code;

  private SecondFactorProof(Kind kind, String code) {
    this.kind = kind;
    this.code = code;
  }

  /**
   * @param code the authenticator app's code as typed
   * @return the proof
   */
  public static SecondFactorProof totp(String code) {
    return new SecondFactorProof(Kind.TOTP, requireNonNull(code, "code"));
  }

  /**
   * @param code a recovery code as typed
   * @return the proof
   */
  public static SecondFactorProof recoveryCode(String code) {
    return new SecondFactorProof(Kind.RECOVERY_CODE, requireNonNull(code, "code"));
  }

  /** {@return which kind of factor this is} */
  public Kind kind() {
    return kind;
  }

  /** {@return the code as typed} */
  public String code() {
    return code;
  }

  @Override
  public String toString() {
    return "SecondFactorProof[" + kind + "]";
  }
}
