package dev.gatehouse.core.session.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.internal.ClientDetails;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.CarryOver;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.internal.SessionTokens.NewRefreshToken;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SessionStore.RefreshTokenState;
import dev.gatehouse.core.store.SessionStore.RotatedSession;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.SessionOwner;
import dev.gatehouse.core.store.UserRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refresh of {@link SessionService#refresh}: one transaction that rotates the presented token
 * and issues the new pair, or, for a token already rotated, either answers a replay inside the
 * reuse grace window once or revokes the session as reuse. Kept apart from the session service
 * because it is the hottest path of the library and has its own failure rules (revocations must
 * commit, so the transaction never throws).
 */
final class RefreshRotation {
  /** The session service's logger: hosts alert on its reuse warning, wherever the code lives. */
  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecurityEvents events;
  private final SessionEnds ends;

  private final SessionTokens sessionTokens;

  RefreshRotation(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecurityEvents events,
      SessionEnds ends,
      SessionTokens sessionTokens) {
    this.sessionTokens = sessionTokens;
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.events = events;
    this.ends = ends;
  }

  /** See {@link SessionService#refresh}. */
  TokenPair refresh(String refreshToken, ClientInfo client) {
    CarryOver legacy = claimedByCarryOver(refreshToken);
    if (legacy != null) {
      return legacy.refresh(refreshToken, client, true);
    }
    HeldRefreshTokens.Presented held = presentedHeld(refreshToken);
    if (held != null) {
      return granted(advance(held, client));
    }
    String presented = presentedHash(refreshToken);
    Instant now = clock.instant();
    NewRefreshToken next = sessionTokens.successorOf(refreshToken, now);
    RefreshOutcome outcome =
        store.inTransaction(
            tx -> {
              Optional<RotatedSession> rotated =
                  tx.sessions().rotateAndRecordUse(use(presented, next.hash(), client, now));
              if (rotated.isPresent()) {
                return rotatedAndUsed(tx, rotated.get(), next.token(), client, now);
              }
              return afterFailedRotation(tx, presented, next, client, now);
            });
    return granted(outcome);
  }

  /** The parts of a presented token its session holds, or {@code null} for a token row's. */
  private HeldRefreshTokens.@Nullable Presented presentedHeld(String refreshToken) {
    if (!sessionTokens.presentable(refreshToken)) {
      throw new InvalidRefreshTokenException();
    }
    return sessionTokens.presentedHeld(refreshToken);
  }

  /**
   * The rotation of a token its session holds: the session advances to the next generation with its
   * use recorded, in one step; else a generation presented again is answered by the grace window
   * once or ends the session as reuse.
   */
  private RefreshOutcome advance(HeldRefreshTokens.Presented held, ClientInfo client) {
    String presented = sessionTokens.hash(held.secret());
    Instant now = clock.instant();
    SessionTokens.HeldSecret next = sessionTokens.newHeldSecret();
    return store.inTransaction(
        tx ->
            advancedFrom(tx, held.sessionId(), held.generation(), presented, next, client, now)
                .orElseGet(() -> afterFailedAdvance(tx, held, next, client, now)));
  }

  /**
   * The session advanced from {@code generation}, whose secret's keyed hash is {@code
   * presentedHash}, to the next with {@code next}, and the pair it grants; empty when it did not
   * advance.
   */
  private Optional<RefreshOutcome> advancedFrom(
      StoreTransaction tx,
      String sessionId,
      int generation,
      String presentedHash,
      SessionTokens.HeldSecret next,
      ClientInfo client,
      Instant now) {
    return tx.sessions()
        .advanceAndRecordUse(sessionId, generation, use(presentedHash, next.hash(), client, now))
        .map(
            advanced ->
                rotatedAndUsed(
                    tx,
                    advanced,
                    sessionTokens.heldToken(sessionId, generation + 1, next),
                    client,
                    now));
  }

  /**
   * A held token that did not advance its session: the session ended, or the token's generation is
   * behind the session's. The generation just before the current one gets the grace window's one
   * use (a client's two requests racing with one token); an earlier one, or a second use, is a copy
   * in other hands. A generation at or past the current one that did not advance is not one the
   * session issued (a host's rolled-back transaction, a restored backup) and is refused.
   */
  private RefreshOutcome afterFailedAdvance(
      StoreTransaction tx,
      HeldRefreshTokens.Presented held,
      SessionTokens.HeldSecret next,
      ClientInfo client,
      Instant now) {
    SessionStore sessions = tx.sessions();
    Optional<SessionStore.HeldSession> found = sessions.findHeldSession(held.sessionId());
    if (found.isEmpty()
        || !found.get().session().liveAt(now)
        || held.generation() >= found.get().token().generation()) {
      return RefreshOutcome.REJECTED;
    }
    SessionState session = found.get().session();
    SessionStore.HeldToken c = found.get().token();
    Duration grace = config.get(TokenSettings.REFRESH_REUSE_GRACE);
    if (!grace.isZero()
        && held.generation() == c.generation() - 1
        && sessions.claimHeldGrace(held.sessionId(), held.generation(), now.minus(grace))) {
      Optional<RefreshOutcome> advanced =
          advancedFrom(tx, held.sessionId(), c.generation(), c.secretHash(), next, client, now);
      if (advanced.isPresent()) {
        return advanced.get();
      }
    }
    return reuse(tx, session, client, now);
  }

  /**
   * The rotation of {@code presentedHash} into {@code next} with the session's use, as the store
   * records both in one step.
   */
  private SessionStore.RefreshUse use(
      String presentedHash, String nextHash, ClientInfo client, Instant now) {
    return new SessionStore.RefreshUse(
        presentedHash,
        nextHash,
        now,
        config.get(TokenSettings.REFRESH_IDLE_TIMEOUT),
        client == null ? null : ClientDetails.coarseIp(client.ipAddress()),
        client == null ? null : ClientDetails.userAgent(client.userAgent()));
  }

  /** Issues the pair of a rotated session whose use was recorded; none if it was revoked since. */
  private RefreshOutcome rotatedAndUsed(
      StoreTransaction tx, RotatedSession rotated, String next, ClientInfo client, Instant now) {
    // Not used: revoked after this refresh read it (a logout that committed while the write waited
    // for the row): no access token for a session that has ended.
    return rotated.used()
        ? issue(tx, rotated.session(), rotated.owner(), next, client, now, true)
        : RefreshOutcome.REJECTED;
  }

  /**
   * See {@link ModuleSessions#refreshSession}: the session's new access token beside the refresh
   * token the client keeps; empty when the session ended now (the module's transaction commits
   * that).
   */
  Optional<TokenPair> refreshSession(
      StoreTransaction tx, SessionState session, String refreshToken, ClientInfo client) {
    return Optional.ofNullable(
        issue(tx, session, null, refreshToken, client, clock.instant(), false).pair());
  }

  /** See {@link ModuleSessions#endReusedSession}. */
  void endReusedSession(StoreTransaction tx, SessionState session, ClientInfo client) {
    reuse(tx, session, client, clock.instant());
  }

  /** The legacy side of the refresh routes when a module registered one that claims the token. */
  private @Nullable CarryOver claimedByCarryOver(String refreshToken) {
    CarryOver tokens = sessionTokens.carried();
    return tokens != null && tokens.claimsRefresh(refreshToken) ? tokens : null;
  }

  /** The pair a refresh transaction granted; a reuse it detected is reported first. */
  private TokenPair granted(RefreshOutcome outcome) {
    if (outcome.reuse() != null) {
      LOG.warn(
          "refresh token reuse detected: session {} of user {} revoked",
          outcome.reuse().id(),
          outcome.reuse().userPublicId());
    }
    if (outcome.pair() == null) {
      throw new InvalidRefreshTokenException();
    }
    return outcome.pair();
  }

  /**
   * See {@link SessionService#refreshWithoutRotation}: the presented token must be the session's
   * current one; the session is used and a new access token issued, and the same refresh token is
   * handed back. A token that was rotated (its session rotates at another route) is reuse, exactly
   * as for {@link #refresh}: a stolen copy cannot slip past rotation's detection here.
   */
  TokenPair refreshWithoutRotation(String refreshToken, ClientInfo client) {
    CarryOver legacy = claimedByCarryOver(refreshToken);
    if (legacy != null) {
      return legacy.refresh(refreshToken, client, false);
    }
    HeldRefreshTokens.Presented held = presentedHeld(refreshToken);
    if (held != null) {
      return granted(useWithoutAdvance(held, refreshToken, client));
    }
    String presented = presentedHash(refreshToken);
    Instant now = clock.instant();
    RefreshOutcome outcome =
        store.inTransaction(
            tx -> {
              SessionStore store = tx.sessions();
              Optional<RefreshTokenState> token = store.findRefreshToken(presented);
              if (token.isEmpty()) {
                return RefreshOutcome.REJECTED;
              }
              Optional<SessionState> session = store.findSession(token.get().sessionId());
              if (session.isEmpty() || !session.get().liveAt(now)) {
                return RefreshOutcome.REJECTED;
              }
              if (token.get().rotatedAt() != null) {
                return reuse(tx, session.get(), client, now);
              }
              return issue(tx, session.get(), null, refreshToken, client, now, false);
            });
    return granted(outcome);
  }

  /**
   * {@link #refreshWithoutRotation} of a token its session holds: the session's current generation
   * with its secret is used and handed back; an earlier generation is reuse.
   */
  private RefreshOutcome useWithoutAdvance(
      HeldRefreshTokens.Presented held, String refreshToken, ClientInfo client) {
    String presented = sessionTokens.hash(held.secret());
    Instant now = clock.instant();
    return store.inTransaction(
        tx -> {
          Optional<SessionStore.HeldSession> found =
              tx.sessions().findHeldSession(held.sessionId());
          if (found.isEmpty() || !found.get().session().liveAt(now)) {
            return RefreshOutcome.REJECTED;
          }
          SessionState session = found.get().session();
          SessionStore.HeldToken current = found.get().token();
          if (held.generation() < current.generation()) {
            return reuse(tx, session, client, now);
          }
          return held.generation() == current.generation()
                  && SecretHasher.constantTimeEquals(presented, current.secretHash())
              ? issue(tx, session, found.get().owner(), refreshToken, client, now, false)
              : RefreshOutcome.REJECTED;
        });
  }

  /** The stored form of a presented token row's token, checked by {@link #presentedHeld}. */
  private String presentedHash(String refreshToken) {
    return sessionTokens.hash(refreshToken);
  }

  /** What a refresh transaction decided; revocations inside it must commit, so it never throws. */
  private record RefreshOutcome(TokenPair pair, SessionState reuse) {
    static final RefreshOutcome REJECTED = new RefreshOutcome(null, null);

    @Override
    public String toString() {
      return "RefreshOutcome[granted=" + (pair != null) + "]";
    }
  }

  /**
   * Uses the session (unless {@code used}: a rotation recorded it) and issues its new access token
   * beside {@code refreshToken} (the successor of a rotation, or the presented token itself without
   * rotation), or ends the session when its owner may no longer sign in. {@code ownerRead} is the
   * owner as the store read it with the rotation, or {@code null} to read it here.
   */
  private RefreshOutcome issue(
      StoreTransaction tx,
      SessionState s,
      @Nullable SessionOwner ownerRead,
      String refreshToken,
      ClientInfo client,
      Instant now,
      boolean used) {
    SessionStore store = tx.sessions();
    String sid = s.id();
    // The owner's flags and the profile's existence in one read, not two records: the access token
    // needs no more of the user (a customizer that does reads it in pair()).
    Optional<SessionOwner> owner =
        Optional.ofNullable(ownerRead).or(() -> tx.sessionOwner(s.userPublicId(), s.profileId()));
    // A customizer needs the whole user: read here, so that an account deleted since the owner
    // read ends the session like a disabled one instead of failing the refresh.
    UserRecord customized = null;
    if (owner.isPresent() && owner.get().maySignIn() && sessionTokens.customizes()) {
      customized = tx.users().findByPublicId(s.userPublicId()).orElse(null);
    }
    if (owner.isEmpty()
        || !owner.get().maySignIn()
        || (customized == null && sessionTokens.customizes())) {
      ends.one(tx, s.userPublicId(), sid, now, "user_disabled");
      return RefreshOutcome.REJECTED;
    }
    Map<String, Object> held = sessionTokens.claimsHeldOrEnded(tx, s);
    if (held == null) {
      // Started for claims its module no longer grants (an impersonation whose admin lost the
      // role): the session ends rather than living on without them.
      ends.one(tx, s.userPublicId(), sid, now, "claims_ended");
      return RefreshOutcome.REJECTED;
    }
    if (!used
        && !store.recordUse(
            sid,
            now,
            // The store's rule, so that a store computing it in SQL and this agree.
            SessionStore.RefreshUse.idleExpiryAfterUse(
                config.get(TokenSettings.REFRESH_IDLE_TIMEOUT), now, s),
            client == null ? null : ClientDetails.coarseIp(client.ipAddress()),
            client == null ? null : ClientDetails.userAgent(client.userAgent()))) {
      // Revoked after this refresh read it (a logout that committed while the write waited for
      // the row): no access token for a session that has ended.
      return RefreshOutcome.REJECTED;
    }
    Long profileId = s.profileId();
    SessionTokens.RoleFacts roles = SessionTokens.RoleFacts.of(owner.get());
    if (profileId != null && !owner.get().profileFound()) {
      ProfileRecord fallback = SessionTokens.defaultProfile(tx, s.userPublicId()).orElse(null);
      profileId = fallback == null ? null : fallback.id();
      roles =
          new SessionTokens.RoleFacts(
              roles.staff(), roles.superuser(), fallback == null ? null : fallback.role());
      store.setSessionProfile(sid, profileId);
    }
    return new RefreshOutcome(
        sessionTokens.pair(
            tx,
            s.userPublicId(),
            customized,
            roles,
            sid,
            s.amr(),
            profileId,
            s.authTime(),
            refreshToken,
            held),
        null);
  }

  private RefreshOutcome afterFailedRotation(
      StoreTransaction tx, String presented, NewRefreshToken next, ClientInfo client, Instant now) {
    SessionStore store = tx.sessions();
    Optional<RefreshTokenState> token = store.findRefreshToken(presented);
    if (token.isEmpty() || token.get().rotatedAt() == null) {
      // Never issued, already cleaned up, or its session is revoked or expired.
      return RefreshOutcome.REJECTED;
    }
    RefreshTokenState t = token.get();
    Optional<SessionState> session = store.findSession(t.sessionId());
    if (session.isEmpty() || !session.get().liveAt(now)) {
      return RefreshOutcome.REJECTED;
    }
    Duration grace = config.get(TokenSettings.REFRESH_REUSE_GRACE);
    if (!grace.isZero()
        && t.successorHash() != null
        && store.claimGraceUse(presented, now.minus(grace), now)) {
      Optional<RotatedSession> rotated =
          store.rotateAndRecordUse(use(t.successorHash(), next.hash(), client, now));
      if (rotated.isPresent()) {
        return rotatedAndUsed(tx, rotated.get(), next.token(), client, now);
      }
    }
    return reuse(tx, session.get(), client, now);
  }

  /** Ends a session whose already rotated token was presented again: a copy is in other hands. */
  private RefreshOutcome reuse(
      StoreTransaction tx, SessionState session, ClientInfo client, Instant now) {
    ends.one(tx, session.userPublicId(), session.id(), now, "token_reuse");
    events.publish(
        tx,
        SecurityEvents.Actor.SYSTEM,
        new AuthEvent.TokenReuseDetected(
            now, session.userPublicId(), session.id(), ClientInfo.originOf(config, client)));
    return new RefreshOutcome(null, session);
  }

  /** When a session used now goes idle: the idle timeout from now, never past its expiry. */
  static Instant idleExpiry(GatehouseConfig config, Instant now, Instant expiresAt) {
    Instant idle = now.plus(config.get(TokenSettings.REFRESH_IDLE_TIMEOUT));
    return idle.isBefore(expiresAt) ? idle : expiresAt;
  }
}
