package dev.gatehouse.social;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.ErrorCode.Kind;

/**
 * The error codes only social sign-in and linking ({@code auth-social}) answers, listed in its
 * manifest ({@link SocialSignIn#manifest()}), so they join Gatehouse's one catalogue ({@code
 * Gatehouse#errorCodes()}) when the module is installed. Their wire forms are those the core
 * answered before they moved here (issue 75).
 */
public final class SocialErrors {
  private SocialErrors() {}

  /** The PKCE code challenge is not an S256 challenge. */
  public static final ErrorCode INVALID_CODE_CHALLENGE =
      ErrorCode.of(
          "invalid_code_challenge",
          Kind.REJECTED_INPUT,
          "The code challenge is not an S256 challenge.");

  /** The hand-off code is invalid, used or expired, or its verifier does not match. */
  public static final ErrorCode INVALID_GRANT =
      ErrorCode.of("invalid_grant", Kind.REJECTED_INPUT, "The code is invalid, used or expired.");

  /** The provider does not support the flow asked of it. */
  public static final ErrorCode UNSUPPORTED_FLOW =
      ErrorCode.of(
          "unsupported_flow", Kind.REJECTED_INPUT, "The provider does not support this flow.");

  /** The account-linking token is invalid, expired or for another account. */
  public static final ErrorCode INVALID_LINK_TOKEN =
      ErrorCode.of(
          "invalid_link_token", Kind.REJECTED_INPUT, "The link token is invalid or expired.");

  /** The identity is the account's last way to sign in. */
  public static final ErrorCode LAST_SIGN_IN_METHOD =
      ErrorCode.of(
          "last_sign_in_method", Kind.REJECTED_INPUT, "This is the account's last way to sign in.");

  /** Signing up through a provider is turned off. */
  public static final ErrorCode SOCIAL_SIGNUP_DISABLED =
      ErrorCode.auditedRefusal(
          "social_signup_disabled", Kind.FORBIDDEN, "Signing up with a provider is turned off.");

  /** No identity of that provider is linked. */
  public static final ErrorCode SOCIAL_ACCOUNT_NOT_FOUND =
      ErrorCode.of(
          "social_account_not_found", Kind.NOT_FOUND, "No identity of that provider is linked.");

  /** The social identity is linked to another account. */
  public static final ErrorCode SOCIAL_ACCOUNT_TAKEN =
      ErrorCode.of(
          "social_account_taken", Kind.CONFLICT, "The identity is linked to another account.");

  /** The account already has an identity at that provider. */
  public static final ErrorCode PROVIDER_ALREADY_LINKED =
      ErrorCode.of(
          "provider_already_linked",
          Kind.CONFLICT,
          "The account has an identity at that provider.");

  /** The social provider could not be reached. */
  public static final ErrorCode SOCIAL_PROVIDER_UNAVAILABLE =
      ErrorCode.of(
          "social_provider_unavailable", Kind.UNAVAILABLE, "The provider could not be reached.");

  /** Social sign-in has no social-account entity. */
  public static final ErrorCode SOCIAL_NOT_CONFIGURED =
      ErrorCode.of(
          "social_not_configured", Kind.MISCONFIGURED, "Social sign-in is not configured.");
}
