package dev.gatehouse.jpa;

import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.jpa.internal.RefreshTokenRow;
import dev.gatehouse.jpa.internal.SessionRow;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** JPA implementation of {@link SessionStore} over the transaction's {@link EntityManager}. */
final class JpaSessionStore implements SessionStore {
  /** The condition, on a session aliased {@code s}, for being live at {@code :now}. */
  private static final String LIVE =
      "s.revokedAt is null and s.idleExpiresAt > :now and s.expiresAt > :now";

  private final EntityManager em;
  private final Runnable writing;
  private final JdbcSessionStatements statements;

  JpaSessionStore(EntityManager em, Runnable writing, JdbcSessionStatements statements) {
    this.em = em;
    this.writing = writing;
    this.statements = statements;
  }

  @Override
  public void createSession(NewSession n, String refreshTokenHash) {
    writing.run();
    // Plain statements, as the refresh's: they run on every login (see JdbcSessionStatements).
    statements.createSession(em, n, refreshTokenHash);
  }

  @Override
  public Optional<SessionState> findSession(String sessionId) {
    if (sessionId == null) {
      return Optional.empty();
    }
    return em.createQuery("select s from GatehouseSession s where s.id = :id", SessionRow.class)
        .setParameter("id", sessionId)
        .getResultStream()
        .findFirst()
        .map(this::state);
  }

  @Override
  public List<SessionState> liveSessionsOf(UUID userPublicId, Instant now) {
    return em.createQuery(
            "select s from GatehouseSession s where s.userPublicId = :u and "
                + LIVE
                + " order by s.lastUsedAt desc, s.id",
            SessionRow.class)
        .setParameter("u", userPublicId.toString())
        .setParameter("now", now)
        .getResultStream()
        .map(this::state)
        .toList();
  }

  @Override
  public Optional<SessionState> rotateRefreshToken(
      String presentedHash, String newHash, Instant now) {
    writing.run();
    // Plain statements on the session's connection: see JdbcSessionStatements.
    return statements.rotate(em, presentedHash, newHash, now);
  }

  @Override
  public Optional<RefreshTokenState> findRefreshToken(String tokenHash) {
    return em.createQuery(
            "select t from GatehouseRefreshToken t where t.tokenHash = :h", RefreshTokenRow.class)
        .setParameter("h", tokenHash)
        .getResultStream()
        .findFirst()
        .map(
            t -> {
              em.detach(t);
              return new RefreshTokenState(
                  t.sessionId, t.createdAt, t.rotatedAt, t.successorHash, t.graceUsedAt);
            });
  }

  @Override
  public boolean claimGraceUse(String tokenHash, Instant rotatedNotBefore, Instant now) {
    writing.run();
    return em.createQuery(
                "update GatehouseRefreshToken t set t.graceUsedAt = :now where t.tokenHash = :h"
                    + " and t.rotatedAt >= :cutoff and t.graceUsedAt is null")
            .setParameter("now", now)
            .setParameter("h", tokenHash)
            .setParameter("cutoff", rotatedNotBefore)
            .executeUpdate()
        == 1;
  }

  @Override
  public boolean replaceRefreshToken(String sessionId, String newHash, Instant now) {
    writing.run();
    long live =
        em.createQuery(
                "select count(s) from GatehouseSession s where s.id = :id and " + LIVE, Long.class)
            .setParameter("id", sessionId)
            .setParameter("now", now)
            .getSingleResult();
    if (live == 0) {
      return false;
    }
    em.createQuery(
            "update GatehouseRefreshToken t set t.rotatedAt = :now, t.successorHash = :next"
                + " where t.sessionId = :id and t.rotatedAt is null")
        .setParameter("now", now)
        .setParameter("next", newHash)
        .setParameter("id", sessionId)
        .executeUpdate();
    statements.insertToken(em, newHash, sessionId, now);
    return true;
  }

  @Override
  public void recordUse(
      String sessionId, Instant now, Instant idleExpiresAt, String coarseIp, String userAgent) {
    writing.run();
    // A plain statement for the same reason as the rotation: it runs on every refresh.
    statements.recordUse(em, sessionId, now, idleExpiresAt, coarseIp, userAgent);
  }

  @Override
  public void setSessionProfile(String sessionId, Long profileId) {
    writing.run();
    em.createQuery("update GatehouseSession s set s.profileId = :p where s.id = :id")
        .setParameter("p", profileId)
        .setParameter("id", sessionId)
        .executeUpdate();
  }

  @Override
  public boolean revokeSession(String sessionId, UUID userPublicId, Instant now, String reason) {
    writing.run();
    Query q =
        em.createQuery(
                "update GatehouseSession s set s.revokedAt = :now, s.revokeReason = :r,"
                    + " s.idleExpiresAt = :now where s.id = :id and s.revokedAt is null"
                    + (userPublicId == null ? "" : " and s.userPublicId = :u"))
            .setParameter("now", now)
            .setParameter("r", reason)
            .setParameter("id", sessionId);
    if (userPublicId != null) {
      q.setParameter("u", userPublicId.toString());
    }
    return q.executeUpdate() == 1;
  }

  @Override
  public int revokeSessions(UUID userPublicId, RevokeFilter filter, Instant now, String reason) {
    writing.run();
    StringBuilder jpql =
        new StringBuilder(
            "update GatehouseSession s set s.revokedAt = :now, s.revokeReason = :r,"
                + " s.idleExpiresAt = :now where s.userPublicId = :u and "
                + LIVE);
    if (filter.client() != null) {
      jpql.append(" and s.client = :client");
    }
    if (filter.deviceId() != null) {
      jpql.append(" and s.deviceId = :device");
    }
    if (filter.keepSessionId() != null) {
      jpql.append(" and s.id <> :keep");
    }
    Query q =
        em.createQuery(jpql.toString())
            .setParameter("now", now)
            .setParameter("r", reason)
            .setParameter("u", userPublicId.toString());
    if (filter.client() != null) {
      q.setParameter("client", filter.client());
    }
    if (filter.deviceId() != null) {
      q.setParameter("device", filter.deviceId());
    }
    if (filter.keepSessionId() != null) {
      q.setParameter("keep", filter.keepSessionId());
    }
    return q.executeUpdate();
  }

  @Override
  public int deleteDeadSessions(Instant now, int batchSize) {
    writing.run();
    List<String> ids =
        em.createQuery(
                "select s.id from GatehouseSession s where s.idleExpiresAt <= :now order by s.id",
                String.class)
            .setParameter("now", now)
            .setMaxResults(batchSize)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    // Another instance may delete some of the same rows concurrently: both deletes are
    // idempotent, each counts only what it removed.
    em.createQuery("delete from GatehouseRefreshToken t where t.sessionId in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
    return em.createQuery("delete from GatehouseSession s where s.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }

  private SessionState state(SessionRow s) {
    em.detach(s);
    return new SessionState(
        s.id,
        UUID.fromString(s.userPublicId),
        s.client,
        s.deviceId,
        s.amr == null || s.amr.isBlank() ? List.of() : Arrays.asList(s.amr.split(" ")),
        s.profileId,
        s.coarseIp,
        s.userAgent,
        s.createdAt,
        s.lastUsedAt,
        s.expiresAt,
        s.idleExpiresAt,
        s.revokedAt,
        s.revokeReason);
  }
}
