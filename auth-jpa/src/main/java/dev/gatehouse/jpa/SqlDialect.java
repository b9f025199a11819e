package dev.gatehouse.jpa;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The SQL a database speaks, as far as Gatehouse's own statements on its own tables differ: an
 * upsert, a skip-locked read, a row limit. Every other statement is written once, in SQL all four
 * accept.
 */
public enum SqlDialect {
  /** PostgreSQL 12 or later. */
  POSTGRESQL,
  /** MariaDB 10.6 or later, or MySQL 8. */
  MYSQL,
  /** H2 2.x. */
  H2,
  /** Any other database: portable statements only. */
  PORTABLE;

  /**
   * The dialect of a connection's database.
   *
   * @param meta the connection's metadata
   * @return its dialect, {@link #PORTABLE} when not one of the known ones
   * @throws SQLException when the metadata cannot be read
   */
  public static SqlDialect of(DatabaseMetaData meta) throws SQLException {
    String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (product.contains("mariadb") || product.contains("mysql")) {
      return MYSQL;
    }
    if (product.equals("h2")) {
      return H2;
    }
    return PORTABLE;
  }
}
