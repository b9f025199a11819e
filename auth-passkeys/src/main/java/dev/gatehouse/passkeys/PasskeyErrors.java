package dev.gatehouse.passkeys;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.ErrorCode.Kind;

/**
 * The error codes only passkeys ({@code auth-passkeys}) answers, listed in its manifest ({@link
 * WebAuthn4jPasskeys#manifest()}), so they join Gatehouse's one catalogue ({@code
 * Gatehouse#errorCodes()}) when the module is installed. Their wire forms are those the core
 * answered before they moved here (issue 75).
 */
public final class PasskeyErrors {
  private PasskeyErrors() {}

  /** The passkey response is not a WebAuthn credential. */
  public static final ErrorCode INVALID_PASSKEY_RESPONSE =
      ErrorCode.auditedRefusal(
          "invalid_passkey_response",
          Kind.REJECTED_INPUT,
          "The passkey response is not a credential.");

  /** The passkey is unknown to the account or failed verification. */
  public static final ErrorCode PASSKEY_REJECTED =
      ErrorCode.auditedRefusal(
          "passkey_rejected", Kind.REJECTED_INPUT, "The passkey was not accepted.");

  /** The passkey's signature counter went backwards (a cloned authenticator). */
  public static final ErrorCode PASSKEY_COUNTER_REGRESSED =
      ErrorCode.auditedRefusal(
          "passkey_counter_regressed",
          Kind.REJECTED_INPUT,
          "The passkey's counter went backwards.");

  /** The authenticator's credential is of a form Gatehouse cannot store. */
  public static final ErrorCode PASSKEY_UNSUPPORTED =
      ErrorCode.of(
          "passkey_unsupported", Kind.REJECTED_INPUT, "The passkey is of an unsupported form.");

  /** The account has no passkey. */
  public static final ErrorCode NO_PASSKEY =
      ErrorCode.of("no_passkey", Kind.REJECTED_INPUT, "The account has no passkey.");

  /** No such passkey of this user. */
  public static final ErrorCode PASSKEY_NOT_FOUND =
      ErrorCode.of("passkey_not_found", Kind.NOT_FOUND, "No such passkey.");

  /** The passkey is registered already. */
  public static final ErrorCode PASSKEY_ALREADY_REGISTERED =
      ErrorCode.of(
          "passkey_already_registered", Kind.CONFLICT, "The passkey is registered already.");
}
