package dev.gatehouse.jpa;

import dev.gatehouse.core.store.SessionStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@link SessionStore} over the library's {@code gh_session} table (which holds the refresh token
 * of a session started in Gatehouse's own format) and {@code gh_refresh_token} (a token row per
 * token of every other session), and the account-wide session operations of {@link
 * AccountSessions}. Every login and refresh runs these statements, so each is one plain statement.
 */
final class JpaSessionStore implements SessionStore {
  /** The condition, on a session aliased {@code s}, for being live at the time bound twice. */
  private static final String LIVE =
      "s.revoked_at is null and s.idle_expires_at > ? and s.expires_at > ?";

  /** A session's columns, aliased {@code s}, in the order {@link #state} reads them. */
  static final String COLUMNS =
      "select s.id, s.user_public_id, s.client, s.device_id, s.amr, s.profile_id, s.ip_coarse,"
          + " s.user_agent, s.created_at, s.last_used_at, s.expires_at, s.idle_expires_at,"
          + " s.revoked_at, s.revoke_reason, s.auth_time, s.claims";

  static final String SESSION_COLUMNS = COLUMNS + " from gh_session s ";

  /** Ends sessions: the revocation columns set, the idle expiry moved to now (cleanup's index). */
  private static final String REVOKE =
      "update gh_session s set revoked_at = ?, revoke_reason = ?, idle_expires_at = ? where ";

  /**
   * The one atomic check-and-act of a rotation: a second, concurrent caller blocks on the row lock
   * and then finds rotated_at set, so it changes nothing; a session revoked or expired since its
   * read fails the exists.
   */
  static final String ROTATE =
      "update gh_refresh_token set rotated_at = ?, successor_hash = ?"
          + " where token_hash = ? and rotated_at is null and exists (select s.id"
          + " from gh_session s where s.id = gh_refresh_token.session_id and "
          + LIVE
          + ")";

  /**
   * The session touch, by which of IP ({@code 1}) and user agent ({@code 2}) are given: an absent
   * one leaves its column alone.
   */
  private static final String[] RECORD_USE = new String[4];

  static {
    for (int i = 0; i < 4; i++) {
      RECORD_USE[i] =
          "update gh_session set last_used_at = ?, idle_expires_at = ?"
              + ((i & 1) != 0 ? ", ip_coarse = ?" : "")
              + ((i & 2) != 0 ? ", user_agent = ?" : "")
              + " where id = ? and revoked_at is null";
    }
  }

  /** Accounts per statement when many are asked about: well inside every database's limit. */
  private static final int CHUNK = 500;

  private final LibrarySql sql;
  private final Runnable writing;
  private final @Nullable HostStatements host;

  /**
   * @param host the plain statements on the host's tables, whose owner read a refresh folds into
   *     its own statements; {@code null} where no refresh runs (the account-wide operations)
   */
  JpaSessionStore(LibrarySql sql, Runnable writing, @Nullable HostStatements host) {
    this.sql = sql;
    this.writing = writing;
    this.host = host;
  }

  @Override
  public void createSession(NewSession n, String refreshTokenHash) {
    writing.run();
    SessionSql.createSession(sql, n, refreshTokenHash);
  }

  @Override
  public void createSessionHoldingToken(NewSession n, String secretHash) {
    writing.run();
    SessionSql.createSessionHoldingToken(sql, n, secretHash);
  }

  @Override
  public Optional<HeldSession> findHeldSession(String sessionId) {
    return SessionSql.heldSession(sql, sessionId, host);
  }

  @Override
  public Optional<RotatedSession> advanceAndRecordUse(
      String sessionId, int generation, RefreshUse use) {
    writing.run();
    return SessionSql.advanceAndRecordUse(sql, sessionId, generation, use, host);
  }

  @Override
  public boolean claimHeldGrace(String sessionId, int generation, Instant advancedNotBefore) {
    writing.run();
    return sql.update(
            "update gh_session set refresh_grace_generation = ? where id = ?"
                + " and refresh_generation = ? and refresh_advanced_at >= ?"
                + " and (refresh_grace_generation is null or refresh_grace_generation < ?)",
            generation,
            sessionId,
            generation + 1,
            advancedNotBefore,
            generation)
        == 1;
  }

  @Override
  public boolean replaceHeldToken(String sessionId, int generation, String newHash, Instant now) {
    writing.run();
    return sql.update(
            "update gh_session s set refresh_generation = ?, refresh_secret_hash = ?,"
                + " refresh_advanced_at = ? where s.id = ? and s.refresh_generation = ? and "
                + LIVE,
            generation + 1,
            newHash,
            now,
            sessionId,
            generation,
            now,
            now)
        == 1;
  }

  @Override
  public Optional<SessionState> findSession(String sessionId) {
    if (sessionId == null) {
      return Optional.empty();
    }
    return sql.first(SESSION_COLUMNS + "where s.id = ?", JpaSessionStore::state, sessionId);
  }

  @Override
  public List<SessionState> liveSessionsOf(UUID userPublicId, Instant now) {
    return sql.list(
        SESSION_COLUMNS
            + "where s.user_public_id = ? and "
            + LIVE
            + " order by s.last_used_at desc, s.id",
        JpaSessionStore::state,
        userPublicId.toString(),
        now,
        now);
  }

  @Override
  public Optional<SessionState> rotateRefreshToken(
      String presentedHash, String newHash, Instant now) {
    writing.run();
    Optional<SessionState> found = sessionOfLiveToken(sql, presentedHash);
    if (found.isEmpty()) {
      return found;
    }
    if (sql.update(ROTATE, now, newHash, presentedHash, now, now) != 1) {
      return Optional.empty();
    }
    SessionSql.insertToken(sql, newHash, found.get().id(), now);
    return found;
  }

  /**
   * The session of a token not yet rotated, in one read that names the session (no read of the
   * token afterwards) and answers its state (no read of the session afterwards); a token that is
   * unknown or already rotated ends here, before any write.
   */
  static Optional<SessionState> sessionOfLiveToken(LibrarySql sql, String tokenHash) {
    return sql.first(
        SESSION_COLUMNS
            + "join gh_refresh_token t on t.session_id = s.id"
            + " where t.token_hash = ? and t.rotated_at is null",
        JpaSessionStore::state,
        tokenHash);
  }

  @Override
  public Optional<RotatedSession> rotateAndRecordUse(RefreshUse use) {
    writing.run();
    return SessionSql.rotateAndRecordUse(sql, use, host);
  }

  @Override
  public Optional<RefreshTokenState> findRefreshToken(String tokenHash) {
    return sql.first(
        "select session_id, created_at, rotated_at, successor_hash, grace_used_at"
            + " from gh_refresh_token where token_hash = ?",
        r -> new RefreshTokenState(r.text(1), r.instant(2), r.instant(3), r.text(4), r.instant(5)),
        tokenHash);
  }

  @Override
  public boolean claimGraceUse(String tokenHash, Instant rotatedNotBefore, Instant now) {
    writing.run();
    return sql.update(
            "update gh_refresh_token set grace_used_at = ? where token_hash = ?"
                + " and rotated_at >= ? and grace_used_at is null",
            now,
            tokenHash,
            rotatedNotBefore)
        == 1;
  }

  @Override
  public boolean replaceRefreshToken(String sessionId, String newHash, Instant now) {
    writing.run();
    if (sql.number(
            "select count(*) from gh_session s where s.id = ? and " + LIVE, sessionId, now, now)
        == 0) {
      return false;
    }
    sql.update(
        "update gh_refresh_token set rotated_at = ?, successor_hash = ? where session_id = ?"
            + " and rotated_at is null",
        now,
        newHash,
        sessionId);
    SessionSql.insertToken(sql, newHash, sessionId, now);
    return true;
  }

  @Override
  public boolean recordUse(
      String sessionId, Instant now, Instant idleExpiresAt, String coarseIp, String userAgent) {
    writing.run();
    return recordUse(sql, sessionId, now, idleExpiresAt, coarseIp, userAgent);
  }

  /** See {@link #recordUse(String, Instant, Instant, String, String)}. */
  static boolean recordUse(
      LibrarySql sql,
      String sessionId,
      Instant now,
      Instant idleExpiresAt,
      @Nullable String coarseIp,
      @Nullable String userAgent) {
    int shape = (coarseIp != null ? 1 : 0) | (userAgent != null ? 2 : 0);
    List<Object> values = new ArrayList<>(5);
    values.add(now);
    values.add(idleExpiresAt);
    if (coarseIp != null) {
      values.add(coarseIp);
    }
    if (userAgent != null) {
      values.add(userAgent);
    }
    values.add(sessionId);
    return sql.update(RECORD_USE[shape], values.toArray()) == 1;
  }

  @Override
  public void setSessionProfile(String sessionId, Long profileId) {
    writing.run();
    sql.update("update gh_session set profile_id = ? where id = ?", profileId, sessionId);
  }

  @Override
  public void setSessionClaims(String sessionId, String claims) {
    writing.run();
    sql.update("update gh_session set claims = ? where id = ?", claims, sessionId);
  }

  @Override
  public boolean revokeSession(String sessionId, UUID userPublicId, Instant now, String reason) {
    writing.run();
    String which = "s.id = ? and s.revoked_at is null";
    return (userPublicId == null
            ? sql.update(REVOKE + which, now, reason, now, sessionId)
            : sql.update(
                REVOKE + which + " and s.user_public_id = ?",
                now,
                reason,
                now,
                sessionId,
                userPublicId.toString()))
        == 1;
  }

  @Override
  public int revokeSessions(UUID userPublicId, RevokeFilter filter, Instant now, String reason) {
    writing.run();
    StringBuilder where = new StringBuilder("s.user_public_id = ? and ").append(LIVE);
    List<Object> values = new ArrayList<>(List.of(now, reason, now, userPublicId.toString()));
    values.add(now);
    values.add(now);
    if (filter.client() != null) {
      where.append(" and s.client = ?");
      values.add(filter.client());
    }
    if (filter.deviceId() != null) {
      where.append(" and s.device_id = ?");
      values.add(filter.deviceId());
    }
    if (filter.keepSessionId() != null) {
      where.append(" and s.id <> ?");
      values.add(filter.keepSessionId());
    }
    return sql.update(REVOKE + where, values.toArray());
  }

  @Override
  public List<Revocation> revokedSince(Instant since) {
    // ix_gh_session_revoked (0011, on PostgreSQL revoked sessions only since 0017): every instance
    // runs this every few seconds.
    return sql.list(
        "select id, revoked_at from gh_session where revoked_at >= ?",
        r -> new Revocation(r.text(1), r.instant(2)),
        since);
  }

  @Override
  public int deleteDeadSessions(Instant now, int batchSize) {
    writing.run();
    // In the expiry index's order: each batch reads its own rows from the index's start. Ordered
    // by id, a batch skipped every live session before the remaining dead ones, more each batch
    // (4.7 s per batch of 500 at 5 million sessions; docs/BENCHMARKS.md, "Data at scale").
    List<String> ids =
        sql.list(
            sql.limit(
                "select id from gh_session where idle_expires_at <= ? order by idle_expires_at",
                batchSize),
            r -> r.text(1),
            now);
    // Another instance may delete some of the same rows concurrently: both deletes are
    // idempotent, each counts only what it removed.
    return delete(ids);
  }

  /** Deletes sessions and their tokens; answers the sessions deleted. */
  private int delete(List<String> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    String in = " in (" + LibrarySql.marks(ids.size()) + ")";
    sql.update("delete from gh_refresh_token where session_id" + in, ids.toArray());
    return sql.update("delete from gh_session where id" + in, ids.toArray());
  }

  /** See {@link AccountSessions#withSessions}. */
  Set<UUID> withSessions(Collection<UUID> accounts, Instant startedSince) {
    Set<UUID> found = new TreeSet<>();
    List<Object> ids = new ArrayList<>(accounts.size());
    accounts.forEach(a -> ids.add(a.toString()));
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<Object> values = new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + CHUNK)));
      String query =
          "select distinct user_public_id from gh_session where user_public_id in ("
              + LibrarySql.marks(values.size())
              + ")";
      if (startedSince != null) {
        query += " and created_at >= ?";
        values.add(startedSince);
      }
      sql.list(query, r -> UUID.fromString(r.text(1)), values.toArray()).forEach(found::add);
    }
    return found;
  }

  /** See {@link AccountSessions#end}. */
  int end(UUID account, Instant startedSince, boolean delete, Instant now, String reason) {
    String query = "select id from gh_session where user_public_id = ?";
    List<String> ids =
        startedSince == null
            ? sql.list(query, r -> r.text(1), account.toString())
            : sql.list(
                query + " and created_at >= ?", r -> r.text(1), account.toString(), startedSince);
    if (ids.isEmpty()) {
      return 0;
    }
    if (delete) {
      delete(ids);
    } else {
      String in = " in (" + LibrarySql.marks(ids.size()) + ")";
      sql.update("delete from gh_refresh_token where session_id" + in, ids.toArray());
      List<Object> values = new ArrayList<>(List.of(now, reason, now));
      values.addAll(ids);
      sql.update(REVOKE + "s.id" + in + " and s.revoked_at is null", values.toArray());
    }
    return ids.size();
  }

  /** A session from a row of {@link #COLUMNS}. */
  static SessionState state(LibrarySql.Columns r) throws SQLException {
    String amr = r.text(5);
    return new SessionState(
        r.text(1),
        UUID.fromString(r.text(2)),
        r.text(3),
        r.number(4),
        amr == null || amr.isBlank() ? List.of() : Arrays.asList(amr.split(" ")),
        r.number(6),
        r.text(7),
        r.text(8),
        r.instant(9),
        r.instant(15),
        r.instant(10),
        r.instant(11),
        r.instant(12),
        r.instant(13),
        r.text(14),
        r.text(16));
  }
}
