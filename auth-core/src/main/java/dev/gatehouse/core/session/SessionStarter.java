package dev.gatehouse.core.session;

import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.util.List;
import java.util.UUID;

/**
 * Starts and ends sessions from inside another flow's transaction. Implemented by {@link
 * SessionService}; every login path (password, code) starts its session through it, and every path
 * that must log a user out everywhere (password change or reset, disabling, deletion) ends them
 * through it.
 */
public interface SessionStarter {
  /** The {@code amr} value (RFC 8176) of a sign-in that used more than one factor. */
  String AMR_MFA = "mfa";

  /**
   * Starts a session for a user who just proved who they are, and answers the token pair.
   *
   * @param tx the login flow's transaction
   * @param userPublicId the authenticated user, who exists and may sign in
   * @param amr how they authenticated, e.g. {@code ["pwd"]}, {@code ["otp","sms"]}
   * @param client who is calling
   * @return the new token pair
   */
  TokenPair start(StoreTransaction tx, UUID userPublicId, List<String> amr, ClientInfo client);

  /**
   * The one door every first-factor login goes through: starts a session as {@link #start} does,
   * unless the user has a confirmed second factor that {@code amr} does not already cover (it
   * carries no {@value #AMR_MFA}); then it records a short-lived, single-use challenge, bound to
   * the user and to {@code amr}, in {@code tx} and answers that instead. The default, for starters
   * that know no second factors, always starts.
   *
   * @param tx the login flow's transaction
   * @param userPublicId the authenticated user
   * @param amr how they authenticated so far
   * @param client who is calling
   * @return signed in (never created or linked: the caller knows), or the second step
   */
  default SignInResult signIn(
      StoreTransaction tx, UUID userPublicId, List<String> amr, ClientInfo client) {
    return signedIn(tx, tx.users().findByPublicId(userPublicId).orElseThrow(), amr, client);
  }

  /**
   * Starts a session for a user whose every step is proven (never a further step), and answers it
   * with the account as it stands: {@code user} as the flow left it (its last login recorded) and
   * its profiles.
   *
   * @param tx the login flow's transaction
   * @param user the authenticated user as the flow left it
   * @param amr how they authenticated
   * @param client who is calling
   * @return signed in (never created or linked: the caller knows)
   */
  SignInResult.SignedIn signedIn(
      StoreTransaction tx, UserRecord user, List<String> amr, ClientInfo client);

  /**
   * {@link #start(StoreTransaction, UUID, List, ClientInfo)} for a user the flow has just read:
   * what the access token states about the user (its {@code roles}) is taken from {@code user}
   * instead of being read again. The default ignores it.
   *
   * @param tx the login flow's transaction
   * @param user the authenticated user as read in this flow
   * @param amr how they authenticated
   * @param client who is calling
   * @return the new token pair
   */
  default TokenPair start(
      StoreTransaction tx, UserRecord user, List<String> amr, ClientInfo client) {
    return start(tx, user.publicId(), amr, client);
  }

  /**
   * {@link #signIn(StoreTransaction, UUID, List, ClientInfo)} for a user the flow has just read
   * (see {@link #start(StoreTransaction, UserRecord, List, ClientInfo)}).
   *
   * @param tx the login flow's transaction
   * @param user the authenticated user as read in this flow
   * @param amr how they authenticated so far
   * @param client who is calling
   * @return signed in (never created or linked: the caller knows), or the second step
   */
  default SignInResult signIn(
      StoreTransaction tx, UserRecord user, List<String> amr, ClientInfo client) {
    return signedIn(tx, user, amr, client);
  }

  /**
   * {@link #signIn(StoreTransaction, UserRecord, List, ClientInfo)} for a proven credential: a
   * sign-in {@linkplain CredentialCheck.Proven#carriedOver() carried over} from another system
   * starts a session whose {@code auth_time} is that sign-in's, or none when it is not known. The
   * default, for starters that keep no sign-in time, ignores it.
   *
   * @param tx the sign-in's transaction
   * @param user the authenticated user as read in this flow
   * @param proven how they authenticated
   * @param client who is calling
   * @return signed in (never created or linked: the caller knows), or the second step
   */
  default SignInResult signIn(
      StoreTransaction tx, UserRecord user, CredentialCheck.Proven proven, ClientInfo client) {
    return signIn(tx, user, proven.amr(), client);
  }

  /**
   * Revokes every live session of a user (their refresh tokens stop working at once; access tokens
   * already issued expire on their own within the access-token lifetime).
   *
   * @param tx the calling flow's transaction
   * @param userPublicId whose sessions
   * @param reason why, e.g. {@code password_changed}
   * @return how many sessions were revoked
   */
  int revokeAll(StoreTransaction tx, UUID userPublicId, String reason);
}
