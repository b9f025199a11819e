package dev.gatehouse.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.token.SigningKeys;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Issue 19 item 4: refresh rotations per CPU-second against a same-run baseline that issues exactly
 * the refresh's own SQL statements by plain JDBC.
 *
 * <p>For each database and signing algorithm: one Gatehouse instance on a pool of one connection
 * (so one server backend serves every statement and its CPU can be read). One rotation is captured
 * at the JDBC level (every prepared statement's SQL, every parameter setter in order, every execute
 * and its update count); the baseline replays that list on its own session chains in one
 * transaction per rotation, with the chain's own token hashes, session id, user and profile put in
 * place of the captured ones (timestamps and everything else as captured), reading every column of
 * every row the queries return, and checks each update count against the captured one so it is
 * known to change the same rows. Library and baseline then alternate in blocks on one thread, first
 * until the JIT compiler threads are quiet (settling), then measured; thread CPU, process CPU, the
 * JIT compiler threads' CPU and (PostgreSQL) the server backend's CPU are summed per side. The
 * headline ratio charges each side its process CPU without the JIT's (which a long-running server
 * pays once), plus its backend's.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.BenchMain quick
 * refresh}.
 */
final class RefreshBench {
  private static final Logger LOG = Logger.getLogger(RefreshBench.class.getName());
  private static final long CLK_TCK = 100; // Linux USER_HZ

  private final boolean full;
  private final Report report;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final List<String> rows = new ArrayList<>();
  private final List<String> statements = new ArrayList<>();

  RefreshBench(boolean full, Report report) {
    this.full = full;
    this.report = report;
  }

  void run() throws Exception {
    List<DatabaseKind> kinds = TestDatabase.enabledKinds();
    // -Dgatehouse.bench.refresh.only=POSTGRESQL:EDDSA measures one pair (for a profiler).
    String only = System.getProperty("gatehouse.bench.refresh.only");
    // A first pass whose figures are thrown away: the JIT compiles the shared code (Hibernate,
    // the driver, the library) here, not in the first measured row.
    measure(DatabaseKind.H2, SigningAlgorithm.HS256);
    rows.clear();
    for (DatabaseKind kind : kinds) {
      for (SigningAlgorithm alg :
          new SigningAlgorithm[] {
            SigningAlgorithm.HS256, SigningAlgorithm.EDDSA, SigningAlgorithm.ES256
          }) {
        if (only == null || only.equals(kind + ":" + alg)) {
          measure(kind, alg);
        }
      }
    }
    StringBuilder md = new StringBuilder();
    md.append(
        "\n### Refresh rotation vs its own SQL by plain JDBC (issue 19 item 4; CPU µs per rotation,"
            + " one thread, pool of 1; targets: library ÷ baseline rate ≥ 0.7, ≥ 1,000 rotations/s"
            + " per core of the JVM)\n\n");
    md.append(
        "| database | alg | library JVM thread / process / JIT µs | library DB backend µs |"
            + " baseline JVM thread / process / JIT µs | baseline DB backend µs |"
            + " rotations/s per JVM core (process − JIT) |"
            + " library ÷ baseline (JVM process − JIT + DB CPU) |"
            + " library ÷ baseline (JVM thread + DB CPU) |"
            + " library ÷ baseline (JVM process incl. JIT + DB CPU) |"
            + " library ÷ baseline (wall) | settling block pairs |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> md.append(r).append('\n'));
    md.append("\nStatements of one rotation (captured, replayed by the baseline):\n\n");
    statements.forEach(s -> md.append(s).append('\n'));
    report.section(md.toString());
  }

  // ---- one database, one algorithm ---------------------------------------------------------

  private void measure(DatabaseKind kind, SigningAlgorithm alg) throws Exception {
    EntityClasses entities = DefaultEntities.classes();
    try (TestDatabase db = TestDatabase.create(kind)) {
      GatehouseMigrations.migrate(db.dataSource(), GatehouseMigrations.LIBRARY_CHANGELOG, entities);
      BenchCohorts.migrate(db.dataSource(), entities);
      try (HikariDataSource pool = db.newPool(1)) {
        Recorder recorder = new Recorder(pool);
        EntityManagerFactory emf = GatehouseJpa.bootstrap(recorder, entities, List.of());
        JpaAuthStore store = new JpaAuthStore(emf, entities);
        Gatehouse g =
            BenchCohorts.install(b -> b)
                .apply(
                    Gatehouse.builder(
                            GatehouseConfig.builder()
                                .clock(Clock.systemUTC())
                                .set(
                                    GatehouseConfig.SECRET_KEY,
                                    "bench-secret-key-0123456789abcdef-0123456789")
                                .set(
                                    GatehouseConfig.FRONTEND_URL,
                                    URI.create("https://app.example.test"))
                                .build(),
                            store)
                        .signingKeys(SigningKeys.ephemeral(alg))
                        .smsSender(new CapturingSmsSender())
                        .emailSender(dev.gatehouse.email.EmailSender.logging()))
                .build();
        try {
          int chains = 8;
          List<RefreshChains.Chain> lib = new ArrayList<>();
          List<RefreshChains.Chain> base = new ArrayList<>();
          for (int i = 0; i < chains; i++) {
            lib.add(RefreshChains.newChain(g, store, pool));
            base.add(RefreshChains.newChain(g, store, pool));
          }
          // -Dgatehouse.bench.cohorts=true: the chains' users are a Gatehouse cohort's.
          List<String> emails = new ArrayList<>();
          for (RefreshChains.Chain c : lib) {
            emails.add(c.email);
          }
          BenchCohorts.prepare(g, store, emails);
          // Warm-up of the library path (JIT, Hibernate's plans, the driver's prepared statements).
          int warm = full ? 5000 : 3000;
          for (int i = 0; i < warm; i++) {
            lib.get(i % chains).rotate(g);
          }
          // Capture one rotation of a chain whose hashes are known before and after.
          RefreshChains.Chain c = lib.get(0);
          RefreshChains.Held before = RefreshChains.current(pool, c.sessionId);
          recorder.start();
          c.rotate(g);
          List<Recorded> captured = recorder.stop();
          RefreshChains.Held after = RefreshChains.current(pool, c.sessionId);
          Replay replay = new Replay(captured, before, after, c);
          if (kind == DatabaseKind.POSTGRESQL && alg == SigningAlgorithm.HS256
              || statements.isEmpty()) {
            statements.clear();
            statements.add(
                "("
                    + kind
                    + ", "
                    + captured.size()
                    + " statements; write statements are checked for the same update count)");
            for (Recorded r : captured) {
              statements.add("- `" + r.sql.strip().replaceAll("\\s+", " ") + "`");
            }
          }
          for (RefreshChains.Chain b : base) {
            RefreshChains.Held held = RefreshChains.current(pool, b.sessionId);
            b.currentHash = held.hash();
            b.generation = held.generation();
          }
          for (int i = 0; i < warm; i++) {
            replay.run(pool, base.get(i % chains));
          }
          long backendPid = ProcessMeters.postgresBackend(kind, pool);
          int blocks = full ? 10 : 5;
          int perBlock = Integer.getInteger("gatehouse.bench.refresh.block", full ? 1000 : 400);
          // Settle: alternate blocks of both sides until two pairs of blocks in a row cost the JIT
          // compiler threads under 1% of the process CPU they took (at most 40 pairs in quick mode,
          // 80 in full), so that the measured blocks run compiled code on both sides.
          int maxSettle = full ? 80 : 40;
          int settled = 0;
          int quiet = 0;
          while (settled < maxSettle && quiet < 2) {
            long[] l = cpu(backendPid, perBlock, i -> lib.get(i % chains).rotate(g));
            long[] r = cpu(backendPid, perBlock, i -> replay.run(pool, base.get(i % chains)));
            settled++;
            quiet = (l[JIT] + r[JIT]) * 100 < l[PROCESS] + r[PROCESS] ? quiet + 1 : 0;
          }
          long[] libCpu = new long[5];
          long[] baseCpu = new long[5];
          for (int b = 0; b < blocks; b++) {
            add(libCpu, cpu(backendPid, perBlock, i -> lib.get(i % chains).rotate(g)));
            add(baseCpu, cpu(backendPid, perBlock, i -> replay.run(pool, base.get(i % chains))));
          }
          int n = blocks * perBlock;
          double libThread = libCpu[THREAD] / 1e3 / n;
          double libProc = libCpu[PROCESS] / 1e3 / n;
          double libJit = libCpu[JIT] / 1e3 / n;
          double baseThread = baseCpu[THREAD] / 1e3 / n;
          double baseProc = baseCpu[PROCESS] / 1e3 / n;
          double baseJit = baseCpu[JIT] / 1e3 / n;
          double libDb = backendPid > 0 ? libCpu[BACKEND] / 1e3 / n : 0;
          double baseDb = backendPid > 0 ? baseCpu[BACKEND] / 1e3 / n : 0;
          // The headline: the JVM's CPU without its JIT compiler threads (one-time work that a
          // short run would otherwise charge to the side that happened to trigger it), plus the
          // database backend's.
          double libSteady = libProc - libJit + libDb;
          double baseSteady = baseProc - baseJit + baseDb;
          rows.add(
              "| "
                  + kind
                  + " | "
                  + alg.joseName()
                  + " | "
                  + Report.f(libThread)
                  + " / "
                  + Report.f(libProc)
                  + " / "
                  + Report.f(libJit)
                  + " | "
                  + (backendPid > 0
                      ? Report.f(libDb)
                      : kind == DatabaseKind.H2 ? "in the JVM" : "not read (JVM CPU only)")
                  + " | "
                  + Report.f(baseThread)
                  + " / "
                  + Report.f(baseProc)
                  + " / "
                  + Report.f(baseJit)
                  + " | "
                  + (backendPid > 0 ? Report.f(baseDb) : "—")
                  + " | "
                  + Report.f(1e6 / (libProc - libJit))
                  + " | **"
                  + Report.f(baseSteady / libSteady)
                  + "** | "
                  + Report.f((baseThread + baseDb) / (libThread + libDb))
                  + " | "
                  + Report.f((baseProc + baseDb) / (libProc + libDb))
                  + " | "
                  + Report.f((double) baseCpu[WALL] / libCpu[WALL])
                  + " | "
                  + settled
                  + " |");
          System.err.println("refresh " + kind + " " + alg + ": " + rows.get(rows.size() - 1));
        } finally {
          g.close();
          emf.close();
        }
      }
    }
  }

  // ---- the baseline ------------------------------------------------------------------------

  /** One captured JDBC statement: its SQL, the calls made on it in order, its update counts. */
  static final class Recorded {
    final String sql;
    final List<Object[]> calls = new ArrayList<>(); // {Method, Object[] args}
    final List<Integer> updateCounts = new ArrayList<>();

    Recorded(String sql) {
      this.sql = sql;
    }
  }

  /** Replays a captured rotation on a chain: one transaction, the chain's values substituted. */
  static final class Replay {
    private final List<Recorded> statements;
    private final String capturedPresented;
    private final String capturedNext;
    private final int capturedGeneration;
    private final RefreshChains.Chain captured;

    Replay(
        List<Recorded> statements,
        RefreshChains.Held before,
        RefreshChains.Held after,
        RefreshChains.Chain captured) {
      String presented = before.hash();
      String next = after.hash();
      this.statements = statements;
      this.capturedPresented = presented;
      this.capturedNext = next;
      this.capturedGeneration = before.generation();
      this.captured = captured;
      boolean sawPresented = false;
      boolean sawNext = false;
      for (Recorded r : statements) {
        for (Object[] call : r.calls) {
          Object[] args = (Object[]) call[1];
          if (args != null) {
            for (Object a : args) {
              sawPresented |= presented.equals(a);
              sawNext |= next.equals(a);
            }
          }
        }
      }
      if (!sawPresented || !sawNext) {
        throw new IllegalStateException(
            "the captured rotation does not bind the token hashes: " + describe(statements));
      }
    }

    void run(DataSource ds, RefreshChains.Chain chain) {
      String next = HexFormat.of().formatHex(randomBytes());
      Map<Object, Object> swap = new java.util.HashMap<>();
      swap.put(capturedPresented, chain.currentHash);
      swap.put(capturedNext, next);
      // The session's generation, bound as an int: the presented one and the next.
      swap.put(capturedGeneration, chain.generation);
      swap.put(capturedGeneration + 1, chain.generation + 1);
      swap.put(captured.sessionId, chain.sessionId);
      swap.put(captured.userPublicId, chain.userPublicId);
      swap.put(UUID.fromString(captured.userPublicId), UUID.fromString(chain.userPublicId));
      if (captured.profileId != null && chain.profileId != null) {
        swap.put(captured.profileId, chain.profileId);
      }
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        for (Recorded r : statements) {
          try (PreparedStatement ps = c.prepareStatement(r.sql)) {
            int u = 0;
            for (Object[] call : r.calls) {
              Method m = (Method) call[0];
              Object[] args = (Object[]) call[1];
              Object[] actual = args == null ? null : args.clone();
              if (actual != null) {
                for (int i = 1; i < actual.length; i++) {
                  Object v = actual[i];
                  if (v != null && swap.containsKey(v)) {
                    actual[i] = swap.get(v);
                  }
                }
              }
              Object result = m.invoke(ps, actual);
              if (result instanceof ResultSet rs) {
                readAll(rs);
              } else if (m.getName().equals("executeUpdate")) {
                int expected = r.updateCounts.get(u++);
                if ((Integer) result != expected) {
                  throw new IllegalStateException(
                      "baseline statement changed "
                          + result
                          + " rows, the library's "
                          + expected
                          + ": "
                          + r.sql);
                }
              } else if (m.getName().equals("execute") && Boolean.TRUE.equals(result)) {
                readAll(ps.getResultSet());
              }
            }
          }
        }
        c.commit();
        chain.currentHash = next;
        chain.generation++;
      } catch (SQLException | IllegalAccessException e) {
        throw new IllegalStateException(e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException(e.getCause());
      }
    }

    private static byte[] randomBytes() {
      byte[] b = new byte[32];
      ThreadLocalRandom.current().nextBytes(b);
      return b;
    }

    private static void readAll(ResultSet rs) throws SQLException {
      try (rs) {
        int cols = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= cols; i++) {
            Objects.hashCode(rs.getObject(i));
          }
        }
      }
    }
  }

  private static String describe(List<Recorded> statements) {
    StringBuilder b = new StringBuilder();
    for (Recorded r : statements) {
      b.append("\n  ").append(r.sql);
    }
    return b.toString();
  }

  /**
   * A data source that, while recording, hands out connections whose prepared statements remember
   * their SQL, the parameter setters and executes called on them, and the update counts; otherwise
   * it hands out the pool's connections untouched (so the measured runs pay nothing for it).
   */
  static final class Recorder implements DataSource {
    private final DataSource target;
    private volatile List<Recorded> recording;

    Recorder(DataSource target) {
      this.target = target;
    }

    void start() {
      recording = new ArrayList<>();
    }

    List<Recorded> stop() {
      List<Recorded> out = recording;
      recording = null;
      return out;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection c = target.getConnection();
      List<Recorded> into = recording;
      return into == null ? c : connection(c, into);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException();
    }

    private static Connection connection(Connection c, List<Recorded> into) {
      return (Connection)
          Proxy.newProxyInstance(
              Recorder.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (p, m, args) -> {
                Object result = call(c, m, args);
                if (result instanceof PreparedStatement ps
                    && m.getName().equals("prepareStatement")) {
                  Recorded r = new Recorded((String) args[0]);
                  into.add(r);
                  return statement(ps, r);
                }
                if (result instanceof Statement && !(result instanceof PreparedStatement)) {
                  throw new IllegalStateException("a plain Statement in the refresh path");
                }
                return result;
              });
    }

    private static PreparedStatement statement(PreparedStatement ps, Recorded r) {
      return (PreparedStatement)
          Proxy.newProxyInstance(
              Recorder.class.getClassLoader(),
              new Class<?>[] {PreparedStatement.class},
              (p, m, args) -> {
                String name = m.getName();
                Object result = call(ps, m, args);
                boolean setter =
                    name.startsWith("set")
                        && args != null
                        && args.length >= 2
                        && args[0] instanceof Integer;
                if (setter || name.startsWith("execute") || name.equals("addBatch")) {
                  if (name.equals("executeBatch")) {
                    throw new IllegalStateException("batched statement in the refresh path");
                  }
                  r.calls.add(new Object[] {m, args == null ? null : args.clone()});
                  if (name.equals("executeUpdate")) {
                    r.updateCounts.add((Integer) result);
                  }
                }
                return result;
              });
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
      try {
        return m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getLogger("dev.gatehouse.bench");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return target.isWrapperFor(iface);
    }
  }

  // ---- CPU ---------------------------------------------------------------------------------

  interface Step {
    void run(int i);
  }

  private static final int THREAD = 0;
  private static final int PROCESS = 1;
  private static final int BACKEND = 2;
  private static final int WALL = 3;
  private static final int JIT = 4;

  /**
   * {thread CPU, process CPU, server backend CPU, wall, JIT compiler threads' CPU} in ns for {@code
   * n} steps.
   */
  private long[] cpu(long backendPid, int n, Step step) {
    long j0 = jitCpu();
    long b0 = backendCpu(backendPid);
    long t0 = threads.getCurrentThreadCpuTime();
    long p0 = os.getProcessCpuTime();
    long w0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      step.run(i);
    }
    long w1 = System.nanoTime();
    long t1 = threads.getCurrentThreadCpuTime();
    long p1 = os.getProcessCpuTime();
    long b1 = backendCpu(backendPid);
    long j1 = jitCpu();
    return new long[] {t1 - t0, p1 - p0, b1 - b0, w1 - w0, j1 - j0};
  }

  /**
   * CPU (ns) of this JVM's JIT compiler threads alive now ({@link ProcessMeters#jitTicks}: the JMX
   * compilation time is wall time, inflated on a loaded machine); 0 where {@code /proc} is not
   * there.
   */
  private static long jitCpu() {
    long ticks = 0;
    for (long t : ProcessMeters.jitTicks(ProcessHandle.current().pid()).values()) {
      ticks += t;
    }
    return ticks * (1_000_000_000L / CLK_TCK);
  }

  private static void add(long[] into, long[] more) {
    for (int i = 0; i < into.length; i++) {
      into[i] += more[i];
    }
  }

  /** utime + stime of a process in ns ({@link ProcessMeters#cpuTicks}; 0 when pid is 0). */
  private static long backendCpu(long pid) {
    if (pid == 0) {
      return 0;
    }
    long ticks = ProcessMeters.cpuTicks(pid);
    if (ticks < 0) {
      throw new IllegalStateException("backend " + pid + " is gone");
    }
    return ticks * (1_000_000_000L / CLK_TCK);
  }
}
