package dev.gatehouse.imports.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A non-pooling DataSource over a JDBC URL, enough for a batch tool (the CLI pools its connections
 * on top of it). A run's rows go out in JDBC batches, so on PostgreSQL and MariaDB the driver is
 * asked to send each batch as multi-row statements ({@code reWriteBatchedInserts} / {@code
 * rewriteBatchedStatements}) unless the URL sets that option itself.
 */
public final class UrlDataSource implements DataSource {
  private final String url;
  private final String user;
  private final String password;

  /**
   * @param url the JDBC URL
   * @param user the user, or {@code null} when the URL carries it
   * @param password the password, or {@code null}
   */
  public UrlDataSource(String url, @Nullable String user, @Nullable String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connect(user, password);
  }

  @Override
  public Connection getConnection(String u, String p) throws SQLException {
    return connect(u, p);
  }

  private Connection connect(String u, String p) throws SQLException {
    Properties properties = new Properties();
    if (u != null) {
      properties.setProperty("user", u);
    }
    if (p != null) {
      properties.setProperty("password", p);
    }
    if (url.startsWith("jdbc:postgresql:")) {
      if (!url.contains("reWriteBatchedInserts")) {
        properties.setProperty("reWriteBatchedInserts", "true");
      }
      // The server's error detail names the values of a violated key (emails, phones): keep it
      // out of messages and logs.
      if (!url.contains("logServerErrorDetail")) {
        properties.setProperty("logServerErrorDetail", "false");
      }
    } else if (url.startsWith("jdbc:mariadb:") && !url.contains("rewriteBatchedStatements")) {
      properties.setProperty("rewriteBatchedStatements", "true");
    }
    return DriverManager.getConnection(url, properties);
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
