package dev.gatehouse.imports.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource over a JDBC URL, enough for a batch tool: {@linkplain #UrlDataSource one physical
 * connection per call}, or {@linkplain #pooled a small pool}. An import run takes a connection per
 * batch transaction, one for its ledger reads and one for its run lock, and opening a physical
 * connection for each (a new server process on PostgreSQL) costs more than a batch's own rows: the
 * CLI's target is pooled. The pool (HikariCP, at most {@value #MAX_CONNECTIONS} connections) is
 * created at the first {@link #getConnection()}; a database that cannot be reached fails that call
 * at once with the driver's own error. {@link #close()} closes the pooled connections.
 */
public final class UrlDataSource implements DataSource, AutoCloseable {
  /** The CLI is one thread: a batch, the ledger, the run lock and a spare. */
  static final int MAX_CONNECTIONS = 4;

  private final String url;
  private final String user;
  private final String password;
  private final boolean pooled;
  private HikariDataSource pool;
  private boolean closed;

  /**
   * A data source that opens a physical connection for each {@link #getConnection()}.
   *
   * @param url the JDBC URL
   * @param user the user, or {@code null} when the URL carries it
   * @param password the password, or {@code null}
   */
  public UrlDataSource(String url, String user, String password) {
    this(url, user, password, false);
  }

  private UrlDataSource(String url, String user, String password, boolean pooled) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.pooled = pooled;
  }

  /**
   * A data source that keeps up to {@value #MAX_CONNECTIONS} connections open for reuse until
   * {@link #close()}.
   *
   * @param url the JDBC URL
   * @param user the user, or {@code null} when the URL carries it
   * @param password the password, or {@code null}
   * @return the pooled data source
   */
  public static UrlDataSource pooled(String url, String user, String password) {
    return new UrlDataSource(url, user, password, true);
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (!pooled) {
      return user == null
          ? DriverManager.getConnection(url)
          : DriverManager.getConnection(url, user, password);
    }
    return pool().getConnection();
  }

  private synchronized HikariDataSource pool() throws SQLException {
    if (closed) {
      throw new SQLException("the data source is closed");
    }
    if (pool == null) {
      HikariConfig c = new HikariConfig();
      c.setJdbcUrl(url);
      if (user != null) {
        c.setUsername(user);
        c.setPassword(password);
      }
      c.setPoolName("gatehouse-import");
      // A run's rows go out in JDBC batches: let the driver send each as multi-row statements
      // unless the URL says otherwise.
      if (url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts")) {
        c.addDataSourceProperty("reWriteBatchedInserts", "true");
      } else if (url.startsWith("jdbc:mariadb:") && !url.contains("rewriteBatchedStatements")) {
        c.addDataSourceProperty("rewriteBatchedStatements", "true");
      }
      c.setMaximumPoolSize(MAX_CONNECTIONS);
      c.setMinimumIdle(0);
      // Try one connection now, so an unreachable database or a wrong password surfaces here
      // with the driver's error rather than after the pool's wait for a connection.
      c.setInitializationFailTimeout(1);
      try {
        pool = new HikariDataSource(c);
      } catch (HikariPool.PoolInitializationException e) {
        if (e.getCause() instanceof SQLException cause) {
          throw cause;
        }
        throw new SQLException(e.getMessage(), e);
      }
    }
    return pool;
  }

  /** Connects as another user, outside any pool. */
  @Override
  public Connection getConnection(String u, String p) throws SQLException {
    return DriverManager.getConnection(url, u, p);
  }

  /** Closes the pooled connections; later calls of {@link #getConnection()} on a pool fail. */
  @Override
  public synchronized void close() {
    closed = true;
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
