package dev.gatehouse.jpa;

import dev.gatehouse.core.store.CounterStore.CounterState;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/**
 * The rate-limit counters as plain SQL on the library's own fixed table {@code gh_counter}, one
 * atomic statement per increment where the database has one, on the transaction's own connection.
 *
 * <p>Why not JPQL: Hibernate translates a JPQL update afresh on every execution, and creating a
 * missing row in a transaction of its own cost a second entity manager, connection and commit; in a
 * password login those were a third of the Java work around the hash (issue 19, item 5).
 *
 * <p>An increment creates a missing row in the same statement (PostgreSQL {@code ON CONFLICT},
 * MariaDB/MySQL {@code ON DUPLICATE KEY UPDATE}, H2 {@code MERGE}) or, elsewhere, with an update
 * first and an insert behind a savepoint when the update found nothing, so a concurrent creator's
 * duplicate-key error rolls back to the savepoint only. Either way the row stays locked by the
 * transaction until it ends, so concurrent increments of one key queue and each counts on top of
 * the previous one.
 *
 * <p>Stateless apart from the dialect; thread-safe.
 */
final class NativeCounters {
  // The statement family per dialect: PostgreSQL's INSERT ... ON CONFLICT DO UPDATE ... RETURNING
  // (one statement); MariaDB/MySQL's INSERT ... ON DUPLICATE KEY UPDATE and a locking read (on
  // InnoDB a zero-row update takes a gap lock, and two callers that both then insert the same key
  // deadlock; this statement takes the row's exclusive lock at once, so concurrent first hits queue
  // instead); H2's MERGE ... USING read back through FINAL TABLE (two first hits of one key may
  // both
  // insert; the loser's duplicate-key error undoes that statement only, and its next round updates
  // the winner's row); elsewhere an update, an insert behind a savepoint, and a read.

  private static final String INCREMENT_ASSIGNMENTS =
      // hits is assigned before window_start on purpose: MariaDB evaluates SET clauses left to
      // right, so the hits expression must still see the old window_start.
      " hits = case when %1$swindow_start <= ? then 1 else %1$shits + 1 end,"
          + " window_start = case when %1$swindow_start <= ? then ? else %1$swindow_start end,"
          + " updated_at = ?";

  private static final String UPDATE =
      "update gh_counter set" + INCREMENT_ASSIGNMENTS.formatted("") + " where counter_key = ?";

  private static final String INSERT =
      "insert into gh_counter (counter_key, hits, window_start, updated_at) values (?, 1, ?, ?)";

  private static final String POSTGRESQL_UPSERT =
      "insert into gh_counter as c (counter_key, hits, window_start, updated_at)"
          + " values (?, 1, ?, ?) on conflict (counter_key) do update set"
          + INCREMENT_ASSIGNMENTS.formatted("c.")
          + " returning hits, window_start, locked_until";

  private static final String INNODB_UPSERT =
      INSERT + " on duplicate key update" + INCREMENT_ASSIGNMENTS.formatted("");

  private static final String READ =
      "select hits, window_start, locked_until from gh_counter where counter_key = ?";

  private static final String INSERT_EMPTY =
      "insert into gh_counter (counter_key, hits, window_start, updated_at) values (?, 0, ?, ?)";

  private static final String POSTGRESQL_INSERT_EMPTY =
      INSERT_EMPTY + " on conflict (counter_key) do nothing";

  // A no-op update rather than INSERT IGNORE, which would turn other errors into warnings too.
  private static final String INNODB_INSERT_EMPTY =
      INSERT_EMPTY + " on duplicate key update counter_key = counter_key";

  private static final String H2_MERGE = h2Merge("hits, window_start, locked_until", 1);

  /**
   * A merge of {@code rows} keys through {@code FINAL TABLE}, answering {@code columns} of the
   * merged rows.
   */
  private static String h2Merge(String columns, int rows) {
    String source =
        "(cast(? as varchar(191)), cast(? as timestamp(6) with time zone),"
            + " cast(? as timestamp(6) with time zone))";
    return "select "
        + columns
        + " from final table (merge into gh_counter c using"
        + " (values "
        + String.join(", ", Collections.nCopies(rows, source))
        + ") v(k, cutoff, now) on c.counter_key = v.k"
        + " when matched then update set"
        + " hits = case when c.window_start <= v.cutoff then 1 else c.hits + 1 end,"
        + " window_start = case when c.window_start <= v.cutoff then v.now else c.window_start"
        + " end, updated_at = v.now"
        + " when not matched then insert (counter_key, hits, window_start, updated_at)"
        + " values (v.k, 1, v.now, v.now))";
  }

  private final SqlDialect kind;

  NativeCounters(SqlDialect kind) {
    this.kind = kind;
  }

  /** The dialect these statements are written for. */
  SqlDialect dialect() {
    return kind;
  }

  /** See {@link JpaAuthStore#readsBeforeCounting}: only on the databases known to allow it. */
  boolean readsBeforeCounting() {
    return kind == SqlDialect.H2 || kind == SqlDialect.POSTGRESQL;
  }

  /** See {@link dev.gatehouse.core.store.StoreTransaction#incrementCounter}. */
  CounterState increment(EntityManager em, String key, Instant now, Duration window) {
    Instant cutoff = now.minus(window);
    return em.unwrap(Session.class)
        .doReturningWork(
            connection ->
                switch (kind) {
                  case POSTGRESQL -> postgresql(connection, key, now, cutoff);
                  case MYSQL -> innoDb(connection, key, now, cutoff);
                  case H2 -> h2(connection, key, now, cutoff);
                  case PORTABLE -> updateOrInsert(connection, key, now, cutoff);
                });
  }

  /**
   * See {@link dev.gatehouse.core.store.StoreTransaction#incrementCounters}: one statement for all
   * keys (on InnoDB one upsert and one locking read), rows taken in the order of {@code keys}
   * (PostgreSQL and InnoDB insert or update the rows of a multi-row {@code VALUES} in its order, H2
   * merges its source rows in order); elsewhere the single increments.
   */
  List<CounterState> incrementAll(
      EntityManager em, List<String> keys, Instant now, Duration window) {
    if (keys.size() < 2 || kind == SqlDialect.PORTABLE) {
      List<CounterState> states = new ArrayList<>(keys.size());
      for (String key : keys) {
        states.add(increment(em, key, now, window));
      }
      return states;
    }
    Instant cutoff = now.minus(window);
    return em.unwrap(Session.class)
        .doReturningWork(
            connection ->
                switch (kind) {
                  case POSTGRESQL -> postgresqlAll(connection, keys, now, cutoff);
                  case MYSQL -> innoDbAll(connection, keys, now, cutoff);
                  default -> h2All(connection, keys, now, cutoff);
                });
  }

  private static String tuples(int n, String tuple) {
    return String.join(", ", Collections.nCopies(n, tuple));
  }

  private List<CounterState> postgresqlAll(
      Connection connection, List<String> keys, Instant now, Instant cutoff) throws SQLException {
    String sql =
        "insert into gh_counter as c (counter_key, hits, window_start, updated_at) values "
            + tuples(keys.size(), "(?, 1, ?, ?)")
            + " on conflict (counter_key) do update set"
            + INCREMENT_ASSIGNMENTS.formatted("c.")
            + " returning counter_key, hits, window_start, locked_until";
    try (PreparedStatement upsert = connection.prepareStatement(sql)) {
      bindAssignments(upsert, bindInserts(upsert, keys, now), now, cutoff);
      return keyed(upsert, keys);
    }
  }

  private List<CounterState> innoDbAll(
      Connection connection, List<String> keys, Instant now, Instant cutoff) throws SQLException {
    String sql =
        "insert into gh_counter (counter_key, hits, window_start, updated_at) values "
            + tuples(keys.size(), "(?, 1, ?, ?)")
            + " on duplicate key update"
            + INCREMENT_ASSIGNMENTS.formatted("");
    try (PreparedStatement upsert = connection.prepareStatement(sql)) {
      bindAssignments(upsert, bindInserts(upsert, keys, now), now, cutoff);
      upsert.executeUpdate();
    }
    // A locking read of the rows this transaction holds already: their latest versions.
    String read =
        "select counter_key, hits, window_start, locked_until from gh_counter where counter_key in ("
            + tuples(keys.size(), "?")
            + ") for update";
    try (PreparedStatement query = connection.prepareStatement(read)) {
      for (int i = 0; i < keys.size(); i++) {
        query.setString(i + 1, keys.get(i));
      }
      return keyed(query, keys);
    }
  }

  private List<CounterState> h2All(
      Connection connection, List<String> keys, Instant now, Instant cutoff) throws SQLException {
    String sql = h2Merge("counter_key, hits, window_start, locked_until", keys.size());
    for (int round = 0; ; round++) {
      try (PreparedStatement merge = connection.prepareStatement(sql)) {
        int i = 1;
        for (String key : keys) {
          merge.setString(i, key);
          setInstant(merge, i + 1, cutoff);
          setInstant(merge, i + 2, now);
          i += 3;
        }
        return keyed(merge, keys);
      } catch (SQLException e) {
        // Class 23: a concurrent first hit inserted a row; the next round updates it.
        if (round == 2 || e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
          throw e;
        }
      }
    }
  }

  /** The rows {@code query} answers ({@code counter_key} first), in the order of {@code keys}. */
  private List<CounterState> keyed(PreparedStatement query, List<String> keys) throws SQLException {
    Map<String, CounterState> byKey = new HashMap<>();
    try (ResultSet r = query.executeQuery()) {
      while (r.next()) {
        String key = r.getString(1);
        byKey.put(key, new CounterState(key, r.getLong(2), instant(r, 3), instant(r, 4)));
      }
    }
    List<CounterState> states = new ArrayList<>(keys.size());
    for (String key : keys) {
      CounterState state = byKey.get(key);
      if (state == null) {
        throw new IllegalStateException("the counter statement answered no row for a key");
      }
      states.add(state);
    }
    return states;
  }

  private CounterState postgresql(Connection connection, String key, Instant now, Instant cutoff)
      throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(POSTGRESQL_UPSERT)) {
      bindInsert(upsert, 1, key, now);
      bindAssignments(upsert, 4, now, cutoff);
      return single(upsert, key);
    }
  }

  private CounterState innoDb(Connection connection, String key, Instant now, Instant cutoff)
      throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(INNODB_UPSERT)) {
      bindInsert(upsert, 1, key, now);
      bindAssignments(upsert, 4, now, cutoff);
      upsert.executeUpdate();
    }
    // A locking read: the row is this transaction's already, and the read must be of its latest
    // version, not of the transaction's snapshot.
    try (PreparedStatement read = connection.prepareStatement(READ + " for update")) {
      read.setString(1, key);
      return single(read, key);
    }
  }

  private CounterState h2(Connection connection, String key, Instant now, Instant cutoff)
      throws SQLException {
    for (int round = 0; ; round++) {
      try (PreparedStatement merge = connection.prepareStatement(H2_MERGE)) {
        merge.setString(1, key);
        setInstant(merge, 2, cutoff);
        setInstant(merge, 3, now);
        return single(merge, key);
      } catch (SQLException e) {
        // Class 23: a concurrent first hit inserted the row; the next round updates it.
        if (round == 2 || e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
          throw e;
        }
      }
    }
  }

  private CounterState updateOrInsert(
      Connection connection, String key, Instant now, Instant cutoff) throws SQLException {
    // Three rounds: a row deleted by a concurrent reset after our insert met its creator's row is
    // created once more; anything beyond that is not a race this code knows.
    for (int round = 0; round < 3; round++) {
      CounterState updated = update(connection, key, now, cutoff);
      if (updated != null) {
        return updated;
      }
      Savepoint savepoint = connection.setSavepoint();
      CounterState inserted;
      try {
        inserted = insert(connection, key, now);
      } catch (SQLException e) {
        connection.rollback(savepoint);
        // Class 23 is an integrity violation: another transaction created the row first, and the
        // next round's update counts on top of it. Anything else is a real failure.
        if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
          throw e;
        }
        continue;
      }
      try {
        connection.releaseSavepoint(savepoint);
      } catch (SQLException notSupported) {
        // Some drivers (SQL Server's) cannot release a savepoint: it ends with the transaction.
      }
      return inserted;
    }
    throw new IllegalStateException("the counter row kept disappearing while being incremented");
  }

  /** The incremented state, or {@code null} when the row does not exist. */
  private CounterState update(Connection connection, String key, Instant now, Instant cutoff)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
      bindAssignments(update, 1, now, cutoff);
      update.setString(5, key);
      if (update.executeUpdate() == 0) {
        return null;
      }
    }
    return read(connection, key);
  }

  private CounterState insert(Connection connection, String key, Instant now) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      bindInsert(insert, 1, key, now);
      insert.executeUpdate();
    }
    return read(connection, key);
  }

  private CounterState read(Connection connection, String key) throws SQLException {
    try (PreparedStatement read = connection.prepareStatement(READ)) {
      read.setString(1, key);
      return single(read, key);
    }
  }

  /** See {@link dev.gatehouse.core.store.StoreTransaction#prepareCounters}. */
  void prepare(EntityManager em, Collection<String> keys, Instant now) {
    em.unwrap(Session.class)
        .doWork(
            connection -> {
              for (String key : keys) {
                switch (kind) {
                  case POSTGRESQL -> insertEmpty(connection, POSTGRESQL_INSERT_EMPTY, key, now);
                  case MYSQL -> insertEmpty(connection, INNODB_INSERT_EMPTY, key, now);
                  case H2, PORTABLE -> insertEmptyUnlessPresent(connection, key, now);
                }
              }
            });
  }

  private void insertEmpty(Connection connection, String sql, String key, Instant now)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      bindInsert(insert, 1, key, now);
      insert.executeUpdate();
    }
  }

  private void insertEmptyUnlessPresent(Connection connection, String key, Instant now)
      throws SQLException {
    try (PreparedStatement read = connection.prepareStatement(READ)) {
      read.setString(1, key);
      try (ResultSet r = read.executeQuery()) {
        if (r.next()) {
          return;
        }
      }
    }
    Savepoint savepoint = connection.setSavepoint();
    try {
      insertEmpty(connection, INSERT_EMPTY, key, now);
    } catch (SQLException e) {
      connection.rollback(savepoint);
      // Class 23: a concurrent caller created it, which is all this asked for.
      if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
        throw e;
      }
      return;
    }
    try {
      connection.releaseSavepoint(savepoint);
    } catch (SQLException notSupported) {
      // Some drivers (SQL Server's) cannot release a savepoint: it ends with the transaction.
    }
  }

  /** See {@link dev.gatehouse.core.store.StoreTransaction#counter}. */
  java.util.Optional<CounterState> find(EntityManager em, String key) {
    return em.unwrap(Session.class)
        .doReturningWork(
            connection -> {
              try (PreparedStatement read = connection.prepareStatement(READ)) {
                read.setString(1, key);
                try (ResultSet r = read.executeQuery()) {
                  return r.next()
                      ? java.util.Optional.of(
                          new CounterState(key, r.getLong(1), instant(r, 2), instant(r, 3)))
                      : java.util.Optional.<CounterState>empty();
                }
              }
            });
  }

  /** See {@link dev.gatehouse.core.store.StoreTransaction#resetCounter}. */
  void reset(EntityManager em, String key) {
    // Only delete a row that exists: a DELETE that matches nothing takes a gap lock on InnoDB.
    if (find(em, key).isPresent()) {
      execute(em, "delete from gh_counter where counter_key = ?", key, null);
    }
  }

  /** See {@link dev.gatehouse.core.store.StoreTransaction#lockCounter}. */
  void lock(EntityManager em, String key, Instant until) {
    execute(em, "update gh_counter set locked_until = ? where counter_key = ?", key, until);
  }

  /** See {@link dev.gatehouse.core.store.StoreTransaction#decrementCounter}. */
  void decrement(EntityManager em, String key) {
    execute(
        em, "update gh_counter set hits = hits - 1 where counter_key = ? and hits > 0", key, null);
  }

  /** See {@link dev.gatehouse.core.store.StoreTransaction#clearCounter}. */
  void clear(EntityManager em, String key) {
    execute(
        em, "update gh_counter set hits = 0, locked_until = null where counter_key = ?", key, null);
  }

  /**
   * The reservation settled for one key: the key equal to the first two parameters is cleared
   * (zeroed and unlocked), any other given back one attempt.
   */
  private static final String SETTLE =
      "update gh_counter set"
          + " hits = case when counter_key = ? then 0 when hits > 0 then hits - 1 else hits end,"
          + " locked_until = case when counter_key = ? then null else locked_until end"
          + " where counter_key = ?";

  /**
   * See {@link dev.gatehouse.core.store.StoreTransaction#decrementAndClearCounters}: one single-row
   * update per key, in key order (so two settles of the same pair cannot lock it in opposite
   * orders), each row found by its primary key, {@linkplain LibrarySql#defer deferred}: nothing in
   * a sign-in reads the counters after it settles them, so the updates go with the transaction's
   * other deferred writes (one round trip on PostgreSQL, one JDBC batch elsewhere). A statement
   * over both keys was costlier on PostgreSQL (its sorted locking read locked each row twice) and
   * needed a form per database to keep the order.
   */
  void decrementAndClear(LibrarySql sql, String decrementKey, String clearKey) {
    java.util.TreeSet<String> keys = new java.util.TreeSet<>();
    if (decrementKey != null) {
      keys.add(decrementKey);
    }
    if (clearKey != null) {
      keys.add(clearKey);
    }
    // A key that is both is cleared: the clear wins, as it did in the statement over both keys.
    String cleared = clearKey == null ? "" : clearKey;
    for (String key : keys) {
      sql.defer(SETTLE, cleared, cleared, key);
    }
  }

  /** One update whose parameters are {@code time} (when given) and then the key. */
  private void execute(EntityManager em, String sql, String key, Instant time) {
    em.unwrap(Session.class)
        .doWork(
            connection -> {
              try (PreparedStatement update = connection.prepareStatement(sql)) {
                int i = 1;
                if (time != null) {
                  setInstant(update, i++, time);
                }
                update.setString(i, key);
                update.executeUpdate();
              }
            });
  }

  /**
   * Binds one {@code (key, window start, updated at)} tuple per key from the first parameter on.
   *
   * @return the index of the first parameter after the tuples
   */
  private int bindInserts(PreparedStatement s, List<String> keys, Instant now) throws SQLException {
    int i = 1;
    for (String key : keys) {
      bindInsert(s, i, key, now);
      i += 3;
    }
    return i;
  }

  /** {@code (counter_key, window_start, updated_at)} of a new row with one hit. */
  private void bindInsert(PreparedStatement s, int from, String key, Instant now)
      throws SQLException {
    s.setString(from, key);
    setInstant(s, from + 1, now);
    setInstant(s, from + 2, now);
  }

  /** The four parameters of {@link #INCREMENT_ASSIGNMENTS}. */
  private void bindAssignments(PreparedStatement s, int from, Instant now, Instant cutoff)
      throws SQLException {
    setInstant(s, from, cutoff);
    setInstant(s, from + 1, cutoff);
    setInstant(s, from + 2, now);
    setInstant(s, from + 3, now);
  }

  private CounterState single(PreparedStatement query, String key) throws SQLException {
    try (ResultSet r = query.executeQuery()) {
      if (!r.next()) {
        throw new IllegalStateException("the counter statement answered no row");
      }
      return new CounterState(key, r.getLong(1), instant(r, 2), instant(r, 3));
    }
  }

  private void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
    kind.bindInstant(s, index, value);
  }

  private Instant instant(ResultSet r, int column) throws SQLException {
    return kind.readInstant(r, column);
  }
}
