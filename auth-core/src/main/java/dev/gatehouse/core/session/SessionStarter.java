package dev.gatehouse.core.session;

import dev.gatehouse.core.store.StoreTransaction;
import java.util.List;
import java.util.UUID;

/**
 * Starts and ends sessions from inside another flow's transaction. Implemented by {@link
 * SessionService}; every login path (password, code) starts its session through it, and every path
 * that must log a user out everywhere (password change or reset, disabling, deletion) ends them
 * through it.
 */
public interface SessionStarter {
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
