package com.example.apikeys;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;

/** The module's refusals. */
final class ApiKeyErrors {
  private ApiKeyErrors() {}

  /** The one refusal of a key that does not sign in, whatever was wrong with it. */
  static AuthException invalid() {
    return new RejectedInputException(
        ErrorCode.INVALID_CREDENTIALS,
        "the API key is wrong, revoked or its account may not sign in");
  }
}
