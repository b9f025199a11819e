package dev.gatehouse.bench;

import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Process and machine meters for {@link SideBySide}: CPU ticks, JIT compiler thread ticks and RSS
 * of a process from {@code /proc}, this process's own CPU time, the kernel's clock tick rate, the
 * load average and a JVM's version string.
 */
final class ProcessMeters {

  private ProcessMeters() {}

  /** The PostgreSQL backend serving the pool's one connection, or 0 when not readable. */
  static long postgresBackend(DatabaseKind kind, DataSource ds) {
    if (kind != DatabaseKind.POSTGRESQL) {
      return 0;
    }
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      long pid = rs.getLong(1);
      return Files.isReadable(Path.of("/proc/" + pid + "/stat")) ? pid : 0;
    } catch (SQLException e) {
      System.getLogger(ProcessMeters.class.getName())
          .log(System.Logger.Level.WARNING, "no backend pid: " + e);
      return 0;
    }
  }

  /** utime + stime of a process (all its threads), in clock ticks; -1 when it is gone. */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command name (which may contain spaces) in parentheses.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Thread id → CPU ticks of the JIT compiler threads of a HotSpot JVM ({@code C1 CompilerThre},
   * {@code C2 CompilerThre}, as the kernel truncates their names); empty when unreadable.
   */
  static Map<Long, Long> jitTicks(long pid) {
    Map<Long, Long> m = new HashMap<>();
    try (java.nio.file.DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : tasks) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended
        }
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          m.put(
              Long.parseLong(t.getFileName().toString()),
              Long.parseLong(f[11]) + Long.parseLong(f[12]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // no breakdown: the whole process counts
    }
    return m;
  }

  /**
   * Ticks spent between two {@link #jitTicks} readings by the threads alive at the second one (a
   * compiler thread that ended in between is not counted, so the JIT share is if anything low).
   */
  static long ticksSince(Map<Long, Long> before, Map<Long, Long> after) {
    long ticks = 0;
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      ticks += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return ticks;
  }

  static long rssKib(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static long clockTicks() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
    String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    p.waitFor();
    return Long.parseLong(v);
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  static String javaVersion(Path java) {
    try {
      Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return v.lines().skip(1).findFirst().orElse("?").strip();
    } catch (IOException | InterruptedException e) {
      return "?";
    }
  }
}
