package dev.gatehouse.imports;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:counting:<URL>}: opens a real connection to {@code <URL>} with the
 * driver of that URL and counts, per URL, how many it opened, to tell how many connections a
 * command made. Thread-safe.
 */
final class CountingDriver implements Driver {
  static final String PREFIX = "jdbc:counting:";
  private static final Map<String, AtomicInteger> OPENED = new ConcurrentHashMap<>();

  static {
    try {
      DriverManager.registerDriver(new CountingDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private CountingDriver() {}

  /** {@return {@code url} behind the counting driver; registers the driver on first use} */
  static String counted(String url) {
    return PREFIX + url;
  }

  /** {@return how many connections were opened to {@code url} through the counting driver} */
  static int opened(String url) {
    AtomicInteger n = OPENED.get(url);
    return n == null ? 0 : n.get();
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String real = url.substring(PREFIX.length());
    Connection c = DriverManager.getConnection(real, info);
    OPENED.computeIfAbsent(real, k -> new AtomicInteger()).incrementAndGet();
    return c;
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
