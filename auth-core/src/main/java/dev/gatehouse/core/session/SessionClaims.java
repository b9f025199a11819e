package dev.gatehouse.core.session;

import dev.gatehouse.core.signin.ModuleHook;
import dev.gatehouse.core.store.StoreTransaction;
import java.util.Map;
import java.util.UUID;

/**
 * Claims a module keeps in a session, registered with {@link SignInContext#hook}: the module starts
 * them with {@link ModuleSessions#switchSession} (new tokens whose access token carries them), the
 * session keeps them across every refresh, and at each refresh, profile switch and hand-off the
 * module checks them live ({@link #atRefresh}) and may change or drop them. The active organisation
 * of {@code auth-organizations} ({@code org_id}, {@code org_role}) is one.
 *
 * <p>Claims live only in the session's row and in the access tokens it issues: a refresh token is
 * opaque, so a client can neither forge nor change them. A session that holds none costs no read or
 * write of a module at any flow: the core asks a module only about claims it holds.
 *
 * <p>Claim names are the access token's: 1 to 64 of {@code a-z}, {@code 0-9} and {@code _}, never a
 * name the core writes ({@code sub}, {@code sid}, {@code roles}, the profile claim, ...) nor one of
 * another module's claims in the same session. Values are strings, booleans, integral numbers,
 * lists of strings or flat objects of strings (RFC 8693's {@code act}: {@code {"sub": "..."}}).
 * Implementations are thread-safe.
 *
 * <pre>{@code
 * SessionClaims active = new SessionClaims() {
 *   public String name() { return "organizations"; }
 *   public Map<String, Object> atRefresh(StoreTransaction tx, UUID account, Map<String, Object> kept) {
 *     return stillMember(tx, account, kept) ? kept : Map.of();
 *   }
 * };
 * context.hook(active);
 * TokenPair pair = context.switchSession(tx, account, sessionId, active, Map.of("org_id", id));
 * }</pre>
 */
public interface SessionClaims extends ModuleHook {
  /**
   * {@return the name the session keeps these claims under: the module's name, 1 to 32 of {@code
   * a-z}, {@code 0-9} and {@code -}, stable across releases (it is stored)}
   */
  String name();

  /**
   * Checks, in the transaction of a refresh (or of a profile switch or hand-off, which issue tokens
   * for the session too), that the claims the session keeps still hold; one read at most, as this
   * runs on the hottest path of a session that holds them. Called only for a session holding claims
   * of this module, whose owner may still sign in.
   *
   * @param tx the refresh's transaction
   * @param account the session's owner
   * @param kept the claims the session keeps, as the module set them
   * @return the claims to carry on: {@code kept}, changed ones (a changed role), or an empty map to
   *     drop them (a member who left); what differs from {@code kept} is written to the session
   */
  Map<String, Object> atRefresh(StoreTransaction tx, UUID account, Map<String, Object> kept);

  /**
   * {@return whether a session holding these claims ends when {@link #atRefresh} drops them,
   * instead of living on without them: claims a session was started for ({@link
   * ModuleSessions#startSessionFor}), such as an impersonation's {@code act}. The refresh that
   * drops them is refused and the session revoked. {@code false} unless overridden}
   */
  default boolean endsSession() {
    return false;
  }
}
