package dev.gatehouse.core.store;

import dev.gatehouse.core.store.SessionStore.NewSession;
import dev.gatehouse.core.store.SessionStore.RefreshUse;
import dev.gatehouse.core.store.SessionStore.RotatedSession;
import dev.gatehouse.core.store.SessionStore.SessionState;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The part of {@link SessionStore} for a session that holds its own refresh token (issue 79): the
 * session's row keeps the current token's generation and the keyed hash of that generation's
 * secret, so that a rotation writes that one row. Every {@link SessionStore} implements it; it is
 * apart only to keep each declaration readable.
 */
public interface HeldTokenStore {
  /**
   * Stores a new session that holds its own refresh token: generation {@code 0}, whose secret's
   * keyed hash is {@code secretHash}. No token row is written.
   *
   * @param session the session to create
   * @param secretHash the keyed hash of the first token's secret
   */
  void createSessionHoldingToken(NewSession session, String secretHash);

  /**
   * A session that holds its token, with what it keeps of that token, in one read: the refresh
   * without rotation, a refresh that did not advance and a logout need both. A store may read the
   * session's owner in the same statement, as {@link #advanceAndRecordUse} may (then the refresh
   * without rotation reads it no more).
   *
   * @param sessionId the session id ({@code sid})
   * @return the session (live or not) and its token's state; empty when there is no such session or
   *     it keeps its tokens as rows
   */
  Optional<HeldSession> findHeldSession(String sessionId);

  /**
   * A refresh of a session that holds its token, in one atomic step: succeeds only if the session
   * is live and holds generation {@code generation} with the secret hash {@code
   * use.presentedHash()}; then it holds generation {@code generation + 1} with {@code
   * use.newHash()}, remembers when it advanced, and records the session's use as {@link
   * SessionStore#recordUse} does, with the idle expiry of {@link
   * SessionStore.RefreshUse#idleExpiryAfterUse}. Of several concurrent calls with the same
   * generation, on any instance, at most one succeeds.
   *
   * @param sessionId the session the presented token names
   * @param generation the presented token's generation
   * @param use what the refresh presents and records
   * @return empty when this call did not advance the session (unknown, not live, or not at that
   *     generation with that secret); else the session (its use recorded) and, when the store read
   *     it in the same step, its owner
   */
  Optional<RotatedSession> advanceAndRecordUse(String sessionId, int generation, RefreshUse use);

  /**
   * Claims the one-time grace use of generation {@code generation} of a session that holds its
   * token, in one atomic statement: succeeds only if the session now holds the next generation,
   * advanced to it at or after {@code advancedNotBefore}, and no grace use of this generation or a
   * later one was claimed.
   *
   * @param sessionId the session
   * @param generation the generation presented again
   * @param advancedNotBefore the earliest advance still inside the grace window
   * @return whether this call claimed it
   */
  boolean claimHeldGrace(String sessionId, int generation, Instant advancedNotBefore);

  /**
   * Gives a live session that holds its token a new token without a use (a profile switch, a
   * module's renewal), in one conditional statement: from generation {@code generation} to the
   * next, whose secret's keyed hash is {@code newHash}.
   *
   * @param sessionId the session
   * @param generation the generation it holds now, as {@link #findHeldSession} read it
   * @param newHash the keyed hash of the new token's secret
   * @param now the current time
   * @return whether the session was live at that generation and now holds the next
   */
  boolean replaceHeldToken(String sessionId, int generation, String newHash, Instant now);

  /**
   * A session that holds its refresh token, as {@link #findHeldSession} read it.
   *
   * @param session the session
   * @param token what it keeps of its current token
   * @param owner the session's owner as {@link StoreTransaction#sessionOwner} answers it for the
   *     session's user and profile, when the store read it in the same statement; else {@code null}
   *     (the caller reads it)
   */
  record HeldSession(
      SessionState session, HeldToken token, StoreTransaction.@Nullable SessionOwner owner) {}

  /**
   * What a session that holds its refresh token keeps of it (never the token itself).
   *
   * @param generation the generation of the session's current token, from {@code 0} at its start
   * @param secretHash the keyed hash of the current token's secret
   * @param advancedAt when it last advanced to a new generation, or {@code null} before its first
   * @param graceGeneration the latest generation whose grace use was claimed, or {@code -1} for
   *     none
   */
  record HeldToken(
      int generation, String secretHash, @Nullable Instant advancedAt, int graceGeneration) {
    @Override
    public String toString() {
      return "HeldToken[generation=" + generation + ", advancedAt=" + advancedAt + "]";
    }
  }
}
