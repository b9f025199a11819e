package dev.gatehouse.core.social;

import dev.gatehouse.core.session.TokenPair;
import java.util.UUID;

/** The outcome of a social sign-in: a session, or the request to prove the local account first. */
public sealed interface SocialSignIn {

  /** {@return the provider's short name} */
  String provider();

  /**
   * Signed in: a session was started (its {@code amr} is {@code ["social", provider]}).
   *
   * @param provider the provider's short name
   * @param userId the user's public id
   * @param tokens the new session's tokens
   * @param created whether this sign-in created the account
   * @param linked whether this sign-in linked the identity to an existing account (by verified
   *     email)
   */
  record SignedIn(String provider, UUID userId, TokenPair tokens, boolean created, boolean linked)
      implements SocialSignIn {}

  /**
   * An account with the identity's email exists, but it may not be linked automatically (the
   * provider or the account did not verify the email, or linking by email is off). The user signs
   * in to that account with a password or a code, then presents {@code linkToken} to {@link
   * SocialService#linkPending}.
   *
   * @param provider the provider's short name
   * @param reason {@code provider_email_unverified}, {@code local_email_unverified} or {@code
   *     link_by_email_disabled}
   * @param linkToken a sealed, expiring token carrying the verified identity, usable only by the
   *     matched account
   */
  record LinkRequired(String provider, String reason, String linkToken) implements SocialSignIn {
    @Override
    public String toString() {
      return "LinkRequired[provider=" + provider + ", reason=" + reason + "]";
    }
  }
}
