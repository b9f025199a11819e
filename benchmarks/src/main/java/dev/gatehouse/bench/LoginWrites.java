package dev.gatehouse.bench;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a password login writes in PostgreSQL, in figures that do not depend on the machine's load
 * (issue 79): the WAL bytes and records per login, the index entries written per login (B-tree leaf
 * inserts, by index), the heap inserts and the updates made in place (HOT) or not, and per
 * statement the calls, rows, WAL and buffers dirtied (pg_stat_statements). The backend's execution
 * time per login is printed as support only: it moves with the load.
 *
 * <pre>
 * GATEHOUSE_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5499/test?user=postgres \
 *   java -Dgatehouse.bench.pgwal=/path/to/pg_wal -cp benchmarks/target/benchmarks.jar \
 *   dev.gatehouse.bench.BenchMain quick loginwrites
 * </pre>
 *
 * <p>The cluster must be one nobody else writes to (the WAL position is the cluster's), with {@code
 * pg_stat_statements} in {@code shared_preload_libraries}; {@code gatehouse.bench.pgwal} (its
 * {@code pg_wal} directory, readable by this process, {@code pg_waldump} on the PATH) adds the
 * per-record and per-index counts. {@code gatehouse.bench.loginwrites.sql} runs statements (split
 * on {@code ;} outside {@code $$} quotes) on the run's schema before the measured logins: a what-if
 * of a schema change ({@code drop index ...}, {@code alter table ... set (fillfactor = 90)})
 * measured without building it. Each login is a different user's, as when users sign in one after
 * another (quick: 200 logins after 50 for warm-up; full: 1,000 after 200); {@code
 * gatehouse.bench.loginwrites.repeat} signs the same users in again that many times first, so the
 * measured login is not the row's first update. With {@code
 * gatehouse.bench.loginwrites.flow=refresh} the measured act is a refresh instead: every user signs
 * in once first (not measured), {@code repeat} refreshes each, and then each measured user's
 * session is refreshed once (issue 79: what a rotation writes).
 */
final class LoginWrites {
  private static final Pattern WALDUMP =
      Pattern.compile("rmgr: (\\w+)\\s.*?desc: (\\w+).*?blkref #0: rel \\d+/\\d+/(\\d+)");

  private final boolean full;

  LoginWrites(boolean full) {
    this.full = full;
  }

  void run() throws Exception {
    int warmUp = full ? 200 : 50;
    int n = full ? 1000 : 200;
    int repeat = Integer.getInteger("gatehouse.bench.loginwrites.repeat", 0);
    String pgwal = System.getProperty("gatehouse.bench.pgwal");
    String whatIf = System.getProperty("gatehouse.bench.loginwrites.sql", "");
    boolean refresh =
        "refresh".equals(System.getProperty("gatehouse.bench.loginwrites.flow", "login"));
    String act = refresh ? "refresh" : "login";
    try (BenchWorld w = BenchWorld.create(DatabaseKind.POSTGRESQL, 1, b -> b)) {
      BenchWorld.Instance in = w.instances.get(0);
      String stored = in.gatehouse.passwordHashing().hash(BenchWorld.PASSWORD);
      List<String> users = w.createUsers(warmUp + n, stored);
      try (Connection c = w.db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        for (String sql : whatIf.split(";(?=(?:[^$]*\\$\\$[^$]*\\$\\$)*[^$]*$)")) {
          if (!sql.isBlank()) {
            s.execute(sql);
          }
        }
        s.execute("analyze");
        s.execute("create extension if not exists pg_stat_statements schema public");
      }
      List<String> warm = users.subList(0, warmUp);
      List<String> measured = users.subList(warmUp, warmUp + n);
      Map<String, String> tokens = new java.util.HashMap<>();
      java.util.function.Consumer<String> once =
          refresh ? u -> tokens.put(u, refresh(in, tokens.get(u))) : u -> login(in, u);
      if (refresh) {
        users.forEach(u -> tokens.put(u, login(in, u)));
      }
      warm.forEach(once);
      for (int r = 0; r < repeat; r++) {
        measured.forEach(once);
      }
      String lsn0;
      long postmaster;
      try (Connection c = w.db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("checkpoint");
        s.execute("select public.pg_stat_statements_reset()");
        lsn0 = one(s, "select pg_current_wal_lsn()::text");
        postmaster = parent(Long.parseLong(one(s, "select pg_backend_pid()::text")));
      }
      long cpu0 = serverCpuNanos(postmaster);
      long jvm0 = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
      measured.forEach(once);
      long cpu1 = serverCpuNanos(postmaster);
      long jvm1 = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
      try (Connection c = w.db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        String lsn1 = one(s, "select pg_current_wal_lsn()::text");
        long bytes =
            Long.parseLong(
                one(s, "select pg_wal_lsn_diff('" + lsn1 + "', '" + lsn0 + "')::bigint::text"));
        System.out.printf(
            "%d %ss (after %d, each user's %s), WAL %s..%s: %.0f bytes per %s%n",
            n,
            act,
            warmUp,
            repeat == 0 ? "first" : act + " no. " + (repeat + 1),
            lsn0,
            lsn1,
            (double) bytes / n,
            act);
        System.out.printf(
            "PostgreSQL server CPU per "
                + act
                + ": %.3f ms (all the cluster's processes, schedstat;"
                + " load-dependent); this JVM's: %.2f ms; load average %s%n",
            (cpu1 - cpu0) / 1e6 / n,
            (jvm1 - jvm0) / 1e6 / n,
            Files.readString(Path.of("/proc/loadavg")).trim());
        statements(s, n);
        if (pgwal != null) {
          Map<String, String> names = relations(s, w.db.name());
          waldump(pgwal, lsn0, lsn1, names, n);
        }
      }
    }
  }

  /** Signs {@code user} in; answers the session's refresh token. */
  private static String login(BenchWorld.Instance in, String user) {
    return in.gatehouse
        .accounts()
        .login(new LoginRequest(user, BenchWorld.PASSWORD, Harness.client()))
        .orElseThrow()
        .tokens()
        .refreshToken();
  }

  /** Refreshes the session of {@code token}; answers its successor. */
  private static String refresh(BenchWorld.Instance in, String token) {
    return in.gatehouse.sessions().refresh(token, Harness.client()).refreshToken();
  }

  /** The parent of a process: the postmaster of a backend. */
  private static long parent(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
  }

  /** The CPU time of the postmaster and every process it started (Linux: schedstat, in ns). */
  private static long serverCpuNanos(long postmaster) throws IOException {
    long sum = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        try {
          long pid = Long.parseLong(p.getFileName().toString());
          if (pid == postmaster || parent(pid) == postmaster) {
            sum += Long.parseLong(Files.readString(p.resolve("schedstat")).split(" ")[0]);
          }
        } catch (IOException | RuntimeException gone) {
          // A process that ended between the listing and the read.
        }
      }
    }
    return sum;
  }

  private static String one(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

  private static void statements(Statement s, int n) throws SQLException {
    System.out.println(
        "| statement | calls per login | rows per login | WAL records | WAL full pages | WAL bytes"
            + " | buffers dirtied | buffers hit | exec ms |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    double[] total = new double[7];
    try (ResultSet r =
        s.executeQuery(
            "select query, calls, rows, wal_records, wal_fpi, wal_bytes, shared_blks_dirtied,"
                + " shared_blks_hit, total_exec_time from public.pg_stat_statements"
                + " where dbid = (select oid from pg_database where datname = current_database())"
                + " and query not like '%pg_stat_statements%' and query not like '%pg_current_wal%'"
                + " and query not like '%pg_wal_lsn_diff%'"
                + " order by wal_bytes desc, calls desc")) {
      while (r.next()) {
        String q = r.getString(1).replaceAll("\\s+", " ");
        double[] v = new double[8];
        for (int i = 0; i < 8; i++) {
          v[i] = r.getDouble(i + 2) / n;
        }
        for (int i = 0; i < 7; i++) {
          total[i] += v[i + 1];
        }
        System.out.printf(
            "| %s | %.2f | %.2f | %.2f | %.2f | %.0f | %.2f | %.1f | %.3f |%n",
            q.length() > 110 ? q.substring(0, 110) + "…" : q,
            v[0],
            v[1],
            v[2],
            v[3],
            v[4],
            v[5],
            v[6],
            v[7]);
      }
    }
    System.out.printf(
        "| all | | | %.2f | %.2f | %.0f | %.2f | %.1f | %.3f |%n",
        total[1], total[2], total[3], total[4], total[5], total[6]);
  }

  /** The run's relations by file node, for the WAL's block references. */
  private static Map<String, String> relations(Statement s, String schema) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (ResultSet r =
        s.executeQuery(
            "select pg_relation_filenode(c.oid)::text, c.relname from pg_class c join pg_namespace"
                + " n on n.oid = c.relnamespace where n.nspname = '"
                + schema
                + "' and pg_relation_filenode(c.oid) is not null")) {
      while (r.next()) {
        out.put(r.getString(1), r.getString(2));
      }
    }
    return out;
  }

  /** Counts the WAL records between the two positions by kind and relation (pg_waldump). */
  private static void waldump(
      String pgwal, String from, String to, Map<String, String> names, int n)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("pg_waldump", "-p", pgwal, "-s", from, "-e", to)
            .redirectErrorStream(true)
            .start();
    Map<String, Integer> byKind = new TreeMap<>();
    Map<String, Integer> byRelation = new TreeMap<>();
    List<String> other = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        Matcher m = WALDUMP.matcher(line);
        if (m.find()) {
          String kind = m.group(1) + " " + m.group(2);
          byKind.merge(kind, 1, Integer::sum);
          String rel = names.getOrDefault(m.group(3), "(other: " + m.group(3) + ")");
          byRelation.merge(rel + " " + kind, 1, Integer::sum);
        } else if (!line.startsWith("rmgr:") && !line.isBlank()) {
          other.add(line);
        } else if (line.startsWith("rmgr:")) {
          String kind = line.replaceAll("rmgr: (\\w+)\\s.*?desc: (\\w+).*", "$1 $2");
          byKind.merge(kind + " (no relation)", 1, Integer::sum);
        }
      }
    }
    p.waitFor(1, TimeUnit.MINUTES);
    System.out.println("WAL records per login by kind (pg_waldump):");
    byKind.forEach((k, v) -> System.out.printf("  %-40s %.2f%n", k, (double) v / n));
    System.out.println("WAL records per login by relation:");
    byRelation.forEach((k, v) -> System.out.printf("  %-60s %.2f%n", k, (double) v / n));
    other.stream().limit(3).forEach(l -> System.out.println("  pg_waldump: " + l));
  }
}
