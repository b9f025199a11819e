package dev.gatehouse.core.account;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;
import java.util.List;

/**
 * A destructive operation needs a fresh proof: the caller's session signed in longer ago than
 * {@code gatehouse.security.recent-auth-window}, or the proof offered does not fit the account (a
 * password for an account that has none). Code {@code reauthentication_required}; an HTTP layer
 * answers 401 or 403 and asks the user for one of {@link #methods()}. Nothing was changed.
 */
public final class ReauthenticationRequiredException extends RejectedInputException {
  private static final long serialVersionUID = 1L;

  /** A proof by password ({@link Reauthentication#password}) is possible. */
  public static final String METHOD_PASSWORD = "password";

  /**
   * A proof by one-time code ({@link AccountService#requestReauthenticationCode}, then {@link
   * Reauthentication#code}) is possible.
   */
  public static final String METHOD_CODE = "code";

  /** A proof by the account's authenticator app ({@link Reauthentication#totp}) is possible. */
  public static final String METHOD_TOTP = "totp";

  /** A passkey ({@code PasskeyService.beginStepUp}, then {@code Reauthentication.passkey}). */
  public static final String METHOD_PASSKEY = "passkey";

  /** The proofs the account can give; a list is serializable. */
  @SuppressWarnings("serial")
  private final List<String> methods;

  /**
   * @param methods the proofs the account can give, from {@link #METHOD_PASSWORD}, {@link
   *     #METHOD_CODE} and {@link #METHOD_TOTP}
   */
  public ReauthenticationRequiredException(List<String> methods) {
    super(
        ErrorCode.REAUTHENTICATION_REQUIRED,
        "this operation needs a fresh sign-in, password or one-time code");
    this.methods = List.copyOf(methods);
  }

  /** {@return the proofs the account can give: {@code password}, {@code code}, {@code totp}} */
  public List<String> methods() {
    return methods;
  }
}
