package dev.gatehouse.core.session;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What a login answers instead of tokens when the account has a second factor: a short-lived,
 * single-use challenge that {@code SecondFactorService.completeLogin} exchanges, with one valid
 * factor, for the session. Immutable; {@link #toString()} never shows the token.
 *
 * @param token the opaque challenge (256 bits, base64url); only its keyed hash is stored
 * @param expiresAt when it stops working
 * @param methods the factors the account can answer with: {@value #METHOD_TOTP}, {@value
 *     #METHOD_WEBAUTHN}, {@value #METHOD_RECOVERY_CODE}; for an enrolment-only challenge (the
 *     account must enrol a factor first) just {@value #METHOD_TOTP_ENROLMENT}
 */
public record SecondFactorChallenge(String token, Instant expiresAt, List<String> methods) {
  /** An authenticator app's code. */
  public static final String METHOD_TOTP = dev.gatehouse.core.internal.SecondFactorChallenges.TOTP;

  /** One of the account's passkeys ({@code PasskeyService.completeLogin}). */
  public static final String METHOD_WEBAUTHN =
      dev.gatehouse.core.internal.SecondFactorChallenges.WEBAUTHN;

  /** One of the account's recovery codes. */
  public static final String METHOD_RECOVERY_CODE =
      dev.gatehouse.core.internal.SecondFactorChallenges.RECOVERY_CODE;

  /**
   * Enrolling an authenticator app: the only thing an enrolment-only challenge permits ({@code
   * SecondFactorService.beginRequiredEnrolment} and {@code completeRequiredEnrolment}).
   */
  public static final String METHOD_TOTP_ENROLMENT =
      dev.gatehouse.core.internal.SecondFactorChallenges.TOTP_ENROLMENT;

  /**
   * @param token the opaque challenge
   * @param expiresAt when it stops working
   * @param methods the factors the account can answer with
   */
  public SecondFactorChallenge {
    requireNonNull(token, "token");
    requireNonNull(expiresAt, "expiresAt");
    methods = List.copyOf(methods);
  }

  /**
   * {@return whether this challenge only permits enrolling an authenticator app (the account must
   * have a second factor and has none)}
   */
  public boolean enrolmentOnly() {
    return methods.equals(List.of(METHOD_TOTP_ENROLMENT));
  }

  @Override
  public String toString() {
    return "SecondFactorChallenge[expiresAt=" + expiresAt + ", methods=" + methods + "]";
  }
}
