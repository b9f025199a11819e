package dev.gatehouse.scim;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.ErrorCode.Kind;

/**
 * The error code only {@code auth-scim}'s contract routes answer, listed in its manifest ({@link
 * Scim#manifest()}). The SCIM endpoints answer SCIM's own error schema instead.
 */
public final class ScimErrors {
  private ScimErrors() {}

  /** The organisation has no directory token to revoke. */
  public static final ErrorCode SCIM_TOKEN_NOT_FOUND =
      ErrorCode.of(
          "scim_token_not_found", Kind.NOT_FOUND, "The organisation has no directory token.");
}
