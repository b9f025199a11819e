package dev.gatehouse.jpa;

import static java.util.Objects.requireNonNull;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Plain JDBC inside a JPA transaction, through Hibernate's public API only ({@code
 * Session#doReturningWork}): the statements run on the connection of the entity manager's current
 * transaction (the host's joined one, or Gatehouse's own), so they commit and roll back with it.
 * For code outside {@code auth-jpa} that keeps tables of its own (the importer's ledger) and must
 * not depend on Hibernate.
 */
public final class JpaConnections {
  private JpaConnections() {}

  /**
   * Runs {@code work} on the connection of {@code em}'s current transaction. Pending changes of
   * managed entities are not flushed first: the work must not read the host's tables expecting
   * them.
   *
   * @param em an entity manager inside a transaction
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   * @throws PersistenceException converted by Hibernate from an {@link SQLException} of the work
   */
  public static <T> T onConnection(EntityManager em, SqlWork<T> work) {
    requireNonNull(em, "em");
    requireNonNull(work, "work");
    // Hibernate converts an SQLException of the work as it converts its own statements' (a unique
    // violation becomes its ConstraintViolationException), so callers translate both alike.
    return em.unwrap(org.hibernate.Session.class).doReturningWork(work::run);
  }

  /**
   * The dialect of the database behind {@code em}.
   *
   * @param em an entity manager inside a transaction
   * @return its database's dialect
   */
  public static SqlDialect dialect(EntityManager em) {
    return onConnection(em, connection -> SqlDialect.of(connection.getMetaData()));
  }

  /**
   * The query timeout {@code em}'s queries get, for plain statements that should get it too: its
   * (or else the unit's) {@code jakarta.persistence.query.timeout} (legacy {@code
   * javax.persistence.query.timeout}), in milliseconds, as a JDBC timeout in seconds, rounded as
   * Hibernate rounds it, except that a positive timeout below half a second is one second rather
   * than none. Without it a statement blocked on a row lock would wait for the database's own lock
   * timeout (none on PostgreSQL).
   *
   * @param em an entity manager
   * @return the timeout in seconds, {@code 0} for none
   */
  public static int queryTimeoutSeconds(EntityManager em) {
    return queryTimeoutSeconds(requireNonNull(em, "em").getProperties());
  }

  /** {@link #queryTimeoutSeconds(EntityManager)} from a session's or a unit's properties. */
  static int queryTimeoutSeconds(java.util.Map<String, Object> properties) {
    Object value = properties.get("jakarta.persistence.query.timeout");
    if (value == null) {
      value = properties.get("javax.persistence.query.timeout");
    }
    long millis =
        value == null
            ? 0
            : value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().strip());
    return millis <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, (millis + 500) / 1000));
  }

  /**
   * Work done with plain JDBC on the connection of the unit of work in force (see {@link
   * JpaConnections#onConnection}).
   *
   * @param <T> the work's result
   */
  @FunctionalInterface
  public interface SqlWork<T> {
    /**
     * Does the work. The connection belongs to the transaction: the work neither commits, rolls
     * back nor closes it.
     *
     * @param connection the transaction's connection
     * @return the result
     * @throws SQLException when a statement fails; the caller translates it
     */
    T run(Connection connection) throws SQLException;
  }

  /**
   * Whether {@code table} is a table the connection's unqualified statements reach: in the
   * connection's schema or, on PostgreSQL, in a schema of its search path (a host may keep
   * Gatehouse's tables, or a legacy system its own, in a schema of their own). Never a table of
   * another schema of the same database, which a statement would not reach. Asked of the metadata
   * and of {@code current_schemas}, never by a statement that could fail (a failed statement ends a
   * PostgreSQL transaction, which may be the host's).
   *
   * @param c the connection
   * @param table the table's name, as written in the statements (tried as is and in upper case)
   * @return whether it is there
   * @throws SQLException when the metadata cannot be read
   */
  public static boolean reaches(Connection c, String table) throws SQLException {
    return !reachingSchemas(c, table).isEmpty();
  }

  /**
   * The schemas {@link #reaches} looks in, in order, that hold {@code table}: the first is the one
   * an unqualified statement reaches.
   */
  static java.util.List<String> reachingSchemas(Connection c, String table) throws SQLException {
    java.sql.DatabaseMetaData m = c.getMetaData();
    java.util.List<String> schemas = new java.util.ArrayList<>();
    if (m.getDatabaseProductName().equals("PostgreSQL")) {
      try (java.sql.Statement s = c.createStatement();
          java.sql.ResultSet r = s.executeQuery("select unnest(current_schemas(false))")) {
        while (r.next()) {
          schemas.add(r.getString(1));
        }
      }
    } else {
      // MariaDB's connection has no schema (null): its database is the catalog, read whole.
      schemas.add(c.getSchema());
    }
    java.util.List<String> holding = new java.util.ArrayList<>();
    for (String schema : schemas) {
      for (String name : java.util.List.of(table, table.toUpperCase(java.util.Locale.ROOT))) {
        try (java.sql.ResultSet r = m.getTables(c.getCatalog(), schema, name, null)) {
          if (r.next()) {
            holding.add(r.getString("TABLE_SCHEM"));
            break;
          }
        }
      }
    }
    return holding;
  }
}
