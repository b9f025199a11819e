package dev.gatehouse.jpa;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done with plain JDBC on the connection of the unit of work in force (see {@link
 * JpaConnections#onConnection}).
 *
 * @param <T> the work's result
 */
@FunctionalInterface
public interface SqlWork<T> {
  /**
   * Does the work. The connection belongs to the transaction: the work neither commits, rolls back
   * nor closes it.
   *
   * @param connection the transaction's connection
   * @return the result
   * @throws SQLException when a statement fails; the caller translates it
   */
  T run(Connection connection) throws SQLException;
}
