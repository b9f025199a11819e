package dev.gatehouse.jpa;

import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SessionStore.NewSession;
import dev.gatehouse.core.store.SessionStore.RefreshUse;
import dev.gatehouse.core.store.SessionStore.RotatedSession;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The statements of a login's new session and of a refresh's rotation and use ({@link
 * dev.gatehouse.core.store.SessionStore#rotateAndRecordUse}) in as few as each database's SQL
 * allows, every dialect's statements here and nowhere else. A new session and its first refresh
 * token are one statement on PostgreSQL (a data-modifying {@code with}), two elsewhere. A refresh,
 * with the owner's read folded in where the host's mapping allows it ({@link
 * HostMapping#ownerJoin}: a plain owner read, the public id held as text; else the caller reads the
 * owner after):
 *
 * <ul>
 *   <li><b>PostgreSQL</b>: one statement. Data-modifying {@code with} clauses rotate the token,
 *       insert its successor and record the session's use; the outer select answers the session as
 *       the statement's snapshot saw it (before the use), whether the use was recorded, and the
 *       owner with the profile the session acts as, left-joined by the session's columns.
 *   <li><b>MariaDB and MySQL</b> (no {@code RETURNING} on an update, no data-modifying {@code
 *       with}): three. The session through its token with its owner, one joined update that rotates
 *       the token and records the use, and the successor's insert.
 *   <li><b>H2 and others</b>: four. The session through its token with its owner, the rotation, the
 *       successor's insert and the use (H2 runs in the process: no round trip to save).
 * </ul>
 *
 * <p>The idle expiry is computed in SQL exactly as {@link RefreshUse#idleExpiryAfterUse} computes
 * it: the idle timeout from now capped at the absolute expiry, or the stored one while the new one
 * is not sooner and within a hundredth of the timeout of it. Every form keeps the one check-and-act
 * of a rotation: the token's update is conditional on its being unrotated and its session live, so
 * of concurrent refreshes with one token (on any instance) the first holds the token's row and the
 * others find it rotated; the session's update is conditional on its being unrevoked, so a logout
 * that committed while the refresh waited for the row leaves it unused. Rows are locked in the
 * order of the separate statements (the token, then its session). The owner is read without a lock,
 * as the separate read is: in the statement's snapshot on PostgreSQL, in the transaction's first
 * read on the others; a change of the account that ends its sessions revokes them, which the use's
 * condition sees.
 */
final class SessionSql {
  private SessionSql() {}

  /**
   * The new idle expiry over a session aliased {@code s}: parameters the candidate (three times,
   * now plus the idle timeout) and the step in microseconds, in the order they appear.
   */
  private static String idleExpiry(String plusStepMicros) {
    return "case when least(?, s.expires_at) >= s.idle_expires_at and least(?, s.expires_at) < "
        + plusStepMicros
        + " then s.idle_expires_at else least(?, s.expires_at) end";
  }

  private static final String INSERT_SESSION =
      "insert into gh_session (id, user_public_id, client, device_id, amr, profile_id,"
          + " ip_coarse, user_agent, created_at, auth_time, last_used_at, expires_at,"
          + " idle_expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_TOKEN =
      "insert into gh_refresh_token (token_hash, session_id, created_at) values (?, ?, ?)";

  /** A session and its first refresh token in one statement. */
  private static final String POSTGRESQL_CREATE =
      "with s as ("
          + INSERT_SESSION
          + " returning id) insert into gh_refresh_token (token_hash, session_id, created_at)"
          + " select ?, id, ? from s";

  /**
   * The rotation and use on PostgreSQL by shape: which of the IP ({@code 1}) and the user agent
   * ({@code 2}) are given, an absent one left as stored. No parameter is ever bound null: pgjdbc
   * sends the transaction's {@code BEGIN} apart (a round trip of its own) before a statement whose
   * parameter's type changed to unknown.
   */
  private static final String[] POSTGRESQL = new String[4];

  /** The use's column of PostgreSQL's outer select, after which the owner's columns go. */
  private static final String OWNER_COLUMNS = ", (select count(*) from used)";

  /** The joined update of MariaDB and MySQL by the same shapes. */
  private static final String[] MYSQL_ROTATE_AND_USE = new String[4];

  /**
   * The advance and use of a session that holds its token on PostgreSQL, by the same shapes: one
   * update of the session row, whose new state the outer select answers.
   */
  private static final String[] POSTGRESQL_ADVANCE = new String[4];

  /** The use's column of the advance's outer select, after which the owner's columns go. */
  private static final String ADVANCE_OWNER_COLUMNS = ", 1 as used";

  /**
   * The advance and use elsewhere, by the same shapes, after the session's read: its idle expiry
   * computed from that read ({@link RefreshUse#idleExpiryAfterUse}).
   */
  private static final String[] ADVANCE = new String[4];

  /** The condition of an advance: the session unrevoked, at the presented generation and secret. */
  private static final String ADVANCE_CONDITION =
      " where s.id = ? and s.refresh_generation = ? and s.refresh_secret_hash = ?"
          + " and s.revoked_at is null";

  /**
   * PostgreSQL's advance checks the expiries in its one statement. Elsewhere the session's read
   * before the update checks them at the same time ({@code now}), and the update only that the
   * session is still unrevoked (a revocation also ends the idle expiry) and at the generation: a
   * range on the idle expiry in the update let MariaDB's single-table update read through that
   * index on a small table, where it deadlocked with a revocation moving the same row's entry.
   */
  private static final String EXPIRY_CONDITION = " and s.idle_expires_at > ? and s.expires_at > ?";

  static {
    for (int shape = 0; shape < 4; shape++) {
      String use =
          ((shape & 1) != 0 ? ", ip_coarse = ?" : "")
              + ((shape & 2) != 0 ? ", user_agent = ?" : "");
      String advance =
          "update gh_session s set refresh_generation = ?, refresh_secret_hash = ?,"
              + " refresh_advanced_at = ?, idle_expires_at = ";
      POSTGRESQL_ADVANCE[shape] =
          "with used as ("
              + advance
              + idleExpiry("s.idle_expires_at + ? * interval '1 microsecond'")
              + ", last_used_at = ?"
              + use
              + ADVANCE_CONDITION
              + EXPIRY_CONDITION
              + " returning s.*) "
              + JpaSessionStore.COLUMNS
              + ADVANCE_OWNER_COLUMNS
              + " from used s";
      ADVANCE[shape] = advance + "?, last_used_at = ?" + use + ADVANCE_CONDITION;
    }
    for (int shape = 0; shape < 4; shape++) {
      String client =
          ((shape & 1) != 0 ? ", s.ip_coarse = ?" : "")
              + ((shape & 2) != 0 ? ", s.user_agent = ?" : "");
      POSTGRESQL[shape] =
          "with rotated as (update gh_refresh_token t set rotated_at = ?, successor_hash = ?"
              + " where t.token_hash = ? and t.rotated_at is null and exists (select s.id from"
              + " gh_session s where s.id = t.session_id and s.revoked_at is null"
              + " and s.idle_expires_at > ? and s.expires_at > ?) returning t.session_id),"
              + " successor as (insert into gh_refresh_token (token_hash, session_id, created_at)"
              + " select ?, session_id, ? from rotated),"
              + " used as (update gh_session s set idle_expires_at = "
              + idleExpiry("s.idle_expires_at + ? * interval '1 microsecond'")
              + ", last_used_at = ?"
              // PostgreSQL names no table in an update's assignments.
              + client.replace("s.", "")
              + " from rotated r where s.id = r.session_id and s.revoked_at is null returning s.id) "
              + JpaSessionStore.COLUMNS
              + OWNER_COLUMNS
              + " from rotated r join gh_session s on s.id = r.session_id";
      MYSQL_ROTATE_AND_USE[shape] =
          "update gh_refresh_token t straight_join gh_session s on s.id = t.session_id"
              + " set t.rotated_at = ?, t.successor_hash = ?, s.idle_expires_at = "
              + idleExpiry("s.idle_expires_at + interval ? microsecond")
              + ", s.last_used_at = ?"
              + client
              + " where t.token_hash = ? and t.rotated_at is null and s.revoked_at is null"
              + " and s.idle_expires_at > ? and s.expires_at > ?";
    }
  }

  /**
   * Stores a new session and its first refresh token: one statement on PostgreSQL, two elsewhere.
   */
  static void createSession(LibrarySql sql, NewSession n, String refreshTokenHash) {
    Object[] session = sessionValues(n);
    if (sql.dialect() == SqlDialect.POSTGRESQL) {
      Object[] values = java.util.Arrays.copyOf(session, session.length + 2);
      values[session.length] = refreshTokenHash;
      values[session.length + 1] = n.createdAt();
      sql.update(POSTGRESQL_CREATE, values);
      return;
    }
    sql.update(INSERT_SESSION, session);
    insertToken(sql, refreshTokenHash, n.id(), n.createdAt());
  }

  /** A new session's values in {@link #INSERT_SESSION}'s order. */
  private static Object[] sessionValues(NewSession n) {
    return new Object[] {
      n.id(),
      n.userPublicId().toString(),
      n.client(),
      n.deviceId(),
      n.amr().isEmpty() ? null : String.join(" ", n.amr()),
      n.profileId(),
      n.coarseIp(),
      n.userAgent(),
      n.createdAt(),
      n.authTime(),
      n.createdAt(),
      n.expiresAt(),
      n.idleExpiresAt()
    };
  }

  /** A new session holding its first token's secret hash at generation 0. */
  private static final String INSERT_HOLDING_SESSION =
      INSERT_SESSION
          .replace(
              " idle_expires_at)", " idle_expires_at, refresh_generation, refresh_secret_hash)")
          .replace("?, ?)", "?, ?, 0, ?)");

  /** Stores a new session that holds its refresh token: one statement on every database. */
  static void createSessionHoldingToken(LibrarySql sql, NewSession n, String secretHash) {
    Object[] values = java.util.Arrays.copyOf(sessionValues(n), 14);
    values[13] = secretHash;
    // Deferred: a sign-in reads nothing of the new row; every read of sessions goes through sql,
    // which sends the row first.
    sql.defer(INSERT_HOLDING_SESSION, values);
  }

  /** Stores a new live refresh token of a session. */
  static void insertToken(LibrarySql sql, String tokenHash, String sessionId, Instant now) {
    sql.update(INSERT_TOKEN, tokenHash, sessionId, now);
  }

  /** PostgreSQL's rotation and use with the owner's read of one mapping, by shape. */
  private static final Map<OwnerJoin, String[]> POSTGRESQL_WITH_OWNER = new ConcurrentHashMap<>();

  /**
   * The rotation and use in this database's fewest statements, with the owner's read folded in when
   * {@code host} has it for this session ({@link HostStatements#ownerJoin}).
   */
  static Optional<RotatedSession> rotateAndRecordUse(
      LibrarySql sql, RefreshUse use, @Nullable HostStatements host) {
    OwnerJoin owner = host == null ? null : host.ownerJoin();
    return switch (sql.dialect()) {
      case POSTGRESQL -> postgresql(sql, use, host, owner);
      case MYSQL -> mysql(sql, use, host, owner);
      default -> separate(sql, use, host, owner);
    };
  }

  private static Optional<RotatedSession> postgresql(
      LibrarySql sql, RefreshUse use, @Nullable HostStatements host, @Nullable OwnerJoin owner) {
    List<Object> values =
        new ArrayList<>(
            List.of(
                use.now(),
                use.newHash(),
                use.presentedHash(),
                use.now(),
                use.now(),
                use.newHash(),
                use.now()));
    values.addAll(idleAndUse(use));
    String statement =
        owner == null
            ? POSTGRESQL[shape(use)]
            : POSTGRESQL_WITH_OWNER
                .computeIfAbsent(owner, SessionSql::postgresqlWithOwner)[shape(use)];
    return sql.first(
        statement,
        r ->
            new RotatedSession(
                JpaSessionStore.state(r),
                r.number(17) == 1L,
                owner == null ? null : host.owner(r.result(), 18)),
        values.toArray());
  }

  /**
   * PostgreSQL's statements by shape with the owner's columns and joins added to the outer select.
   */
  private static String[] postgresqlWithOwner(OwnerJoin owner) {
    String[] out = new String[4];
    for (int shape = 0; shape < 4; shape++) {
      out[shape] =
          POSTGRESQL[shape].replace(OWNER_COLUMNS, OWNER_COLUMNS + owner.columns()) + owner.joins();
    }
    return out;
  }

  /** PostgreSQL's advance and use with the owner's read of one mapping, by shape. */
  private static final Map<OwnerJoin, String[]> POSTGRESQL_ADVANCE_WITH_OWNER =
      new ConcurrentHashMap<>();

  /**
   * The advance of a session that holds its token, with its use, in this database's fewest
   * statements: one on PostgreSQL; elsewhere the session's read (with its owner where {@code host}
   * has it) and one conditional update.
   */
  static Optional<RotatedSession> advanceAndRecordUse(
      LibrarySql sql,
      String sessionId,
      int generation,
      RefreshUse use,
      @Nullable HostStatements host) {
    OwnerJoin owner = host == null ? null : host.ownerJoin();
    List<Object> condition = List.of(sessionId, generation, use.presentedHash());
    if (sql.dialect() == SqlDialect.POSTGRESQL) {
      List<Object> values = new ArrayList<>(List.of(generation + 1, use.newHash(), use.now()));
      values.addAll(idleAndUse(use));
      values.addAll(condition);
      values.add(use.now());
      values.add(use.now());
      String statement =
          owner == null
              ? POSTGRESQL_ADVANCE[shape(use)]
              : POSTGRESQL_ADVANCE_WITH_OWNER
                  .computeIfAbsent(owner, SessionSql::postgresqlAdvanceWithOwner)[shape(use)];
      return sql.first(
          statement,
          r ->
              new RotatedSession(
                  JpaSessionStore.state(r),
                  true,
                  owner == null ? null : host.owner(r.result(), 18)),
          values.toArray());
    }
    // The read that findHeldSession makes; the update's condition below is what decides.
    Optional<SessionStore.HeldSession> found = heldSession(sql, sessionId, host);
    if (found.isEmpty() || !found.get().session().liveAt(use.now())) {
      return Optional.empty();
    }
    SessionState session = found.get().session();
    List<Object> values =
        new ArrayList<>(
            List.of(
                generation + 1,
                use.newHash(),
                use.now(),
                use.idleExpiryAfterUse(session),
                use.now()));
    if (use.coarseIp() != null) {
      values.add(use.coarseIp());
    }
    if (use.userAgent() != null) {
      values.add(use.userAgent());
    }
    values.addAll(condition);
    if (sql.update(ADVANCE[shape(use)], values.toArray()) != 1) {
      return Optional.empty();
    }
    return Optional.of(new RotatedSession(session, true, found.get().owner()));
  }

  private static String[] postgresqlAdvanceWithOwner(OwnerJoin owner) {
    String[] out = new String[4];
    for (int shape = 0; shape < 4; shape++) {
      out[shape] =
          POSTGRESQL_ADVANCE[shape].replace(
                  ADVANCE_OWNER_COLUMNS, ADVANCE_OWNER_COLUMNS + owner.columns())
              + owner.joins();
    }
    return out;
  }

  /** The columns of a held token after a session's {@link JpaSessionStore#COLUMNS} (17 to 20). */
  private static final String HELD_COLUMNS =
      ", s.refresh_generation, s.refresh_secret_hash, s.refresh_advanced_at,"
          + " s.refresh_grace_generation";

  /**
   * See {@link dev.gatehouse.core.store.HeldTokenStore#findHeldSession}: the session, its held
   * token and, where the host's owner read folds into a statement, its owner, in one read.
   */
  static Optional<SessionStore.HeldSession> heldSession(
      LibrarySql sql, String sessionId, @Nullable HostStatements host) {
    OwnerJoin owner = host == null ? null : host.ownerJoin();
    return sql.first(
        JpaSessionStore.COLUMNS
            + HELD_COLUMNS
            + (owner == null ? "" : owner.columns())
            + " from gh_session s"
            + (owner == null ? "" : owner.joins())
            + " where s.id = ? and s.refresh_generation is not null",
        r -> {
          Long grace = r.number(20);
          return new SessionStore.HeldSession(
              JpaSessionStore.state(r),
              new SessionStore.HeldToken(
                  r.integer(17), r.text(18), r.instant(19), grace == null ? -1 : grace.intValue()),
              owner == null ? null : host.owner(r.result(), 21));
        },
        sessionId);
  }

  /** The session of an unrotated token, with its owner where {@code owner} is given. */
  private record Found(SessionState session, StoreTransaction.@Nullable SessionOwner owner) {}

  /**
   * The session of a token not yet rotated, as {@link JpaSessionStore#sessionOfLiveToken} reads it,
   * and its owner in the same read.
   */
  private static Optional<Found> sessionOfLiveToken(
      LibrarySql sql, String tokenHash, @Nullable HostStatements host, @Nullable OwnerJoin owner) {
    if (owner == null) {
      return JpaSessionStore.sessionOfLiveToken(sql, tokenHash).map(s -> new Found(s, null));
    }
    return sql.first(
        JpaSessionStore.COLUMNS
            + owner.columns()
            + " from gh_session s join gh_refresh_token t on t.session_id = s.id"
            + owner.joins()
            + " where t.token_hash = ? and t.rotated_at is null",
        r -> new Found(JpaSessionStore.state(r), host.owner(r.result(), 17)),
        tokenHash);
  }

  private static Optional<RotatedSession> mysql(
      LibrarySql sql, RefreshUse use, @Nullable HostStatements host, @Nullable OwnerJoin owner) {
    Optional<Found> found = sessionOfLiveToken(sql, use.presentedHash(), host, owner);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    List<Object> values = new ArrayList<>(List.of(use.now(), use.newHash()));
    values.addAll(idleAndUse(use));
    values.addAll(List.of(use.presentedHash(), use.now(), use.now()));
    // Matched rows: the token's and its session's, or none.
    if (sql.update(MYSQL_ROTATE_AND_USE[shape(use)], values.toArray()) == 0) {
      // Rotated by another refresh since the read, or its session ended: as the separate
      // statements answer it (the caller then reads the token to tell reuse from an ended session).
      return Optional.empty();
    }
    SessionState session = found.get().session();
    insertToken(sql, use.newHash(), session.id(), use.now());
    return Optional.of(new RotatedSession(session, true, found.get().owner()));
  }

  /** The store's separate statements, the owner read with the session. */
  private static Optional<RotatedSession> separate(
      LibrarySql sql, RefreshUse use, @Nullable HostStatements host, @Nullable OwnerJoin owner) {
    Optional<Found> found = sessionOfLiveToken(sql, use.presentedHash(), host, owner);
    if (found.isEmpty()
        || sql.update(
                JpaSessionStore.ROTATE,
                use.now(),
                use.newHash(),
                use.presentedHash(),
                use.now(),
                use.now())
            != 1) {
      return Optional.empty();
    }
    SessionState session = found.get().session();
    insertToken(sql, use.newHash(), session.id(), use.now());
    boolean used =
        JpaSessionStore.recordUse(
            sql,
            session.id(),
            use.now(),
            use.idleExpiryAfterUse(session),
            use.coarseIp(),
            use.userAgent());
    return Optional.of(new RotatedSession(session, used, found.get().owner()));
  }

  /** Which of the IP ({@code 1}) and the user agent ({@code 2}) a use records. */
  private static int shape(RefreshUse use) {
    return (use.coarseIp() != null ? 1 : 0) | (use.userAgent() != null ? 2 : 0);
  }

  /** The values of the idle expiry and the use's assignments, in the statements' order. */
  private static List<Object> idleAndUse(RefreshUse use) {
    List<Object> values = new ArrayList<>(7);
    values.addAll(
        List.of(
            use.idleCandidate(),
            use.idleCandidate(),
            use.idleStep().toNanos() / 1_000,
            use.idleCandidate(),
            use.now()));
    if (use.coarseIp() != null) {
      values.add(use.coarseIp());
    }
    if (use.userAgent() != null) {
      values.add(use.userAgent());
    }
    return values;
  }
}
