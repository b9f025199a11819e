package com.example.apikeys;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;

/**
 * The module's own error codes, declared in its manifest ({@link ApiKeys#manifest()}): Gatehouse
 * assembles them into its one catalogue, so they are answered, audited and documented as its own.
 */
public final class ApiKeyErrors {
  private ApiKeyErrors() {}

  /**
   * A key that does not sign in, whatever was wrong with it (its shape, its id, its secret, its
   * revocation or its account): one answer, so a caller learns nothing about which. A wrong
   * credential, as Gatehouse's own {@code invalid_credentials} is: rejected input (400, where 401
   * means a missing or expired access token), and a refused proof the audit trail keeps.
   */
  public static final ErrorCode API_KEY_INVALID =
      ErrorCode.auditedRefusal(
          "api_key_invalid",
          ErrorCode.Kind.REJECTED_INPUT,
          "The API key is wrong or revoked, or its account may not sign in.");

  /** The caller has no key of that id. */
  public static final ErrorCode API_KEY_NOT_FOUND =
      ErrorCode.of("api_key_not_found", ErrorCode.Kind.NOT_FOUND, "No such API key.");

  /**
   * The account holds {@link ApiKeySettings#MAX_PER_ACCOUNT} keys already: a refused operation the
   * audit trail keeps (an {@code OperationRefused} entry, by {@code ModuleAudit#refusedOperation}).
   */
  public static final ErrorCode API_KEY_QUOTA =
      ErrorCode.auditedRefusal(
          "api_key_quota",
          ErrorCode.Kind.REJECTED_INPUT,
          "The account holds as many API keys as it may; revoke one first.");

  /** The one refusal of a key that does not sign in. */
  static AuthException invalid() {
    return new RejectedInputException(
        API_KEY_INVALID, "the API key is wrong, revoked or its account may not sign in");
  }
}
