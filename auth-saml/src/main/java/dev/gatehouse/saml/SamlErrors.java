package dev.gatehouse.saml;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.ErrorCode.Kind;

/**
 * The error codes only {@code auth-saml} answers, listed in its manifest ({@link Saml#manifest()}),
 * so they join Gatehouse's one catalogue when the module is installed.
 */
public final class SamlErrors {
  private SamlErrors() {}

  /**
   * The identity provider's response or logout request was refused: its XML, algorithms, signature,
   * issuer, audience, recipient, times, request, or a replay (auth-saml). Kept in the audit trail;
   * nothing of the sign-in is written and no session ends.
   */
  public static final ErrorCode SAML_RESPONSE_INVALID =
      ErrorCode.auditedRefusal(
          "saml_response_invalid",
          Kind.REJECTED_INPUT,
          "The identity provider's answer was refused; sign in again.");
}
