package dev.gatehouse.core.session;

import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The sessions a module starts, switches and ends, each through the core's one session start,
 * rotation and logout, so a module never writes a session row itself. Asked for with {@code
 * context.capability(ModuleSessions.class)}.
 *
 * <p>Every member is called inside the module's own transaction (on the store of {@link
 * SignInContext#store()}), after the module checked what entitles the change; what it writes
 * commits or rolls back with the module's change. Thread-safe.
 */
public interface ModuleSessions {
  /**
   * A live session's new access token beside the refresh token the client keeps, as {@link
   * SessionService#refreshWithoutRotation} issues it (a legacy token's session, {@link CarryOver}).
   *
   * @param tx the module's transaction, to commit even when this answers empty
   * @param session the live session, read in {@code tx}
   * @param refreshToken the refresh token handed back
   * @param client the request, or {@code null}
   * @return the pair, or empty when the session was ended now
   */
  Optional<SessionService.TokenPair> refreshSession(
      StoreTransaction tx, SessionState session, String refreshToken, @Nullable ClientInfo client);

  /**
   * Ends a live session as reuse ({@code token_reuse}, {@link AuthEvent.TokenReuseDetected}).
   *
   * @param tx the module's transaction
   * @param session the live session, read in {@code tx}
   * @param client the request, or {@code null}
   */
  void endReusedSession(StoreTransaction tx, SessionState session, @Nullable ClientInfo client);

  /**
   * Switches the caller's session to the module's claims: in the module's transaction (where it
   * checked that they hold), the live session gets a new refresh token (the old one stops working)
   * and keeps {@code claims} from now on, and the new pair's access token carries them with the
   * claims other modules keep in the session. Like a profile switch, the session's sign-in ({@code
   * auth_time}, {@code amr}) and profile stay.
   *
   * @param tx the module's transaction
   * @param account the caller's account ({@code sub} of the verified access token)
   * @param sessionId the caller's session ({@code sid} of the same token)
   * @param owner the module's claims, registered as a hook ({@link })
   * @param claims the module's claims from now on (see {@link SessionClaims} for names and values),
   *     an empty map to drop them
   * @return the new pair
   * @throws dev.gatehouse.core.error.AuthException.NotFoundException {@code session_not_found} when
   *     the session is not the account's live session
   * @throws IllegalArgumentException when a claim's name or value is not one a module may set
   * @throws IllegalStateException when {@code owner} was not registered
   */
  SessionService.TokenPair switchSession(
      StoreTransaction tx,
      UUID account,
      String sessionId,
      SessionClaims owner,
      Map<String, Object> claims);

  /**
   * Renews the account's live session in the module's transaction: a new refresh token (the one
   * before stops working) and an access token carrying the claims modules keep in the session,
   * checked as at a refresh. The session's sign-in ({@code auth_time}, {@code amr}) and profile
   * stay. A session handed from a browser's sign-in to an application ({@code auth-social}) is one.
   *
   * @param tx the module's transaction
   * @param account the session's owner
   * @param sessionId the session
   * @return the new pair, or empty when the session is not the account's live session
   */
  Optional<SessionService.TokenPair> renewSession(
      StoreTransaction tx, UUID account, String sessionId);

  /**
   * Starts a new session of {@code account} that keeps the module's claims from its start, through
   * the one session start of every sign-in (the session row, the device of a mobile client, the
   * owner's session list, "log out everywhere"), in the module's transaction. No sign-in happened:
   * the session has no {@code auth_time}, so it is never a recent sign-in, and it ends at {@code
   * lifetime} (at most the refresh token's lifetime). Its claims are checked live at every refresh
   * ({@link SessionClaims#atRefresh}); with {@link SessionClaims#endsSession}, dropping them ends
   * it. Impersonation ({@code auth-admin}) is one: its access token carries {@code act}.
   *
   * @param tx the module's transaction
   * @param account the account the session is for
   * @param amr how the session came to be ({@code amr} of its tokens)
   * @param client the request, or {@code null}
   * @param lifetime the session's longest life, positive
   * @param owner the module's claims, registered as a hook ({@link })
   * @param claims the module's claims (see {@link SessionClaims} for names and values), not empty
   * @return the session's first pair
   * @throws IllegalArgumentException when a claim's name or value is not one a module may set, or
   *     the lifetime is not positive
   * @throws IllegalStateException when {@code owner} was not registered
   */
  SessionService.TokenPair startSessionFor(
      StoreTransaction tx,
      UUID account,
      List<String> amr,
      @Nullable ClientInfo client,
      Duration lifetime,
      SessionClaims owner,
      Map<String, Object> claims);

  /**
   * Ends every session of the account in {@code tx}: revokes their refresh tokens and remembered
   * devices and tells the live-session cache, so an access token of the account is refused at once
   * by {@code SessionService#verifyLiveAccessToken} on this node and, once it follows the
   * revocations, on the others.
   *
   * @param tx the transaction of the change that ends them
   * @param account the account's public id
   * @param reason why, kept with each revoked session (e.g. {@code admin_disabled})
   * @return how many live sessions were ended
   */
  int endSessions(StoreTransaction tx, UUID account, String reason);

  /**
   * Ends one session of the account in {@code tx}, as its logout does ({@code SessionRevoked} with
   * the reason): a session a module started ({@link #startSessionFor}) ended by the module.
   *
   * @param tx the transaction of the change that ends it
   * @param account the session's account
   * @param sessionId the session
   * @param reason why, kept with the revoked session (e.g. {@code impersonation_ended})
   * @return whether a live session of the account was ended
   */
  boolean endSession(StoreTransaction tx, UUID account, String sessionId, String reason);
}
