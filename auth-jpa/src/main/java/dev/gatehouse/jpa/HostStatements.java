package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.store.StoreTransaction.SessionOwner;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.HostMapping.Path;
import dev.gatehouse.jpa.HostMapping.Statement;
import dev.gatehouse.jpa.HostTable.Col;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

/**
 * The plain statements of {@link HostMapping} on the host's tables, run on the connection of one
 * transaction's entity manager through Hibernate's public {@code Session#doReturningWork} (so they
 * commit and roll back with the host's joined transaction or Gatehouse's own and get the query
 * timeout its queries get), values bound by their Java type through the {@link SqlDialect} after
 * the attribute's converter. As the JPQL form would: pending changes are flushed first when the
 * session holds entities and flushes automatically, and a session with a filter enabled takes the
 * JPQL form. Each method answers empty when the caller must run the JPQL form (or persist). The
 * library's {@code gh_user_sign_in} ({@link SignInTimes}) is written here too, beside the user rows
 * whose last login it repeats, whichever form wrote them. One instance per transaction; not
 * thread-safe.
 */
final class HostStatements {
  /** Rows per {@code executeBatch}: the drivers rewrite each into a few multi-row statements. */
  static final int BATCH = 1000;

  /** Users per default profiles' {@code insert ... select}: its public ids are bound. */
  static final int PROFILE_CHUNK = 1000;

  private final HostMapping mapping;
  private final Set<String> filters;
  private final EntityManager em;
  private final SqlDialect dialect;
  private int timeoutSeconds = -1;

  /**
   * @param filters the filters the factory defines ({@code SessionFactory#getDefinedFilterNames})
   */
  HostStatements(HostMapping mapping, Set<String> filters, EntityManager em, SqlDialect dialect) {
    this.mapping = mapping;
    this.filters = filters;
    this.em = em;
    this.dialect = dialect;
  }

  /** {@return the database's dialect} */
  SqlDialect dialect() {
    return dialect;
  }

  /** The plain form of {@code statement} for this session, or {@code null} for JPQL. */
  private @Nullable Path plain(Statement statement) {
    if (!plainIn(statement)) {
      return null;
    }
    Path p = mapping.path(statement);
    Session session = em.unwrap(Session.class);
    FlushMode mode = session.getHibernateFlushMode();
    if (mode == FlushMode.AUTO || mode == FlushMode.ALWAYS) {
      var stats = session.getStatistics();
      if (stats.getEntityCount() > 0 || stats.getCollectionCount() > 0) {
        // A JPQL statement on these tables flushes pending changes first; so does this one.
        em.flush();
      }
    }
    return p;
  }

  /** Whether {@code statement} takes its plain form in this session: no filter is enabled. */
  boolean plainIn(Statement statement) {
    if (!mapping.path(statement).plain()) {
      return false;
    }
    Session session = em.unwrap(Session.class);
    for (String f : filters) {
      if (session.getEnabledFilter(f) != null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sets the last login and modification time of a user, whatever its state, and its row of {@link
   * SignInTimes} with them.
   */
  Optional<Integer> recordLogin(UUID publicId, Instant now) {
    Path p = plain(Statement.LAST_LOGIN);
    if (p == null) {
      return Optional.empty();
    }
    return Optional.of(
        login(
            p.sql().get(0),
            List.of("lastLoginAt", "modifiedAt", "publicId"),
            publicId,
            now,
            now,
            now,
            publicId.toString()));
  }

  /**
   * The conditional update of a password login: a live, active user still with the hash; its row of
   * {@link SignInTimes} with it.
   */
  Optional<Integer> recordPasswordLogin(UUID publicId, String passwordHash, Instant now) {
    Path p = plain(Statement.PASSWORD_LOGIN);
    if (p == null) {
      return Optional.empty();
    }
    return Optional.of(
        login(
            p.sql().get(0),
            List.of("lastLoginAt", "modifiedAt", "publicId", "active", "passwordHash"),
            publicId,
            now,
            now,
            now,
            publicId.toString(),
            Boolean.TRUE,
            passwordHash));
  }

  /**
   * A login's update of the user ({@code values} of {@code attributes}, each through its column)
   * and its row of {@link SignInTimes}: on PostgreSQL the statement writes both ({@link
   * SignInTimes#withUpdate}, the row's values bound last), elsewhere the row follows an update that
   * changed the user.
   */
  private int login(
      String sql, List<String> attributes, UUID publicId, Instant now, Object... values) {
    HostTable t = mapping.user();
    boolean one = dialect == SqlDialect.POSTGRESQL;
    Object[] bound = new Object[values.length + (one ? 2 : 0)];
    for (int i = 0; i < values.length; i++) {
      bound[i] = t.columns().get(attributes.get(i)).toDb(values[i]);
    }
    if (one) {
      bound[values.length] = publicId.toString();
      bound[values.length + 1] = now;
    }
    return JpaConnections.onConnection(
        em,
        c -> {
          int rows;
          try (PreparedStatement s = dialect.prepare(c, sql, timeout(), bound)) {
            rows = s.executeUpdate();
          }
          if (rows == 1 && !one) {
            SignInTimes.write(c, dialect, timeout(), singleton(publicId, now));
          }
          return rows;
        });
  }

  /**
   * Sets the rows of {@link SignInTimes} to these users' last logins ({@code null}: none), after a
   * write of {@code last_login_at} by another path than the login statements above.
   */
  void signInTimes(Map<UUID, @Nullable Instant> times) {
    if (times.isEmpty()) {
      return;
    }
    JpaConnections.onConnection(
        em,
        c -> {
          SignInTimes.write(c, dialect, timeout(), times);
          return null;
        });
  }

  /**
   * Up to {@code limit} rows of {@link SignInTimes} with a time in {@code [from, to)} after the
   * cursor ({@code afterAt} and {@code afterId}, or none), in the order of its index.
   */
  List<Map.Entry<UUID, Instant>> signInRange(
      Instant from, Instant to, @Nullable Instant afterAt, @Nullable UUID afterId, int limit) {
    return JpaConnections.onConnection(
        em, c -> SignInTimes.range(c, dialect, timeout(), from, to, afterAt, afterId, limit));
  }

  /** One user's last login ({@code null}: none), as {@link #signInTimes} takes it. */
  static Map<UUID, @Nullable Instant> singleton(UUID publicId, @Nullable Instant at) {
    return Collections.singletonMap(publicId, at);
  }

  /**
   * The owner's flags and whether the profile exists and is theirs; empty when the caller reads by
   * JPQL, an empty owner when no user has the public id.
   */
  Optional<Optional<SessionOwner>> sessionOwner(UUID publicId, @Nullable Long profileId) {
    Path p = plain(Statement.SESSION_OWNER);
    if (p == null) {
      return Optional.empty();
    }
    HostTable u = mapping.user();
    HostTable pr = mapping.profile();
    boolean joined = profileId != null;
    Object id = u.columns().get("publicId").toDb(publicId.toString());
    Object[] values = joined ? new Object[] {profileId, id} : new Object[] {id};
    List<Col> read = new ArrayList<>();
    for (String a : List.of("active", "deletedAt", "staff", "superuser")) {
      read.add(u.columns().get(a));
    }
    Col key = pr.columns().get("id");
    Col role = pr.columns().get("role");
    return Optional.of(
        JpaConnections.onConnection(
            em,
            c -> {
              try (PreparedStatement s =
                      dialect.prepare(c, p.sql().get(joined ? 1 : 0), timeout(), values);
                  ResultSet row = s.executeQuery()) {
                if (!row.next()) {
                  return Optional.<SessionOwner>empty();
                }
                boolean found = joined && key.read(row, 5, dialect) != null;
                return Optional.of(
                    new SessionOwner(
                        Boolean.TRUE.equals(read.get(0).read(row, 1, dialect)),
                        read.get(1).read(row, 2, dialect) != null,
                        found,
                        Boolean.TRUE.equals(read.get(2).read(row, 3, dialect)),
                        Boolean.TRUE.equals(read.get(3).read(row, 4, dialect)),
                        found ? (String) role.read(row, 6, dialect) : null));
              }
            }));
  }

  /**
   * The owner's read to fold into a statement on a session ({@link HostMapping#ownerJoin}) when the
   * owner read is plain in this session (pending changes flushed first, as for that read), else
   * {@code null}: the caller leaves the owner to {@link #sessionOwner}.
   */
  @Nullable OwnerJoin ownerJoin() {
    OwnerJoin join = mapping.ownerJoin();
    return join == null || plain(Statement.SESSION_OWNER) == null ? null : join;
  }

  /**
   * The owner as {@link #sessionOwner} answers it, from the columns of {@link #ownerJoin} starting
   * at {@code from}; an owner no user has is one that may not sign in.
   */
  SessionOwner owner(ResultSet row, int from) throws SQLException {
    if (row.getObject(from + 6) == null) {
      return new SessionOwner(false, false, false);
    }
    HostTable u = mapping.user();
    HostTable pr = mapping.profile();
    boolean found = pr.columns().get("id").read(row, from + 4, dialect) != null;
    return new SessionOwner(
        Boolean.TRUE.equals(u.columns().get("active").read(row, from, dialect)),
        u.columns().get("deletedAt").read(row, from + 1, dialect) != null,
        found,
        Boolean.TRUE.equals(u.columns().get("staff").read(row, from + 2, dialect)),
        Boolean.TRUE.equals(u.columns().get("superuser").read(row, from + 3, dialect)),
        found ? (String) pr.columns().get("role").read(row, from + 5, dialect) : null);
  }

  /**
   * Writes new users as persist would (their entities' values, host-added attributes included) with
   * their default profiles (and the rows of {@link SignInTimes} of those with a last login). On
   * PostgreSQL, one statement per {@value #BATCH} users binds each column as one array and inserts
   * the profiles from the rows it returns; elsewhere the users go in JDBC batches, then their
   * default profiles with one {@code insert ... select} per {@value #PROFILE_CHUNK} users. Answers
   * {@code false}, having written nothing, when the mapping needs persist.
   */
  boolean insertUsers(
      EntityClasses entities, List<UserRecord> users, String defaultRole, Instant now) {
    Path p = plain(Statement.USER_INSERT);
    if (p == null) {
      return false;
    }
    em.flush();
    HostTable u = mapping.user();
    HostTable pr = mapping.profile();
    List<Col> columns = HostMapping.insertColumns(u);
    List<Object> rows = new ArrayList<>(users.size());
    for (UserRecord r : users) {
      rows.add(JpaUserStore.newEntity(entities, r));
    }
    List<Object> fixed = new ArrayList<>();
    for (String a : HostMapping.DEFAULT_PROFILE) {
      if (!a.equals("defaultMarker")) {
        Object v =
            switch (a) {
              case "role" -> defaultRole;
              case "createdAt", "modifiedAt" -> now;
              default -> Boolean.TRUE; // defaultProfile, active
            };
        fixed.add(pr.columns().get(a).toDb(v));
      }
    }
    JpaConnections.onConnection(
        em,
        c -> {
          if (dialect == SqlDialect.POSTGRESQL) {
            arrays(c, p.sql().get(0), columns, rows, fixed, u.name());
            return null;
          }
          try (PreparedStatement insert = c.prepareStatement(p.sql().get(0))) {
            int pending = 0;
            for (Object entity : rows) {
              int index = 1;
              for (Col col : columns) {
                bind(insert, index++, col.toDb(col.valueOf(entity)));
              }
              insert.addBatch();
              if (++pending == BATCH) {
                insert.executeBatch();
                pending = 0;
              }
            }
            if (pending > 0) {
              insert.executeBatch();
            }
          } catch (SQLException e) {
            throw withoutValues(e, u.name());
          }
          Col publicId = u.columns().get("publicId");
          for (int from = 0; from < users.size(); from += PROFILE_CHUNK) {
            List<UserRecord> chunk =
                users.subList(from, Math.min(users.size(), from + PROFILE_CHUNK));
            List<Object> values = new ArrayList<>(fixed);
            for (UserRecord r : chunk) {
              values.add(publicId.toDb(r.publicId().toString()));
            }
            String sql = p.sql().get(1) + "(" + LibrarySql.marks(chunk.size()) + ")";
            try (PreparedStatement s = dialect.prepare(c, sql, timeout(), values.toArray())) {
              s.executeUpdate();
            } catch (SQLException e) {
              throw withoutValues(e, pr.name());
            }
          }
          return null;
        });
    signInTimes(signedIn(users));
    return true;
  }

  /**
   * The last logins of those of {@code users} that have one, as {@link #signInTimes} takes them.
   */
  static Map<UUID, @Nullable Instant> signedIn(List<UserRecord> users) {
    Map<UUID, @Nullable Instant> out = new java.util.LinkedHashMap<>();
    for (UserRecord r : users) {
      if (r.lastLoginAt() != null) {
        out.put(r.publicId(), r.lastLoginAt());
      }
    }
    return out;
  }

  /**
   * The users and their default profiles by PostgreSQL's statement of arrays, {@value #BATCH} users
   * a statement: each column's values as one text array ({@link SqlDialect#bindTextArray}), which
   * the statement casts to the column's type, then the profile's fixed values.
   */
  private void arrays(
      java.sql.Connection c,
      String sql,
      List<Col> columns,
      List<Object> rows,
      List<Object> fixed,
      String table) {
    try (PreparedStatement s = dialect.prepare(c, sql, timeout())) {
      for (int from = 0; from < rows.size(); from += BATCH) {
        int n = Math.min(BATCH, rows.size() - from);
        for (int i = 0; i < columns.size(); i++) {
          Col col = columns.get(i);
          List<@Nullable Object> values = new ArrayList<>(n);
          for (int r = 0; r < n; r++) {
            values.add(col.toDb(col.valueOf(rows.get(from + r))));
          }
          dialect.bindTextArray(s, i + 1, values);
        }
        int index = columns.size() + 1;
        for (Object v : fixed) {
          bind(s, index++, v);
        }
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw withoutValues(e, table);
    }
  }

  /**
   * The failure of a batch as an exception that carries no row values. The drivers' messages of a
   * failed batch hold the statement with its values (with rewriting, those of up to a hundred rows:
   * password hashes, emails, phones), and Hibernate's translation would log that message: only the
   * SQL state, the vendor code and the violated constraint's name are kept here, and nothing is
   * logged.
   */
  private RuntimeException withoutValues(SQLException e, String table) {
    SQLException cause = e;
    for (SQLException next = e; next != null; next = next.getNextException()) {
      if (next.getSQLState() != null) {
        cause = next;
        break;
      }
    }
    String state = cause.getSQLState();
    String message = "a batch insert into " + table + " failed (SQL state " + state + ")";
    SQLException plain = new SQLException(message, state, cause.getErrorCode());
    if (state != null && state.startsWith("23")) {
      return new org.hibernate.exception.ConstraintViolationException(
          message, plain, "insert into " + table, dialect.violatedConstraint(e));
    }
    return new org.hibernate.JDBCException(message, plain, "insert into " + table);
  }

  private void bind(PreparedStatement s, int index, @Nullable Object value) throws SQLException {
    if (value instanceof Instant t) {
      dialect.bindInstant(s, index, t);
    } else {
      s.setObject(index, value);
    }
  }

  /** The entity manager's query timeout in seconds ({@link JpaConnections#queryTimeoutSeconds}). */
  private int timeout() {
    if (timeoutSeconds < 0) {
      timeoutSeconds = JpaConnections.queryTimeoutSeconds(em);
    }
    return timeoutSeconds;
  }
}
