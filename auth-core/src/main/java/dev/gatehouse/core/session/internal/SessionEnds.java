package dev.gatehouse.core.session.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.internal.LiveSessionCache;
import dev.gatehouse.core.session.SessionsEnded;
import dev.gatehouse.core.store.SessionStore.RevokeFilter;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The one place where sessions end: every flow that revokes sessions revokes them here, so this
 * instance's live-session answers are forgotten ({@link LiveSessionCache#revoked}) and the modules'
 * {@link SessionsEnded} hooks are told, in the revoking transaction, whichever way the session
 * ended. Thread-safe. Internal: not API.
 */
public final class SessionEnds {
  private final LiveSessionCache liveSessions;
  private final List<SessionsEnded> listeners = new CopyOnWriteArrayList<>();

  SessionEnds(LiveSessionCache liveSessions) {
    this.liveSessions = requireNonNull(liveSessions, "liveSessions");
  }

  /** Adds a module's hook ({@code SignInContext#hook}). */
  void listen(SessionsEnded listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /**
   * Ends one session of an account, if it is live.
   *
   * @param tx the revoking transaction
   * @param account the session's account (a session of another account is left alone)
   * @param sessionId the session
   * @param now the time
   * @param reason why (at most 32 characters)
   * @return whether this call ended it
   */
  public boolean one(
      StoreTransaction tx, UUID account, String sessionId, Instant now, String reason) {
    liveSessions.revoked(tx, account);
    boolean ended = tx.sessions().revokeSession(sessionId, account, now, reason);
    if (ended) {
      tell(tx, account, sessionId, reason, now);
    }
    return ended;
  }

  /**
   * Ends an account's live sessions that {@code filter} selects.
   *
   * @param tx the revoking transaction
   * @param account the account
   * @param filter which of its sessions
   * @param now the time
   * @param reason why (at most 32 characters)
   * @return how many ended
   */
  public int some(
      StoreTransaction tx, UUID account, RevokeFilter filter, Instant now, String reason) {
    liveSessions.revoked(tx, account);
    int ended = tx.sessions().revokeSessions(account, filter, now, reason);
    if (ended > 0) {
      tell(tx, account, null, reason, now);
    }
    return ended;
  }

  private void tell(
      StoreTransaction tx, UUID account, @Nullable String sessionId, String reason, Instant now) {
    for (SessionsEnded listener : listeners) {
      listener.ended(tx, account, sessionId, reason, now);
    }
  }
}
