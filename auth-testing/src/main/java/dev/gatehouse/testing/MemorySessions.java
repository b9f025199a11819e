package dev.gatehouse.testing;

import dev.gatehouse.core.store.ActionTokenStore;
import dev.gatehouse.core.store.SessionStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** Sessions with their refresh tokens, and action tokens, in memory. */
final class MemorySessions implements SessionStore {
  private final MemoryTable<String, SessionState> sessions;
  private final MemoryTable<String, RefreshRow> tokens;
  private final MemoryTable<String, HeldToken> held;
  private final MemoryTable<Long, ActionRow> actionRows;
  private final AtomicLong ids = new AtomicLong();
  private final ActionTokens actionTokens = new ActionTokens();

  MemorySessions(InMemoryAuthStore store) {
    this.sessions = new MemoryTable<>(store);
    this.tokens = new MemoryTable<>(store);
    this.held = new MemoryTable<>(store);
    this.actionRows = new MemoryTable<>(store);
  }

  ActionTokenStore actionTokens() {
    return actionTokens;
  }

  /** A refresh token as stored: its keyed hash, never the token. */
  private record RefreshRow(
      String hash,
      String sessionId,
      Instant createdAt,
      @Nullable Instant rotatedAt,
      @Nullable String successorHash,
      @Nullable Instant graceUsedAt) {
    RefreshRow rotated(Instant at, String successor) {
      return new RefreshRow(hash, sessionId, createdAt, at, successor, graceUsedAt);
    }

    RefreshTokenState state() {
      return new RefreshTokenState(sessionId, createdAt, rotatedAt, successorHash, graceUsedAt);
    }
  }

  @Override
  public void createSession(NewSession n, String refreshTokenHash) {
    putNew(n);
    tokens.put(
        refreshTokenHash,
        new RefreshRow(refreshTokenHash, n.id(), n.createdAt(), null, null, null));
  }

  @Override
  public void createSessionHoldingToken(NewSession n, String secretHash) {
    putNew(n);
    held.put(n.id(), new HeldToken(0, secretHash, null, -1));
  }

  @Override
  public Optional<HeldSession> findHeldSession(String sessionId) {
    return held.get(sessionId)
        .flatMap(token -> sessions.get(sessionId).map(s -> new HeldSession(s, token, null)));
  }

  @Override
  public Optional<RotatedSession> advanceAndRecordUse(
      String sessionId, int generation, RefreshUse use) {
    Optional<SessionState> session = sessions.get(sessionId).filter(s -> s.liveAt(use.now()));
    Optional<HeldToken> current =
        held.get(sessionId)
            .filter(
                h -> h.generation() == generation && h.secretHash().equals(use.presentedHash()));
    if (session.isEmpty() || current.isEmpty()) {
      return Optional.empty();
    }
    held.put(
        sessionId,
        new HeldToken(generation + 1, use.newHash(), use.now(), current.get().graceGeneration()));
    SessionState s = session.get();
    boolean used =
        recordUse(sessionId, use.now(), use.idleExpiryAfterUse(s), use.coarseIp(), use.userAgent());
    return Optional.of(new RotatedSession(s, used));
  }

  @Override
  public boolean claimHeldGrace(String sessionId, int generation, Instant advancedNotBefore) {
    Optional<HeldToken> current =
        held.get(sessionId)
            .filter(
                h ->
                    h.generation() == generation + 1
                        && h.advancedAt() != null
                        && !h.advancedAt().isBefore(advancedNotBefore)
                        && h.graceGeneration() < generation);
    current.ifPresent(
        h ->
            held.put(
                sessionId,
                new HeldToken(h.generation(), h.secretHash(), h.advancedAt(), generation)));
    return current.isPresent();
  }

  @Override
  public boolean replaceHeldToken(String sessionId, int generation, String newHash, Instant now) {
    Optional<HeldToken> current = held.get(sessionId).filter(h -> h.generation() == generation);
    if (current.isEmpty() || sessions.get(sessionId).filter(s -> s.liveAt(now)).isEmpty()) {
      return false;
    }
    held.put(
        sessionId, new HeldToken(generation + 1, newHash, now, current.get().graceGeneration()));
    return true;
  }

  /** Stores a new session as it starts: used at its start, no claims. */
  private void putNew(NewSession n) {
    sessions.put(
        n.id(),
        new SessionState(
            n.id(),
            n.userPublicId(),
            n.client(),
            n.deviceId(),
            n.amr(),
            n.profileId(),
            n.coarseIp(),
            n.userAgent(),
            n.createdAt(),
            n.authTime(),
            n.createdAt(),
            n.expiresAt(),
            n.idleExpiresAt(),
            null,
            null));
  }

  @Override
  public Optional<SessionState> findSession(String sessionId) {
    return sessions.get(sessionId);
  }

  @Override
  public List<SessionState> liveSessionsOf(UUID userPublicId, Instant now) {
    List<SessionState> live =
        sessions.where(s -> s.userPublicId().equals(userPublicId) && s.liveAt(now));
    live.sort(
        Comparator.comparing(SessionState::lastUsedAt).reversed().thenComparing(SessionState::id));
    return live;
  }

  @Override
  public Optional<SessionState> rotateRefreshToken(
      String presentedHash, String newHash, Instant now) {
    Optional<RefreshRow> token = tokens.get(presentedHash).filter(t -> t.rotatedAt() == null);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    Optional<SessionState> session =
        sessions.get(token.get().sessionId()).filter(s -> s.liveAt(now));
    if (session.isEmpty()) {
      return Optional.empty();
    }
    tokens.put(presentedHash, token.get().rotated(now, newHash));
    tokens.put(newHash, new RefreshRow(newHash, session.get().id(), now, null, null, null));
    return session;
  }

  @Override
  public Optional<RefreshTokenState> findRefreshToken(String tokenHash) {
    return tokens.get(tokenHash).map(RefreshRow::state);
  }

  @Override
  public boolean claimGraceUse(String tokenHash, Instant rotatedNotBefore, Instant now) {
    Optional<RefreshRow> token =
        tokens
            .get(tokenHash)
            .filter(
                t ->
                    t.rotatedAt() != null
                        && !t.rotatedAt().isBefore(rotatedNotBefore)
                        && t.graceUsedAt() == null);
    if (token.isEmpty()) {
      return false;
    }
    RefreshRow t = token.get();
    tokens.put(
        tokenHash,
        new RefreshRow(
            t.hash(), t.sessionId(), t.createdAt(), t.rotatedAt(), t.successorHash(), now));
    return true;
  }

  @Override
  public boolean replaceRefreshToken(String sessionId, String newHash, Instant now) {
    if (sessions.get(sessionId).filter(s -> s.liveAt(now)).isEmpty()) {
      return false;
    }
    for (RefreshRow t :
        tokens.where(t -> t.sessionId().equals(sessionId) && t.rotatedAt() == null)) {
      tokens.put(t.hash(), t.rotated(now, newHash));
    }
    tokens.put(newHash, new RefreshRow(newHash, sessionId, now, null, null, null));
    return true;
  }

  @Override
  public boolean recordUse(
      String sessionId,
      Instant now,
      Instant idleExpiresAt,
      @Nullable String coarseIp,
      @Nullable String userAgent) {
    Optional<SessionState> found = sessions.get(sessionId).filter(s -> s.revokedAt() == null);
    if (found.isEmpty()) {
      return false;
    }
    SessionState s = found.get();
    sessions.put(
        sessionId,
        changed(
            s,
            s.profileId(),
            coarseIp != null ? coarseIp : s.coarseIp(),
            userAgent != null ? userAgent : s.userAgent(),
            now,
            idleExpiresAt,
            null,
            null));
    return true;
  }

  @Override
  public void setSessionProfile(String sessionId, @Nullable Long profileId) {
    sessions
        .get(sessionId)
        .ifPresent(
            s ->
                sessions.put(
                    sessionId,
                    changed(
                        s,
                        profileId,
                        s.coarseIp(),
                        s.userAgent(),
                        s.lastUsedAt(),
                        s.idleExpiresAt(),
                        s.revokedAt(),
                        s.revokeReason())));
  }

  @Override
  public void setSessionClaims(String sessionId, @Nullable String claims) {
    sessions
        .get(sessionId)
        .ifPresent(
            s ->
                sessions.put(
                    sessionId,
                    new SessionState(
                        s.id(),
                        s.userPublicId(),
                        s.client(),
                        s.deviceId(),
                        s.amr(),
                        s.profileId(),
                        s.coarseIp(),
                        s.userAgent(),
                        s.createdAt(),
                        s.authTime(),
                        s.lastUsedAt(),
                        s.expiresAt(),
                        s.idleExpiresAt(),
                        s.revokedAt(),
                        s.revokeReason(),
                        claims)));
  }

  /** Ends a session: revoked now, for {@code reason}, its idle expiry moved to now. */
  private void revoke(SessionState s, Instant now, String reason) {
    sessions.put(
        s.id(),
        changed(s, s.profileId(), s.coarseIp(), s.userAgent(), s.lastUsedAt(), now, now, reason));
  }

  /** {@code s} with what a session's life changes; its owner, client and times of birth stay. */
  private static SessionState changed(
      SessionState s,
      @Nullable Long profileId,
      @Nullable String coarseIp,
      @Nullable String userAgent,
      Instant lastUsedAt,
      Instant idleExpiresAt,
      @Nullable Instant revokedAt,
      @Nullable String revokeReason) {
    return new SessionState(
        s.id(),
        s.userPublicId(),
        s.client(),
        s.deviceId(),
        s.amr(),
        profileId,
        coarseIp,
        userAgent,
        s.createdAt(),
        s.authTime(),
        lastUsedAt,
        s.expiresAt(),
        idleExpiresAt,
        revokedAt,
        revokeReason,
        s.claims());
  }

  @Override
  public boolean revokeSession(
      String sessionId, @Nullable UUID userPublicId, Instant now, String reason) {
    Optional<SessionState> found =
        sessions
            .get(sessionId)
            .filter(s -> s.revokedAt() == null)
            .filter(s -> userPublicId == null || s.userPublicId().equals(userPublicId));
    found.ifPresent(s -> revoke(s, now, reason));
    return found.isPresent();
  }

  @Override
  public int revokeSessions(UUID userPublicId, RevokeFilter filter, Instant now, String reason) {
    List<SessionState> ending =
        sessions.where(
            s ->
                s.userPublicId().equals(userPublicId)
                    && s.liveAt(now)
                    && (filter.client() == null || filter.client().equals(s.client()))
                    && (filter.deviceId() == null || filter.deviceId().equals(s.deviceId()))
                    && !s.id().equals(filter.keepSessionId()));
    ending.forEach(s -> revoke(s, now, reason));
    return ending.size();
  }

  @Override
  public List<Revocation> revokedSince(Instant since) {
    return sessions.where(s -> s.revokedAt() != null && !s.revokedAt().isBefore(since)).stream()
        .map(s -> new Revocation(s.id(), s.revokedAt()))
        .toList();
  }

  @Override
  public int deleteDeadSessions(Instant now, int batchSize) {
    List<String> dead = sessions.keysWhere(s -> !s.idleExpiresAt().isAfter(now));
    dead = dead.subList(0, Math.min(batchSize, dead.size()));
    for (String id : dead) {
      tokens.removeWhere(t -> t.sessionId().equals(id));
      held.remove(id);
      sessions.remove(id);
    }
    return dead.size();
  }

  /** An action token as stored: its keyed hash, never the token. */
  private record ActionRow(
      long id,
      UUID userId,
      String purpose,
      String hash,
      @Nullable String binding,
      Instant expiresAt,
      @Nullable Instant usedAt) {
    boolean usable(String purpose, String hash, Instant now) {
      return this.purpose.equals(purpose)
          && this.hash.equals(hash)
          && usedAt == null
          && expiresAt.isAfter(now);
    }

    ActionRow used(Instant at) {
      return new ActionRow(id, userId, purpose, hash, binding, expiresAt, at);
    }
  }

  /** Single-use tokens for account actions (confirmation, reset, ...). */
  private final class ActionTokens implements ActionTokenStore {
    @Override
    public void add(
        UUID userId,
        String purpose,
        String tokenHash,
        @Nullable String binding,
        Instant expiresAt,
        Instant now) {
      long id = ids.incrementAndGet();
      actionRows.put(id, new ActionRow(id, userId, purpose, tokenHash, binding, expiresAt, null));
    }

    @Override
    public Optional<ActionToken> findUsable(String purpose, String tokenHash, Instant now) {
      return actionRows
          .first(t -> t.usable(purpose, tokenHash, now))
          .map(t -> new ActionToken(t.userId(), purpose, t.binding(), t.expiresAt()));
    }

    @Override
    public boolean consume(String purpose, String tokenHash, Instant now) {
      Optional<ActionRow> found = actionRows.first(t -> t.usable(purpose, tokenHash, now));
      found.ifPresent(t -> actionRows.put(t.id(), t.used(now)));
      return found.isPresent();
    }

    @Override
    public int revokeAll(UUID userId, String purpose, Instant now) {
      List<ActionRow> live =
          actionRows.where(
              t -> t.userId().equals(userId) && t.purpose().equals(purpose) && t.usedAt() == null);
      live.forEach(t -> actionRows.put(t.id(), t.used(now)));
      return live.size();
    }

    @Override
    public int deleteBefore(Instant cutoff, int batchSize) {
      return actionRows.removeWhere(
          t ->
              t.expiresAt().isBefore(cutoff) || (t.usedAt() != null && t.usedAt().isBefore(cutoff)),
          batchSize);
    }
  }
}
