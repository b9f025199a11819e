package dev.gatehouse.jpa.stats;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * A data source that records every SQL statement executed through it, at the JDBC level, so a count
 * includes whatever Hibernate runs (entity loads, lazy fetches, flushes, queries) and nothing is
 * missed by how a statement was issued. A batch counts once per {@code executeBatch}.
 *
 * <p>Thread-safe; the statement tests drive one flow at a time and read {@link #take()} after it.
 */
final class CountingDataSource {
  private final List<String> executed = new ArrayList<>();

  private CountingDataSource() {}

  /** A recorder with nothing recorded yet. */
  static CountingDataSource create() {
    return new CountingDataSource();
  }

  /** {@code target} seen through this recorder. */
  DataSource wrap(DataSource target) {
    return proxy(DataSource.class, target, null);
  }

  /** The statements executed since the last call, oldest first, and forgets them. */
  synchronized List<String> take() {
    List<String> out = List.copyOf(executed);
    executed.clear();
    return out;
  }

  private synchronized void record(String sql) {
    executed.add(sql == null ? "?" : sql.strip());
  }

  /** {@code select}, {@code insert}, {@code update}, {@code delete} or the first word. */
  static String kind(String sql) {
    String s = sql.stripLeading().toLowerCase(Locale.ROOT);
    int space = s.indexOf(' ');
    return space < 0 ? s : s.substring(0, space);
  }

  private <T> T proxy(Class<T> type, T target, String sql) {
    InvocationHandler handler = (p, m, args) -> invoke(target, m, args, sql);
    return type.cast(
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private Object invoke(Object target, Method m, Object[] args, String sql) throws Throwable {
    String name = m.getName();
    if (target instanceof Statement && name.startsWith("execute")) {
      boolean withSql = args != null && args.length > 0 && args[0] instanceof String;
      record(withSql ? (String) args[0] : sql);
    }
    Object result;
    try {
      result = m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (result instanceof Connection c && name.equals("getConnection")) {
      return proxy(Connection.class, c, null);
    }
    if (target instanceof Connection) {
      if (result instanceof PreparedStatement ps && name.startsWith("prepare")) {
        // CallableStatement extends PreparedStatement; Hibernate prepares plain ones here.
        return proxy(PreparedStatement.class, ps, (String) args[0]);
      }
      if (result instanceof Statement s && name.equals("createStatement")) {
        return proxy(Statement.class, s, null);
      }
    }
    return result;
  }
}
