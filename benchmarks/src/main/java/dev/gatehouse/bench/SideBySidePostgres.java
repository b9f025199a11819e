package dev.gatehouse.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL both sides of {@link SideBySide} run on: their databases, the CPU of the backends
 * serving each, and the planner statistics a production cluster would have.
 */
final class SideBySidePostgres {
  private final String adminUrl;
  private final List<String> errors;
  private final long clockTicks;

  /**
   * @param adminUrl a JDBC URL of a database the load generator may create and drop others from
   * @param errors where a failure that must not stop the run is reported
   * @param clockTicks the kernel's clock ticks per second, for {@code /proc/<pid>/stat}
   */
  SideBySidePostgres(String adminUrl, List<String> errors, long clockTicks) {
    this.adminUrl = adminUrl;
    this.errors = errors;
    this.clockTicks = clockTicks;
  }

  /** Host and port, user and (when given) password of the admin URL. */
  Map<String, String> parts() {
    // jdbc:postgresql://host:port/db?user=u&password=p
    URI u = URI.create(adminUrl.substring("jdbc:".length()));
    Map<String, String> m = new HashMap<>();
    m.put("hostPort", u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()));
    m.put("user", "postgres");
    if (u.getQuery() != null) {
      for (String kv : u.getQuery().split("&")) {
        String[] p = kv.split("=", 2);
        if (p.length == 2) {
          m.put(p[0], p[1]);
        }
      }
    }
    return m;
  }

  /** The JDBC URL of database {@code db} on the same server, as the same user. */
  String jdbcUrl(String db) {
    Map<String, String> pg = parts();
    return "jdbc:postgresql://"
        + pg.get("hostPort")
        + "/"
        + db
        + "?user="
        + pg.get("user")
        + (pg.containsKey("password") ? "&password=" + pg.get("password") : "");
  }

  private Connection admin() throws SQLException {
    return DriverManager.getConnection(adminUrl);
  }

  void createDatabase(String db) throws SQLException {
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      st.execute("create database " + db);
    }
  }

  void dropDatabase(String db) {
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      st.execute("drop database if exists " + db + " with (force)");
    } catch (SQLException e) {
      errors.add("could not drop database " + db + ": " + e.getMessage());
    }
  }

  /** The cluster's {@code autovacuum} setting, for the report. */
  String autovacuum() {
    try (Connection c = admin();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("show autovacuum")) {
      return rs.next() ? rs.getString(1) : "unknown";
    } catch (SQLException e) {
      errors.add("show autovacuum: " + e.getMessage());
      return "unknown";
    }
  }

  /**
   * Analyzes every table of {@code db}, before each measured phase of either side: what
   * autovacuum's analyze does on a production cluster as tables grow. Without it (a cluster with
   * {@code autovacuum = off}, as this machine's is) a server's prepared statements keep the plans
   * they were given while the tables were empty for the whole launch: a fresh schema measured
   * PostgreSQL's CPU per refresh at 0.76–0.84 ms in its first launch against 0.28–0.34 ms in the
   * second. The analyzing backend has closed before the phase's CPU is sampled, so its own CPU is
   * not counted; it invalidates the plans the server's backends cached, which are made again.
   */
  void analyze(String db) {
    try (Connection c = DriverManager.getConnection(jdbcUrl(db));
        Statement st = c.createStatement()) {
      st.execute("analyze");
    } catch (SQLException e) {
      errors.add("analyze " + db + ": " + e.getMessage());
    }
  }

  /** pid → CPU ticks of every PostgreSQL backend connected to {@code db}. */
  Map<Integer, Long> cpuTicks(String db) {
    Map<Integer, Long> m = new HashMap<>();
    try (Connection c = admin();
        PreparedStatement st =
            c.prepareStatement("select pid from pg_stat_activity where datname = ?")) {
      st.setString(1, db);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          int pid = rs.getInt(1);
          long t = ProcessMeters.cpuTicks(pid);
          if (t >= 0) {
            m.put(pid, t);
          }
        }
      }
    } catch (SQLException e) {
      errors.add("pg_stat_activity: " + e.getMessage());
    }
    return m;
  }

  /** The CPU milliseconds the backends of {@code after} spent since {@code before}. */
  double cpuMs(Map<Integer, Long> before, Map<Integer, Long> after) {
    long ticks = 0;
    for (Map.Entry<Integer, Long> e : after.entrySet()) {
      ticks += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return ticks * 1000.0 / clockTicks;
  }
}
