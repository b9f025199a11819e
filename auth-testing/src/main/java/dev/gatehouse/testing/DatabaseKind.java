package dev.gatehouse.testing;

import org.jspecify.annotations.Nullable;

/** The databases Gatehouse is tested against. */
public enum DatabaseKind {
  /** Embedded H2, always available. */
  H2(null),
  /** PostgreSQL, when {@code GATEHOUSE_TEST_POSTGRES_URL} is set. */
  POSTGRESQL("GATEHOUSE_TEST_POSTGRES_URL"),
  /** MariaDB, when {@code GATEHOUSE_TEST_MARIADB_URL} is set. */
  MARIADB("GATEHOUSE_TEST_MARIADB_URL");

  private final String urlVariable;

  DatabaseKind(String urlVariable) {
    this.urlVariable = urlVariable;
  }

  /**
   * The environment variable holding the server's JDBC URL, or {@code null} for H2.
   *
   * @return the URL variable's name, or {@code null}
   */
  public @Nullable String urlVariable() {
    return urlVariable;
  }
}
