package dev.gatehouse.core.social;

import org.jspecify.annotations.Nullable;

/**
 * What a social sign-in with a token would do, answered without signing in, spending the token or
 * changing anything (jb-drf-auth's {@code login/social/precheck/}): an app asks it to decide
 * whether to show its terms before a sign-up. It reveals only what the token's holder may know
 * about their own identity.
 *
 * @param provider the provider's short name
 * @param email the identity's email, or {@code null}
 * @param emailVerified whether the provider verified it
 * @param socialAccountExists whether the identity is linked to an account already
 * @param linkedExistingUser whether the sign-in would link it to the account with its (verified)
 *     email
 * @param wouldCreateUser whether the sign-in would create an account
 * @param canLogin whether the sign-in would start a session (otherwise it would ask to link first,
 *     or sign-up is off)
 */
public record SocialPrecheck(
    String provider,
    @Nullable String email,
    boolean emailVerified,
    boolean socialAccountExists,
    boolean linkedExistingUser,
    boolean wouldCreateUser,
    boolean canLogin) {

  /** {@return whether an account answers to the identity (linked, or linkable by email)} */
  public boolean userExists() {
    return socialAccountExists || linkedExistingUser;
  }

  /** {@return a description without the email} */
  @Override
  public String toString() {
    return "SocialPrecheck[provider=" + provider + ", canLogin=" + canLogin + "]";
  }
}
