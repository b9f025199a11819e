package dev.gatehouse.jpa;

import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.descriptor.ValueBinder;

/**
 * Plain statements run through a Hibernate session's own statement pipeline: on the session's
 * connection and transaction, seen by its statement inspector, SQL logging and statistics, with its
 * exception conversion and the query timeout its queries get ({@link #applyQueryTimeout}). Values
 * are bound and read through the {@link JdbcMapping} of the entity column they stand for, so they
 * go to and come from the database exactly as Hibernate writes and reads that column (type,
 * converter, and for instants the {@code hibernate.jdbc.time_zone} and the dialect's handling of
 * zoned timestamps).
 *
 * <p>Why: Hibernate interprets a JPQL update and a native query's SQL and parameters afresh on
 * every execution; for the statements of every login and refresh that cost more CPU than the
 * database spent on them.
 */
final class SessionJdbc {

  private SessionJdbc() {}

  /** Reads one row of a result. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** Runs an insert, update or delete and answers its update count. */
  static int update(
      SharedSessionContractImplementor session, String sql, Object[] values, JdbcMapping[] types) {
    JdbcCoordinator jdbc = session.getJdbcCoordinator();
    PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement(sql);
    try {
      applyQueryTimeout(session, statement);
      bind(session, statement, values, types);
      return jdbc.getResultSetReturn().executeUpdate(statement, sql);
    } catch (SQLException e) {
      throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "binding", sql);
    } finally {
      jdbc.getLogicalConnection().getResourceRegistry().release(statement);
      jdbc.afterStatementExecution();
    }
  }

  /** Runs a query and reads its first row, if any; further rows are ignored. */
  static <T> Optional<T> first(
      SharedSessionContractImplementor session,
      String sql,
      Object[] values,
      JdbcMapping[] types,
      RowReader<T> reader) {
    JdbcCoordinator jdbc = session.getJdbcCoordinator();
    PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement(sql);
    try {
      applyQueryTimeout(session, statement);
      bind(session, statement, values, types);
      ResultSet rows = jdbc.getResultSetReturn().extract(statement, sql);
      return rows.next() ? Optional.of(reader.read(rows)) : Optional.empty();
    } catch (SQLException e) {
      throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "reading", sql);
    } finally {
      // Closes the result set registered with the statement too.
      jdbc.getLogicalConnection().getResourceRegistry().release(statement);
      jdbc.afterStatementExecution();
    }
  }

  /** One column of a row as the entity attribute mapped by {@code type} holds it. */
  static Object read(
      SharedSessionContractImplementor session, ResultSet row, int index, JdbcMapping type)
      throws SQLException {
    // Converters see nulls too, as when Hibernate reads the entity.
    return type.convertToDomainValue(type.getJdbcValueExtractor().extract(row, index, session));
  }

  /**
   * The query timeout the session's JPQL and native queries get: Hibernate gives every query the
   * session's (or else the unit's) {@code jakarta.persistence.query.timeout} (legacy {@code
   * javax.persistence.query.timeout}), in milliseconds, as a JDBC timeout in seconds. Without it a
   * statement here blocked on a row lock would wait for the database's own lock timeout (none on
   * PostgreSQL) where the query it replaces would have failed.
   *
   * <p>The statement preparer has already set the remaining time of a JTA transaction, if one has a
   * timeout; the shorter of the two applies. Milliseconds become seconds as Hibernate rounds them
   * (to the nearest second), except that a positive timeout below half a second is one second here
   * rather than none.
   */
  static void applyQueryTimeout(SharedSessionContractImplementor session, PreparedStatement s)
      throws SQLException {
    int seconds = queryTimeoutSeconds(session);
    if (seconds > 0) {
      int jta = session.getJdbcCoordinator().determineRemainingTransactionTimeOutPeriod();
      if (jta <= 0 || seconds < jta) {
        s.setQueryTimeout(seconds);
      }
    }
  }

  /** The configured query timeout in seconds, {@code 0} for none. */
  static int queryTimeoutSeconds(SharedSessionContractImplementor session) {
    // The session's properties include the unit's defaults and any the session was given or set.
    return session instanceof EntityManager em
        ? JpaConnections.queryTimeoutSeconds(em)
        : JpaConnections.queryTimeoutSeconds(
            session.getFactory().getSessionFactoryOptions().getDefaultSessionProperties());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void bind(
      SharedSessionContractImplementor session,
      PreparedStatement statement,
      Object[] values,
      JdbcMapping[] types)
      throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object relational = types[i].convertToRelationalValue(values[i]);
      ((ValueBinder) types[i].getJdbcValueBinder()).bind(statement, relational, i + 1, session);
    }
  }

  /**
   * Hibernate's auto-flush before a statement on {@code tables}, as it runs one before a query or
   * native statement on them: pending changes of entities on those tables are flushed when the
   * flush mode is {@code AUTO}. Its listener does nothing for an empty persistence context; that
   * common case skips the event here.
   */
  static void autoFlush(SharedSessionContractImplementor session, Set<String> tables) {
    PersistenceContext context = session.getPersistenceContextInternal();
    if (context.getNumberOfManagedEntities() > 0 || context.getCollectionEntriesSize() > 0) {
      session.autoFlushIfRequired(tables);
    }
  }

  /** The attribute as a plain column: not a formula, no custom read or write expression. */
  static Optional<BasicValuedModelPart> column(EntityPersister persister, String name) {
    AttributeMapping a = persister.findAttributeMapping(name);
    return a instanceof BasicValuedModelPart basic && plain(basic)
        ? Optional.of(basic)
        : Optional.empty();
  }

  /** A plain column: not a formula, no custom read or write expression. */
  static boolean plain(BasicValuedModelPart basic) {
    String write = basic.getCustomWriteExpression();
    String read = basic.getCustomReadExpression();
    return !basic.isFormula()
        && (write == null || write.isBlank() || write.strip().equals("?"))
        && (read == null || plainRead(read, basic.getSelectionExpression()));
  }

  /** Hibernate reports a plain column's read as the column qualified by a placeholder. */
  private static boolean plainRead(String read, String column) {
    String bare = read.strip();
    int dot = bare.indexOf("}.");
    if (bare.startsWith("{") && dot > 0) {
      bare = bare.substring(dot + 2);
    }
    return bare.isEmpty() || bare.equals(column);
  }
}
