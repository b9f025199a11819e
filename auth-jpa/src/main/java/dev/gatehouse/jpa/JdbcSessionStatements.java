package dev.gatehouse.jpa;

import dev.gatehouse.core.store.SessionStore.NewSession;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.jpa.internal.RefreshTokenRow;
import dev.gatehouse.jpa.internal.SessionRow;
import jakarta.persistence.EntityManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.action.internal.BulkOperationCleanupAction;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.persister.entity.EntityPersister;

/**
 * The statements of every login and refresh on the library's own session and token tables (the new
 * session and its first token; the session read through its token, the rotation, the successor
 * token, the session touch) as plain statements through {@link SessionJdbc}. Each value is bound
 * and read through Hibernate's mapping of the entity column it stands for, so instants round-trip
 * exactly as Hibernate writes and reads them for {@link SessionRow} and {@link RefreshTokenRow}
 * (other code reads these rows through JPA).
 *
 * <p>Why: as native queries these cost a rotation more JVM CPU than the database spent on them
 * (Hibernate parsed the SQL and built parameter bindings on every execution, and hydrated a {@code
 * SessionRow} entity only to copy it into a {@link SessionState}; issue 19 item 4).
 *
 * <p>What the native queries got from naming their entities ({@code addSynchronizedEntityClass}) is
 * kept: before each statement pending changes of those two entities are flushed exactly as
 * Hibernate's auto-flush would for a native query on their tables (nothing when the persistence
 * context is empty, as in the library's own refresh, or the flush mode is {@code COMMIT}); a write
 * schedules the same cache clean-up for the two tables when the factory has any cache. Nothing in
 * the library keeps these entities managed (they are detached after every write), but a host's
 * joined transaction could hold one, and a stale read or a lost update there would be worse than
 * the cost of the check. The inserts of a login and of a replaced token write every pending change
 * first (the {@code persist} and {@code flush} they replace wrote pending inserts before them and
 * pending updates and deletes after them; now all come first). One instance per store; thread-safe.
 *
 * <p>Unlike the plain statements on a host's entities ({@link JdbcLoginUpdates}, {@link
 * JdbcSessionOwners}), these stay plain when the factory has an interceptor or statement inspector
 * of the host's: they touch only the library's own {@code gh_session} and {@code gh_refresh_token}
 * tables, and before this class they were native SQL written by the library anyway, which an
 * inspector saw exactly as written, as it sees these (the session's pipeline passes them to it).
 */
final class JdbcSessionStatements {
  private static final String SESSION_COLUMNS =
      "s.id, s.user_public_id, s.client, s.device_id, s.amr, s.profile_id, s.ip_coarse,"
          + " s.user_agent, s.created_at, s.last_used_at, s.expires_at, s.idle_expires_at,"
          + " s.revoked_at, s.revoke_reason";

  /** The {@link SessionRow} attributes of {@link #SESSION_COLUMNS}, in order. */
  private static final String[] SESSION_ATTRIBUTES = {
    "id",
    "userPublicId",
    "client",
    "deviceId",
    "amr",
    "profileId",
    "coarseIp",
    "userAgent",
    "createdAt",
    "lastUsedAt",
    "expiresAt",
    "idleExpiresAt",
    "revokedAt",
    "revokeReason"
  };

  private static final String SESSION_BY_TOKEN =
      "select "
          + SESSION_COLUMNS
          + " from gh_session s join gh_refresh_token t on t.session_id = s.id"
          + " where t.token_hash = ? and t.rotated_at is null";

  /**
   * The one atomic check-and-act: a second, concurrent caller blocks on the row lock and then finds
   * rotated_at set, so it changes nothing; a session revoked or expired since its read fails the
   * exists.
   */
  private static final String ROTATE =
      "update gh_refresh_token set rotated_at = ?, successor_hash = ?"
          + " where token_hash = ? and rotated_at is null and exists (select s.id"
          + " from gh_session s where s.id = gh_refresh_token.session_id"
          + " and s.revoked_at is null and s.idle_expires_at > ? and s.expires_at > ?)";

  /**
   * A new session: every column, the unset ones as null, as Hibernate inserts a {@link SessionRow}.
   */
  private static final String INSERT_SESSION =
      "insert into gh_session (id, user_public_id, client, device_id, amr, profile_id, ip_coarse,"
          + " user_agent, created_at, last_used_at, expires_at, idle_expires_at, revoked_at,"
          + " revoke_reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_TOKEN =
      "insert into gh_refresh_token (token_hash, session_id, created_at) values (?, ?, ?)";

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

  /** How each value is bound and read, from one factory's mapping. */
  private record Plan(
      SessionFactoryImplementor factory,
      JdbcMapping[] session,
      JdbcMapping tokenHash,
      JdbcMapping sessionId,
      JdbcMapping time,
      JdbcMapping text,
      Set<String> spaces,
      boolean caches) {}

  private volatile Plan plan;

  /** See {@link dev.gatehouse.core.store.SessionStore#rotateRefreshToken}. */
  Optional<SessionState> rotate(
      EntityManager em, String presentedHash, String newHash, Instant now) {
    SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
    Plan p = plan(session.getFactory());
    // The session through its token in one read names the session (no read of the token
    // afterwards) and answers its state (no read of the session afterwards); a token that is
    // unknown or already rotated ends here, without the update.
    SessionJdbc.autoFlush(session, p.spaces());
    Optional<SessionState> found =
        SessionJdbc.first(
            session,
            SESSION_BY_TOKEN,
            new Object[] {presentedHash},
            new JdbcMapping[] {p.tokenHash()},
            row -> state(session, p, row));
    if (found.isEmpty()) {
      return found;
    }
    int changed =
        write(
            session,
            p,
            ROTATE,
            new Object[] {now, newHash, presentedHash, now, now},
            new JdbcMapping[] {p.time(), p.tokenHash(), p.tokenHash(), p.time(), p.time()});
    if (changed != 1) {
      return Optional.empty();
    }
    insertToken(session, p, newHash, found.get().id(), now);
    return found;
  }

  /**
   * See {@link dev.gatehouse.core.store.SessionStore#createSession}: the session, then its first
   * token (which references it).
   */
  void createSession(EntityManager em, NewSession n, String refreshTokenHash) {
    SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
    Plan p = plan(session.getFactory());
    flushPending(em, session);
    write(
        session,
        p,
        INSERT_SESSION,
        new Object[] {
          n.id(),
          n.userPublicId().toString(),
          n.client(),
          n.deviceId(),
          n.amr().isEmpty() ? null : String.join(" ", n.amr()),
          n.profileId(),
          n.coarseIp(),
          n.userAgent(),
          n.createdAt(),
          n.createdAt(),
          n.expiresAt(),
          n.idleExpiresAt(),
          null,
          null
        },
        p.session());
    insertToken(session, p, refreshTokenHash, n.id(), n.createdAt());
  }

  /** A new, unrotated token of an existing session. */
  void insertToken(EntityManager em, String tokenHash, String sessionId, Instant now) {
    SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
    flushPending(em, session);
    insertToken(session, plan(session.getFactory()), tokenHash, sessionId, now);
  }

  private static void insertToken(
      SharedSessionContractImplementor session,
      Plan p,
      String tokenHash,
      String sessionId,
      Instant now) {
    write(
        session,
        p,
        INSERT_TOKEN,
        new Object[] {tokenHash, sessionId, now},
        new JdbcMapping[] {p.tokenHash(), p.sessionId(), p.time()});
  }

  /**
   * What the {@code persist} and {@code flush} these inserts replace did besides the insert: every
   * pending change in the transaction (a host's managed entity, whatever the flush mode) is written
   * before the insert. Hibernate's flush wrote pending inserts before the session row and pending
   * updates and deletes after it; here all of them come first, which no constraint of these tables
   * depends on. Only an empty persistence context, as in the library's own login, skips it: its
   * flush writes nothing.
   */
  private static void flushPending(EntityManager em, SharedSessionContractImplementor session) {
    PersistenceContext context = session.getPersistenceContextInternal();
    if (context.getNumberOfManagedEntities() > 0
        || context.getCollectionEntriesSize() > 0
        || (session instanceof SessionImplementor full
            && full.getActionQueue().hasAnyQueuedActions())) {
      em.flush();
    }
  }

  /** See {@link dev.gatehouse.core.store.SessionStore#recordUse}. */
  void recordUse(
      EntityManager em,
      String sessionId,
      Instant now,
      Instant idleExpiresAt,
      String coarseIp,
      String userAgent) {
    SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
    Plan p = plan(session.getFactory());
    int shape = (coarseIp != null ? 1 : 0) | (userAgent != null ? 2 : 0);
    Object[] values = new Object[3 + Integer.bitCount(shape)];
    JdbcMapping[] types = new JdbcMapping[values.length];
    int i = 0;
    types[i] = p.time();
    values[i++] = now;
    types[i] = p.time();
    values[i++] = idleExpiresAt;
    if (coarseIp != null) {
      types[i] = p.text();
      values[i++] = coarseIp;
    }
    if (userAgent != null) {
      types[i] = p.text();
      values[i++] = userAgent;
    }
    types[i] = p.sessionId();
    values[i] = sessionId;
    write(session, p, RECORD_USE[shape], values, types);
  }

  private static int write(
      SharedSessionContractImplementor session,
      Plan p,
      String sql,
      Object[] values,
      JdbcMapping[] types) {
    SessionJdbc.autoFlush(session, p.spaces());
    int changed = SessionJdbc.update(session, sql, values, types);
    if (p.caches()) {
      // What a native update naming these entities schedules: their cache regions and the query
      // cache's timestamps of their tables are invalidated at the transaction's end.
      BulkOperationCleanupAction.schedule(session, p.spaces());
    }
    return changed;
  }

  private static SessionState state(SharedSessionContractImplementor session, Plan p, ResultSet row)
      throws SQLException {
    Object[] v = new Object[SESSION_ATTRIBUTES.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = SessionJdbc.read(session, row, i + 1, p.session()[i]);
    }
    String amr = (String) v[4];
    return new SessionState(
        (String) v[0],
        UUID.fromString((String) v[1]),
        (String) v[2],
        (Long) v[3],
        amr == null || amr.isBlank() ? List.of() : Arrays.asList(amr.split(" ")),
        (Long) v[5],
        (String) v[6],
        (String) v[7],
        (Instant) v[8],
        (Instant) v[9],
        (Instant) v[10],
        (Instant) v[11],
        (Instant) v[12],
        (String) v[13]);
  }

  private Plan plan(SessionFactoryImplementor factory) {
    Plan p = plan;
    if (p == null || p.factory() != factory) {
      p = build(factory);
      plan = p;
    }
    return p;
  }

  private static Plan build(SessionFactoryImplementor factory) {
    EntityPersister sessions = factory.getMappingMetamodel().getEntityDescriptor(SessionRow.class);
    EntityPersister tokens =
        factory.getMappingMetamodel().getEntityDescriptor(RefreshTokenRow.class);
    JdbcMapping[] columns = new JdbcMapping[SESSION_ATTRIBUTES.length];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = jdbc(sessions, SESSION_ATTRIBUTES[i]);
    }
    Set<String> spaces = new LinkedHashSet<>();
    sessions.visitQuerySpaces(spaces::add);
    tokens.visitQuerySpaces(spaces::add);
    var options = factory.getSessionFactoryOptions();
    return new Plan(
        factory,
        columns,
        jdbc(tokens, "tokenHash"),
        jdbc(tokens, "sessionId"),
        // Every instant column maps alike, every text column too.
        jdbc(sessions, "lastUsedAt"),
        jdbc(sessions, "coarseIp"),
        Set.copyOf(spaces),
        options.isQueryCacheEnabled() || options.isSecondLevelCacheEnabled());
  }

  private static JdbcMapping jdbc(EntityPersister persister, String attribute) {
    // The identifier is no attribute mapping.
    if (persister.getIdentifierMapping() instanceof BasicValuedModelPart id
        && attribute.equals(persister.getIdentifierPropertyName())) {
      return id.getJdbcMapping();
    }
    if (persister.findAttributeMapping(attribute) instanceof BasicValuedModelPart basic) {
      return basic.getJdbcMapping();
    }
    throw new IllegalStateException(persister.getEntityName() + "." + attribute + " is not basic");
  }
}
