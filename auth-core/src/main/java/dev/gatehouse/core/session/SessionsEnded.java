package dev.gatehouse.core.session;

import dev.gatehouse.core.signin.ModuleHook;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Told whenever sessions of an account end, registered with {@link SignInContext#hook}: called in
 * the transaction that ends them, right after the store recorded the end, by the one path every end
 * takes — a logout (the pages' sign-out, RP-initiated logout, a refresh token's logout), a
 * revocation of one session, of the others or of all, a password change or reset, an account
 * disabled or deleted, an impersonation's end, a device removed, a reused refresh token, a module's
 * {@link ModuleSessions#endSession} or {@link ModuleSessions#endSessions}. A session that only
 * expires is not told. What the hook writes in {@code tx} (an outbox entry, a row of its own)
 * commits with the end or not at all; it sends nothing itself. The OpenID provider's back-channel
 * logout is one.
 *
 * <p>This runs on every end of every account's session: an implementation answers from its own
 * indexed rows for the accounts it does not concern. Implementations are thread-safe.
 *
 * <pre>{@code
 * context.hook((SessionsEnded) (tx, account, sessionId, reason, now) -> forget(tx, account));
 * }</pre>
 */
@FunctionalInterface
public interface SessionsEnded extends ModuleHook {
  /**
   * Receives an end of sessions, in its transaction.
   *
   * @param tx the transaction that ended them; the store answers them as revoked in it
   * @param account whose sessions
   * @param sessionId the one session that ended, or {@code null} when several of the account's may
   *     have (read the account's sessions in {@code tx} to know which)
   * @param reason why, as kept with the revoked session ({@code logout}, {@code revoked}, {@code
   *     admin_disabled}, ...)
   * @param now the end's instant
   */
  void ended(
      StoreTransaction tx, UUID account, @Nullable String sessionId, String reason, Instant now);
}
