package dev.gatehouse.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Gatehouse's example application and Keycloak side by side on the same machine, the same
 * PostgreSQL, the same JDK and the same Argon2id parameters, driven over HTTP by this process at
 * the same concurrency (issue 19, item 1). Run by {@code benchmarks/keycloak-side-by-side.sh},
 * which downloads and builds Keycloak and the example first; never by {@code mvn verify}.
 *
 * <p>For each side it starts fresh server JVMs in the order GH, KC, KC, GH (then KC, GH, GH, KC
 * ...), each on its own fresh database created here and dropped at the end, and measures per
 * launch: idle RSS, password logins per second (Keycloak: the direct grant), refresh rotations per
 * second (Keycloak with "revoke refresh token" on, so both sides rotate single-use refresh tokens),
 * server CPU per operation from {@code /proc/<pid>/stat} (utime + stime of the whole server
 * process) and PostgreSQL CPU per operation (the backends serving that side's database). Then
 * access-token verification on the resource side: the same verifier (nimbus-jose-jwt, with each
 * side's published JWKS, checking signature, {@code exp} and {@code iss}) over tokens each side
 * issued, as thread CPU per verification in interleaved blocks. Then Gatehouse embedded (no HTTP)
 * on PostgreSQL at the same parameters and concurrency. It prints every pair with its ratio GH/KC
 * and the load average, and exits non-zero only on errors, never on a missed target.
 *
 * <p>This process's own CPU per operation is printed too: the load generator must not be the
 * bottleneck.
 *
 * <p>Settings are system properties ({@code -Dsbs.threads=4}); see {@link Settings}.
 */
public final class SideBySide {
  private static final String PASSWORD = BenchWorld.PASSWORD;
  private static final String REALM = "bench";
  private static final String CLIENT = "bench-client";
  static final String GH = "GH";
  static final String GH_BEFORE = "GH-before";
  static final String KC = "KC";

  private final Settings s;
  private final StringBuilder out = new StringBuilder();
  private final List<String> errors = new ArrayList<>();
  private final long clockTicks;
  private final SideBySidePostgres pg;
  private SignatureCost signatures;

  private SideBySide(Settings s) throws IOException, InterruptedException {
    this.s = s;
    this.clockTicks = ProcessMeters.clockTicks();
    this.pg = new SideBySidePostgres(s.pgUrl(), errors, clockTicks);
  }

  /** Every knob, from system properties ({@code sbs.*}) with the quick or full defaults. */
  record Settings(
      boolean full,
      int users,
      int threads,
      Duration warmUp,
      Duration measure,
      int launchesPerSide,
      int memoryKib,
      int iterations,
      int parallelism,
      String alg,
      String pgUrl,
      Path kcHome,
      Path ghJar,
      Path ghBeforeJar,
      Path serverJava,
      Duration startLimit,
      Path logDir,
      boolean embedded,
      boolean jfr,
      String serverCpus) {
    static Settings read(String mode) {
      boolean full = mode.equals("full");
      return new Settings(
          full,
          Integer.getInteger("sbs.users", full ? 200 : 40),
          Integer.getInteger("sbs.threads", 4),
          Duration.ofSeconds(Integer.getInteger("sbs.warmup", full ? 20 : 5)),
          Duration.ofSeconds(Integer.getInteger("sbs.seconds", full ? 30 : 8)),
          Integer.getInteger("sbs.launches", 2),
          Integer.getInteger("sbs.memoryKib", 7168),
          Integer.getInteger("sbs.iterations", 5),
          Integer.getInteger("sbs.parallelism", 1),
          System.getProperty("sbs.alg", "RS256"),
          System.getProperty(
              "sbs.postgres", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"),
          Path.of(System.getProperty("sbs.keycloak", "keycloak")),
          Path.of(System.getProperty("sbs.gatehouseJar", "examples/target/gatehouse-examples.jar")),
          System.getProperty("sbs.gatehouseBeforeJar", "").isEmpty()
              ? null
              : Path.of(System.getProperty("sbs.gatehouseBeforeJar")),
          Path.of(System.getProperty("sbs.java", System.getProperty("java.home") + "/bin/java")),
          Duration.ofMinutes(Integer.getInteger("sbs.startMinutes", 5)),
          Path.of(System.getProperty("sbs.logs", "benchmarks/target/side-by-side")),
          Boolean.parseBoolean(System.getProperty("sbs.embedded", "true")),
          Boolean.parseBoolean(System.getProperty("sbs.jfr", "false")),
          System.getProperty("sbs.serverCpus", "").isEmpty()
              ? null
              : System.getProperty("sbs.serverCpus"));
    }
  }

  /**
   * Entry point.
   *
   * @param args {@code quick} (default) or {@code full}
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    Settings s = Settings.read(args.length > 0 ? args[0] : "quick");
    SideBySide run = new SideBySide(s);
    int code;
    try {
      code = run.run();
    } catch (Exception e) {
      e.printStackTrace();
      code = 2;
    }
    System.out.println(run.out);
    Path report = s.logDir().resolve("report.md");
    Files.createDirectories(s.logDir());
    Files.writeString(report, run.out);
    System.out.println("(written to " + report + ")");
    System.exit(code);
  }

  // ---- the run ------------------------------------------------------------------------------

  private int run() throws Exception {
    Files.createDirectories(s.logDir());
    String tag = Long.toString(System.currentTimeMillis() % 1_000_000L, 36);
    String ghDb = "gh_bench_" + tag;
    String kcDb = "kc_bench_" + tag;
    KeyPair ghKey = SideBySideKeys.ghKeyPair(s.alg());
    line("# Gatehouse vs Keycloak 26.4.5, side by side (issue 19 item 1)");
    line("");
    line(
        "- mode: "
            + (s.full() ? "full" : "quick")
            + "; load average before: "
            + ProcessMeters.loadAverage());
    line(
        "- Argon2id on both sides: m="
            + s.memoryKib()
            + " KiB, t="
            + s.iterations()
            + ", p="
            + s.parallelism()
            + " (Keycloak: password policy hashAlgorithm(argon2) + argon2 provider options;"
            + " Gatehouse: gatehouse.password.argon2.*)");
    line(
        "- access tokens: "
            + s.alg()
            + " on both sides; "
            + s.users()
            + " users per side; "
            + s.threads()
            + " client threads; warm-up "
            + s.warmUp().toSeconds()
            + " s, then "
            + s.measure().toSeconds()
            + " s per phase; "
            + s.launchesPerSide()
            + " server JVM launches per side");
    line(
        "- server JVM: " + s.serverJava() + " (" + ProcessMeters.javaVersion(s.serverJava()) + ")");
    line(
        "- load generator: this JVM, "
            + Runtime.version()
            + ", one keep-alive HTTP/1.1 socket per client thread for the measured requests"
            + " (KeepAliveHttp)");
    line(
        "- cores this load generator may use: "
            + Runtime.getRuntime().availableProcessors()
            + (s.serverCpus() == null
                ? ", shared by the server, PostgreSQL and this load generator"
                : "; the server pinned to CPU "
                    + s.serverCpus()
                    + ", PostgreSQL and this load generator to the others (SBS_SERVER_CPUS)"));
    line(
        "- PostgreSQL: autovacuum "
            + pg.autovacuum()
            + "; every table of a side's database analyzed after its sign-ups and after each"
            + " warm-up (SideBySidePostgres#analyze)");
    line("");
    String beforeDb = "ghb_bench_" + tag;
    boolean withBefore = s.ghBeforeJar() != null;
    pg.createDatabase(ghDb);
    pg.createDatabase(kcDb);
    if (withBefore) {
      pg.createDatabase(beforeDb);
    }
    List<LaunchResult> results = new ArrayList<>();
    Map<String, Tokens> lastTokens = new HashMap<>();
    try {
      signatures = SignatureCost.measure(s.serverJava(), s.alg());
      line("- " + signatures.describe());
      Gh gh = new Gh(GH, ghDb, ghKey, s.ghJar());
      Kc kc = new Kc(kcDb);
      List<Side> order = new ArrayList<>();
      for (int i = 0; i < s.launchesPerSide(); i++) {
        // GH, KC, KC, GH, GH, KC, ...: each side goes first as often as the other; with the tree
        // before (sbs.gatehouseBeforeJar) GH-before, GH, KC, KC, GH, GH-before, ...
        List<Side> round = new ArrayList<>();
        if (withBefore) {
          round.add(new Gh(GH_BEFORE, beforeDb, ghKey, s.ghBeforeJar()));
        }
        round.add(gh);
        round.add(kc);
        if (i % 2 == 1) {
          java.util.Collections.reverse(round);
        }
        order.addAll(round);
      }
      int launch = 0;
      for (Side side : order) {
        launch++;
        LaunchResult r = launch(side, launch);
        results.add(r);
        lastTokens.put(side.name(), r.tokens);
      }
      SignatureCost after = SignatureCost.measure(s.serverJava(), s.alg());
      line("- after the launches: " + after.describe());
      signatures = signatures.mean(after);
      line("");
      new SideBySideSummary(signatures, this::line).write(results);
      line("");
      verification(lastTokens.get(GH), lastTokens.get(KC));
    } finally {
      pg.dropDatabase(ghDb);
      pg.dropDatabase(kcDb);
      if (withBefore) {
        pg.dropDatabase(beforeDb);
      }
    }
    if (s.embedded()) {
      line("");
      embedded();
    }
    line("");
    line("- load average after: " + ProcessMeters.loadAverage());
    if (!errors.isEmpty()) {
      line("");
      line("## Errors");
      for (String e : errors) {
        line("- " + e);
      }
      return 1;
    }
    return 0;
  }

  /** What one server launch measured. */
  static final class LaunchResult {
    String side;
    int launch;
    long idleRssKib;
    double startSeconds;
    Phase login;
    Phase refresh;
    Tokens tokens;
  }

  /**
   * One measured phase: operations, wall time and CPU of the server (of it, its JIT compiler
   * threads'), PostgreSQL and this JVM.
   */
  record Phase(
      long ops,
      long failures,
      double seconds,
      double serverCpuMs,
      double serverJitMs,
      double pgCpuMs,
      double clientCpuMs) {
    double rate() {
      return ops / seconds;
    }

    double serverCpuPerOp() {
      return serverCpuMs / ops;
    }

    /**
     * Server CPU per operation without the JIT compilers' threads: in a short phase a server still
     * compiling its hot paths spends much of its CPU there, which says little about the request.
     */
    double serverCpuPerOpWithoutJit() {
      return (serverCpuMs - serverJitMs) / ops;
    }

    double pgCpuPerOp() {
      return pgCpuMs / ops;
    }

    double clientCpuPerOp() {
      return clientCpuMs / ops;
    }
  }

  /** Access tokens and the JWKS and issuer to verify them with. */
  record Tokens(List<String> access, String jwks, String issuer) {}

  private LaunchResult launch(Side side, int launch) throws Exception {
    Server server = side.start(launch);
    try {
      LaunchResult r = new LaunchResult();
      r.side = side.name();
      r.launch = launch;
      r.startSeconds = server.startSeconds;
      Thread.sleep(3000); // settle after start-up before reading the idle RSS
      r.idleRssKib = ProcessMeters.rssKib(server.pid);
      side.prepare(server);
      pg.analyze(side.database());
      KeepAliveHttp[] clients = new KeepAliveHttp[s.threads()];
      for (int i = 0; i < clients.length; i++) {
        clients[i] = new KeepAliveHttp(side.server());
      }
      ConcurrentLinkedQueue<String> access = new ConcurrentLinkedQueue<>();
      AtomicInteger nextUser = new AtomicInteger();
      Op login =
          (c, st) -> {
            Pair p = side.login(clients[c], "bench" + (nextUser.getAndIncrement() % s.users()));
            if (access.size() < 200) {
              access.add(p.access);
            }
          };
      phase(side, server, login, s.warmUp(), null);
      pg.analyze(side.database());
      jfr(server, "start", side, launch, "login");
      r.login = phase(side, server, login, s.measure(), null);
      jfr(server, "stop", side, launch, "login");
      Op refresh =
          (c, st) -> {
            Pair next = side.refresh(clients[c], st[0].refresh);
            st[0] = next;
          };
      Function<Integer, Pair> seed =
          c -> {
            try {
              return side.login(clients[c], "bench" + (nextUser.getAndIncrement() % s.users()));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
      phase(side, server, refresh, s.warmUp(), seed);
      pg.analyze(side.database());
      jfr(server, "start", side, launch, "refresh");
      r.refresh = phase(side, server, refresh, s.measure(), seed);
      jfr(server, "stop", side, launch, "refresh");
      for (KeepAliveHttp c : clients) {
        c.close();
      }
      r.tokens =
          new Tokens(new ArrayList<>(access), side.jwks(HttpClient.newHttpClient()), side.issuer());
      line(
          String.format(
              Locale.ROOT,
              "- launch %d %s: idle RSS %d MiB; logins %.1f/s (server CPU %.1f ms, PostgreSQL %.2f"
                  + " ms, client %.2f ms per login); refresh %.1f/s (server %.2f ms of which JIT"
                  + " compilers %.2f ms, PostgreSQL %.2f ms, client %.2f ms per refresh); load %s",
              launch,
              r.side,
              r.idleRssKib / 1024,
              r.login.rate(),
              r.login.serverCpuPerOp(),
              r.login.pgCpuPerOp(),
              r.login.clientCpuPerOp(),
              r.refresh.rate(),
              r.refresh.serverCpuPerOp(),
              r.refresh.serverJitMs / r.refresh.ops,
              r.refresh.pgCpuPerOp(),
              r.refresh.clientCpuPerOp(),
              ProcessMeters.loadAverage()));
      return r;
    } finally {
      server.stop();
    }
  }

  /**
   * Starts or stops a flight recording of the server for one measured phase (sbs.jfr=true), through
   * the server JDK's jcmd; the recording is written beside the logs. Off by default: the figures
   * without it are the ones to compare.
   */
  private void jfr(Server server, String what, Side side, int launch, String phase)
      throws IOException, InterruptedException {
    if (!s.jfr()) {
      return;
    }
    String name = side.name().toLowerCase(Locale.ROOT) + "-launch" + launch + "-" + phase;
    List<String> cmd = new ArrayList<>();
    cmd.add(s.serverJava().resolveSibling("jcmd").toString());
    cmd.add(Long.toString(server.pid));
    if (what.equals("start")) {
      cmd.add("JFR.start");
      cmd.add("name=" + name);
      cmd.add("settings=profile");
    } else {
      cmd.add("JFR.stop");
      cmd.add("name=" + name);
      cmd.add("filename=" + s.logDir().toAbsolutePath().resolve(name + ".jfr"));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      errors.add("jcmd " + cmd + " failed");
    }
  }

  /** One unit of load on client thread {@code c}; {@code state[0]} is the thread's token pair. */
  interface Op {
    void run(int c, Pair[] state) throws Exception;
  }

  private Phase phase(Side side, Server server, Op op, Duration d, Function<Integer, Pair> seed)
      throws Exception {
    int n = s.threads();
    Pair[][] state = new Pair[n][1];
    if (seed != null) {
      for (int c = 0; c < n; c++) {
        state[c][0] = seed.apply(c);
      }
    }
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch finished = new CountDownLatch(n);
    Map<Integer, Long> pg0 = pg.cpuTicks(side.database());
    long srv0 = ProcessMeters.cpuTicks(server.pid);
    Map<Long, Long> jit0 = ProcessMeters.jitTicks(server.pid);
    long cli0 = ProcessMeters.processCpuNanos();
    long start = System.nanoTime();
    long end = start + d.toNanos();
    for (int t = 0; t < n; t++) {
      int c = t;
      Thread th =
          new Thread(
              () -> {
                try {
                  while (System.nanoTime() < end) {
                    try {
                      op.run(c, state[c]);
                      done.incrementAndGet();
                    } catch (Exception e) {
                      failed.incrementAndGet();
                      if (failures.size() < 3) {
                        failures.add(side.name() + ": " + e.getMessage());
                      }
                      if (seed != null) {
                        state[c][0] = seed.apply(c); // a fresh chain after a failed rotation
                      }
                    }
                  }
                } catch (RuntimeException e) {
                  failed.incrementAndGet();
                  failures.add(side.name() + ": " + e);
                } finally {
                  finished.countDown();
                }
              },
              "sbs-" + t);
      th.start();
    }
    finished.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    long cli = ProcessMeters.processCpuNanos() - cli0;
    long srv = ProcessMeters.cpuTicks(server.pid) - srv0;
    long jit = ProcessMeters.ticksSince(jit0, ProcessMeters.jitTicks(server.pid));
    double pgMs = pg.cpuMs(pg0, pg.cpuTicks(side.database()));
    if (failed.get() > 0) {
      errors.add(failed.get() + " failed requests, e.g. " + failures);
    }
    return new Phase(
        done.get(),
        failed.get(),
        seconds,
        srv * 1000.0 / clockTicks,
        jit * 1000.0 / clockTicks,
        pgMs,
        cli / 1e6);
  }

  // ---- the two sides ------------------------------------------------------------------------

  /** An access token and a refresh token. */
  record Pair(String access, String refresh) {}

  /** A started server process: the JVM's pid (not a wrapper script's) and its log. */
  static final class Server {
    final Process process;
    final long pid;
    final double startSeconds;

    Server(Process process, long pid, double startSeconds) {
      this.process = process;
      this.pid = pid;
      this.startSeconds = startSeconds;
    }

    void stop() throws InterruptedException {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
      ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
    }
  }

  /** What the load needs to know about one product. */
  abstract class Side {
    abstract String name();

    abstract String database();

    abstract Server start(int launch) throws Exception;

    /** Creates the users (and realm) on the first launch; nothing later. */
    abstract void prepare(Server server) throws Exception;

    /** Where the measured requests go: the server's scheme, host and port. */
    abstract URI server();

    abstract Pair login(KeepAliveHttp c, String user) throws Exception;

    abstract Pair refresh(KeepAliveHttp c, String refreshToken) throws Exception;

    abstract String jwks(HttpClient c) throws Exception;

    abstract String issuer();

    Server launch(
        List<String> command, Map<String, String> env, Path log, String health, boolean child)
        throws Exception {
      List<String> pinned = new ArrayList<>();
      if (s.serverCpus() != null) {
        // taskset execs the command (same pid); kc.sh's java inherits the mask.
        pinned.addAll(List.of("taskset", "-c", s.serverCpus()));
      }
      pinned.addAll(command);
      ProcessBuilder pb = new ProcessBuilder(pinned);
      pb.environment().putAll(env);
      pb.redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      long started = System.nanoTime();
      Process p = pb.start();
      long deadline = System.nanoTime() + s.startLimit().toNanos();
      HttpClient c = HttpClient.newHttpClient();
      while (true) {
        if (!p.isAlive()) {
          throw new IllegalStateException(name() + " exited during start-up; see " + log);
        }
        try {
          HttpResponse<String> r =
              c.send(
                  HttpRequest.newBuilder(URI.create(health)).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            break;
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException(
              name()
                  + " did not start within "
                  + s.startLimit().toMinutes()
                  + " minutes (sbs.startMinutes); see "
                  + log);
        }
        Thread.sleep(500);
      }
      long pid = p.pid();
      if (child) { // kc.sh runs java as its child
        pid =
            p.descendants()
                .filter(h -> h.info().command().orElse("").endsWith("java"))
                .findFirst()
                .orElseThrow()
                .pid();
      }
      return new Server(p, pid, (System.nanoTime() - started) / 1e9);
    }
  }

  private static final int GH_PORT = 18181;
  private static final int KC_PORT = 18282;
  private static final int KC_MANAGEMENT_PORT = 18283;

  /** The Gatehouse example application (its boot jar), over its HTTP contract. */
  final class Gh extends Side {
    private final String name;
    private final String db;
    private final KeyPair key;
    private final Path jar;
    private final String base = "http://127.0.0.1:" + GH_PORT;

    Gh(String name, String db, KeyPair key, Path jar) {
      this.name = name;
      this.db = db;
      this.key = key;
      this.jar = jar;
    }

    @Override
    String name() {
      return name;
    }

    @Override
    String database() {
      return db;
    }

    @Override
    Server start(int launch) throws Exception {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("PORT", Integer.toString(GH_PORT));
      env.put("GATEHOUSE_DB_URL", pg.jdbcUrl(db));
      env.put("GATEHOUSE_SECRET_KEY", "side-by-side-secret-key-0123456789abcdef-0123");
      env.put("GATEHOUSE_JWT_PRIVATE_KEY_PEM", SideBySideKeys.pem(key));
      env.put("GATEHOUSE_JWT_ALG", s.alg());
      env.put("GATEHOUSE_JWT_KID", "bench-" + s.alg().toLowerCase(Locale.ROOT));
      env.put("GATEHOUSE_PASSWORD_ARGON2_MEMORY_KIB", Integer.toString(s.memoryKib()));
      env.put("GATEHOUSE_PASSWORD_ARGON2_ITERATIONS", Integer.toString(s.iterations()));
      env.put("GATEHOUSE_PASSWORD_ARGON2_PARALLELISM", Integer.toString(s.parallelism()));
      // Users registered over HTTP are not email-confirmed; Keycloak's are enabled at creation.
      env.put("GATEHOUSE_LOGIN_REQUIRE_VERIFIED", "false");
      // Every user registers from the load generator's loopback address, which counts like any
      // client's network (issue 54): 200 sign-ups and their mails would pass its hourly limits.
      env.put("GATEHOUSE_THROTTLE_REGISTRATION_PER_IP_HOURLY", "100000");
      env.put("GATEHOUSE_THROTTLE_ACCOUNT_MAIL_PER_IP_HOURLY", "100000");
      // Both sides' access tokens live an hour, so the verification phase at the end can use
      // tokens from the first launches (Keycloak's realm gets the same lifespan).
      env.put("GATEHOUSE_TOKEN_ACCESS_TTL", "1h");
      env.put("GATEHOUSE_TOKEN_ISSUER", issuer());
      return launch(
          List.of(s.serverJava().toString(), "-jar", jar.toString()),
          env,
          s.logDir().resolve(name.toLowerCase(Locale.ROOT) + "-launch" + launch + ".log"),
          base + "/health",
          false);
    }

    @Override
    void prepare(Server server) throws Exception {
      HttpClient c = HttpClient.newHttpClient();
      // Registering is idempotent (201 for a taken address too), so every launch may run it; only
      // the first creates users. Two at a time, as a host's sign-up traffic would.
      if (probe(c)) {
        return;
      }
      SideBySideHttp.parallel(
          2,
          s.users(),
          i ->
              SideBySideHttp.expect(
                  c,
                  SideBySideHttp.json(
                      base + "/auth/register/",
                      Map.of("email", SideBySideHttp.email("bench" + i), "password", PASSWORD)),
                  201));
    }

    private boolean probe(HttpClient c) throws Exception {
      HttpResponse<String> r =
          c.send(
              SideBySideHttp.json(
                  base + "/auth/login/basic/",
                  Map.of(
                      "email",
                      SideBySideHttp.email("bench" + (s.users() - 1)),
                      "password",
                      PASSWORD)),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    }

    @Override
    URI server() {
      return URI.create(base);
    }

    @Override
    Pair login(KeepAliveHttp c, String user) throws Exception {
      return pair(
          c.post(
              "/auth/login/basic/",
              SideBySideHttp.JSON,
              SideBySideHttp.jsonBody(
                  Map.of("email", SideBySideHttp.email(user), "password", PASSWORD)),
              200));
    }

    @Override
    Pair refresh(KeepAliveHttp c, String refreshToken) throws Exception {
      return pair(
          c.post(
              "/auth/token/refresh/",
              SideBySideHttp.JSON,
              SideBySideHttp.jsonBody(Map.of("refresh", refreshToken)),
              200));
    }

    private Pair pair(String body) throws Exception {
      Map<String, Object> m = JSONObjectUtils.parse(body);
      return new Pair((String) m.get("access"), (String) m.get("refresh"));
    }

    @Override
    String jwks(HttpClient c) throws Exception {
      return SideBySideHttp.expect(
          c, HttpRequest.newBuilder(URI.create(base + "/.well-known/jwks.json")).build(), 200);
    }

    @Override
    String issuer() {
      return "https://gatehouse.bench.test";
    }
  }

  /** Keycloak in production mode ({@code kc.sh start --optimized}), its direct grant. */
  final class Kc extends Side {
    private final String db;
    private final String base = "http://127.0.0.1:" + KC_PORT;
    private final String token = base + "/realms/" + REALM + "/protocol/openid-connect/token";

    Kc(String db) {
      this.db = db;
    }

    @Override
    String name() {
      return KC;
    }

    @Override
    String database() {
      return db;
    }

    @Override
    Server start(int launch) throws Exception {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("JAVA_HOME", s.serverJava().getParent().getParent().toString());
      env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
      env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-side-by-side");
      // On Java 24+ Quarkus' thread-local reset needs java.lang opened, or worker threads die
      // with IllegalAccessError (kc.sh 26.4.5 does not add it).
      env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
      Map<String, String> pg = SideBySide.this.pg.parts();
      List<String> cmd = new ArrayList<>();
      cmd.add(s.kcHome().resolve("bin/kc.sh").toString());
      cmd.add("start");
      cmd.add("--optimized");
      cmd.add("--http-enabled=true");
      cmd.add("--http-host=127.0.0.1");
      cmd.add("--http-port=" + KC_PORT);
      cmd.add("--http-management-port=" + KC_MANAGEMENT_PORT);
      cmd.add("--hostname-strict=false");
      cmd.add("--db-url=jdbc:postgresql://" + pg.get("hostPort") + "/" + db);
      cmd.add("--db-username=" + pg.get("user"));
      if (pg.containsKey("password")) {
        cmd.add("--db-password=" + pg.get("password"));
      }
      cmd.add("--spi-password-hashing--argon2--type=id");
      cmd.add("--spi-password-hashing--argon2--memory=" + s.memoryKib());
      cmd.add("--spi-password-hashing--argon2--iterations=" + s.iterations());
      cmd.add("--spi-password-hashing--argon2--parallelism=" + s.parallelism());
      return launch(
          cmd,
          env,
          s.logDir().resolve("keycloak-launch" + launch + ".log"),
          "http://127.0.0.1:" + KC_MANAGEMENT_PORT + "/health/ready",
          true);
    }

    private String adminToken(HttpClient c) throws Exception {
      String body =
          SideBySideHttp.expect(
              c,
              SideBySideHttp.form(
                  base + "/realms/master/protocol/openid-connect/token",
                  Map.of(
                      "grant_type", "password",
                      "client_id", "admin-cli",
                      "username", "admin",
                      "password", "admin-side-by-side")),
              200);
      return (String) JSONObjectUtils.parse(body).get("access_token");
    }

    @Override
    void prepare(Server server) throws Exception {
      HttpClient c = HttpClient.newHttpClient();
      HttpResponse<String> exists =
          c.send(
              HttpRequest.newBuilder(URI.create(base + "/realms/" + REALM)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (exists.statusCode() == 200) {
        return;
      }
      String admin = adminToken(c);
      Map<String, Object> realm = new LinkedHashMap<>();
      realm.put("id", REALM);
      realm.put("realm", REALM);
      realm.put("enabled", true);
      realm.put("passwordPolicy", "hashAlgorithm(argon2)");
      realm.put("accessTokenLifespan", 3600);
      // Single-use refresh tokens, as Gatehouse's rotation: each refresh revokes the one used.
      realm.put("revokeRefreshToken", true);
      realm.put("refreshTokenMaxReuse", 0);
      realm.put("ssoSessionIdleTimeout", 36000);
      realm.put("ssoSessionMaxLifespan", 72000);
      if (!s.alg().equals("RS256")) {
        realm.put("defaultSignatureAlgorithm", s.alg());
      }
      SideBySideHttp.expect(
          c, SideBySideHttp.admin(admin, "POST", base + "/admin/realms", realm), 201);
      if (!s.alg().equals("RS256")) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("name", s.alg() + "-bench");
        key.put("providerId", s.alg().equals("EdDSA") ? "eddsa-generated" : "ecdsa-generated");
        key.put("providerType", "org.keycloak.keys.KeyProvider");
        key.put("parentId", REALM);
        key.put(
            "config",
            s.alg().equals("EdDSA")
                ? Map.of("priority", List.of("200"), "eddsaEllipticCurveKey", List.of("Ed25519"))
                : Map.of("priority", List.of("200"), "ecdsaEllipticCurveKey", List.of("P-256")));
        SideBySideHttp.expect(
            c,
            SideBySideHttp.admin(
                admin, "POST", base + "/admin/realms/" + REALM + "/components", key),
            201);
      }
      Map<String, Object> client = new LinkedHashMap<>();
      client.put("clientId", CLIENT);
      client.put("publicClient", true);
      client.put("directAccessGrantsEnabled", true);
      client.put("standardFlowEnabled", false);
      SideBySideHttp.expect(
          c,
          SideBySideHttp.admin(admin, "POST", base + "/admin/realms/" + REALM + "/clients", client),
          201);
      // The admin token lives 60 s: a fresh one every 20 s, and once more on a 401.
      String[] holder = {adminToken(c)};
      long[] issued = {System.nanoTime()};
      SideBySideHttp.parallel(
          2,
          s.users(),
          i -> {
            String bearer;
            synchronized (holder) {
              if (System.nanoTime() - issued[0] > Duration.ofSeconds(20).toNanos()) {
                holder[0] = adminToken(c);
                issued[0] = System.nanoTime();
              }
              bearer = holder[0];
            }
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("username", "bench" + i);
            u.put("email", SideBySideHttp.email("bench" + i));
            u.put("emailVerified", true);
            u.put("enabled", true);
            u.put("firstName", "Bench");
            u.put("lastName", "User" + i);
            u.put(
                "credentials",
                List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
            HttpResponse<String> created =
                c.send(
                    SideBySideHttp.admin(
                        bearer, "POST", base + "/admin/realms/" + REALM + "/users", u),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() == 401) {
              SideBySideHttp.expect(
                  c,
                  SideBySideHttp.admin(
                      adminToken(c), "POST", base + "/admin/realms/" + REALM + "/users", u),
                  201);
            } else if (created.statusCode() != 201) {
              throw new IOException("creating a Keycloak user answered " + created.statusCode());
            }
          });
    }

    @Override
    Pair login(KeepAliveHttp c, String user) throws Exception {
      return pair(
          c.post(
              URI.create(token).getPath(),
              SideBySideHttp.FORM,
              SideBySideHttp.formBody(
                  Map.of(
                      "grant_type", "password",
                      "client_id", CLIENT,
                      "username", user,
                      "password", PASSWORD)),
              200));
    }

    @Override
    Pair refresh(KeepAliveHttp c, String refreshToken) throws Exception {
      return pair(
          c.post(
              URI.create(token).getPath(),
              SideBySideHttp.FORM,
              SideBySideHttp.formBody(
                  Map.of(
                      "grant_type", "refresh_token",
                      "client_id", CLIENT,
                      "refresh_token", refreshToken)),
              200));
    }

    @Override
    URI server() {
      return URI.create(base);
    }

    private Pair pair(String body) throws Exception {
      Map<String, Object> m = JSONObjectUtils.parse(body);
      return new Pair((String) m.get("access_token"), (String) m.get("refresh_token"));
    }

    @Override
    String jwks(HttpClient c) throws Exception {
      return SideBySideHttp.expect(
          c,
          HttpRequest.newBuilder(
                  URI.create(base + "/realms/" + REALM + "/protocol/openid-connect/certs"))
              .build(),
          200);
    }

    @Override
    String issuer() {
      return base + "/realms/" + REALM;
    }
  }

  // ---- token verification on the resource side ----------------------------------------------

  private void verification(Tokens gh, Tokens kc) throws Exception {
    line("## Access-token verification on the resource side");
    line("");
    if (gh == null || kc == null || gh.access().isEmpty() || kc.access().isEmpty()) {
      errors.add("no access tokens collected for verification");
      return;
    }
    if (s.alg().equals("EdDSA")) {
      line("- skipped: nimbus verifies Ed25519 only with Tink, which benchmarks does not carry.");
      return;
    }
    DefaultJWTProcessor<SecurityContext> ghP = processor(gh);
    DefaultJWTProcessor<SecurityContext> kcP = processor(kc);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int blocks = s.full() ? 20 : 8;
    int per = s.full() ? 2000 : 500;
    Runnable ghRun = verifier(ghP, gh.access(), per);
    Runnable kcRun = verifier(kcP, kc.access(), per);
    for (int i = 0; i < 3; i++) { // warm-up: JIT
      ghRun.run();
      kcRun.run();
    }
    long[] ghCpu = new long[blocks];
    long[] kcCpu = new long[blocks];
    for (int b = 0; b < blocks; b++) {
      long t0 = mx.getCurrentThreadCpuTime();
      ghRun.run();
      long t1 = mx.getCurrentThreadCpuTime();
      kcRun.run();
      long t2 = mx.getCurrentThreadCpuTime();
      ghCpu[b] = (t1 - t0) / per;
      kcCpu[b] = (t2 - t1) / per;
    }
    Arrays.sort(ghCpu);
    Arrays.sort(kcCpu);
    double ghUs = ghCpu[blocks / 2] / 1000.0;
    double kcUs = kcCpu[blocks / 2] / 1000.0;
    int ghLen = gh.access().get(0).length();
    int kcLen = kc.access().get(0).length();
    line(
        "Same verifier for both: nimbus-jose-jwt "
            + "DefaultJWTProcessor with the side's JWKS (fetched from the server), checking the "
            + s.alg()
            + " signature, exp, sub and iss; thread CPU per verification, median of "
            + blocks
            + " interleaved blocks of "
            + per
            + ", one thread.");
    line("");
    line("| figure | Gatehouse | Keycloak | GH / KC |");
    line("|---|---|---|---|");
    line(
        String.format(
            Locale.ROOT,
            "| verifications/s per core | %.0f | %.0f | **%.2f** |",
            1e6 / ghUs,
            1e6 / kcUs,
            kcUs / ghUs));
    line(
        String.format(
            Locale.ROOT,
            "| CPU µs per verification | %.1f | %.1f | %.2f |",
            ghUs,
            kcUs,
            ghUs / kcUs));
    line(
        String.format(
            Locale.ROOT,
            "| access token length (chars) | %d | %d | %.2f |",
            ghLen,
            kcLen,
            (double) ghLen / kcLen));
    line("");
    line(
        String.format(
            Locale.ROOT,
            "Target: token verification ≥ 1.0× Keycloak: %.2f× (%s).",
            kcUs / ghUs,
            kcUs / ghUs >= 1.0 ? "met" : "missed"));
  }

  private DefaultJWTProcessor<SecurityContext> processor(Tokens t) throws Exception {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    p.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.parse(s.alg()), new ImmutableJWKSet<>(JWKSet.parse(t.jwks()))));
    p.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(t.issuer()).build(), Set.of("exp", "sub")));
    // Check all once: a token that does not verify is an error, not a fast path.
    for (String a : t.access()) {
      p.process(a, null);
    }
    return p;
  }

  private static Runnable verifier(
      DefaultJWTProcessor<SecurityContext> p, List<String> tokens, int n) {
    return () -> {
      try {
        for (int i = 0; i < n; i++) {
          p.process(tokens.get(i % tokens.size()), null);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  // ---- Gatehouse embedded (no HTTP) ---------------------------------------------------------

  private void embedded() throws Exception {
    line("## Gatehouse embedded (no HTTP), for context");
    line("");
    if (System.getenv("GATEHOUSE_TEST_POSTGRES_URL") == null) {
      line("- skipped: GATEHOUSE_TEST_POSTGRES_URL is not set.");
      return;
    }
    try (BenchWorld w =
        BenchWorld.create(
            DatabaseKind.POSTGRESQL,
            1,
            b ->
                b.set(PasswordSettings.ARGON2_MEMORY_KIB, s.memoryKib())
                    .set(PasswordSettings.ARGON2_ITERATIONS, s.iterations())
                    .set(PasswordSettings.ARGON2_PARALLELISM, s.parallelism()))) {
      BenchWorld.Instance in = w.instances.get(0);
      String stored = in.gatehouse.passwordHashing().hash(PASSWORD);
      List<String> users = w.createUsers(Math.max(s.users(), 50), stored);
      AtomicInteger next = new AtomicInteger();
      Runnable login =
          () ->
              in.gatehouse
                  .accounts()
                  .login(
                      new LoginRequest(
                          users.get(next.getAndIncrement() % users.size()),
                          PASSWORD,
                          ClientInfo.web("10.0.0." + ThreadLocalRandom.current().nextInt(250))));
      ThreadLocal<String> token = new ThreadLocal<>();
      Runnable refresh =
          () -> {
            if (token.get() == null) {
              token.set(
                  w.startSession(in, users.get(next.getAndIncrement() % users.size()))
                      .refreshToken());
            }
            TokenPair p = in.gatehouse.sessions().refresh(token.get(), null);
            token.set(p.refreshToken());
          };
      double[] l = embeddedRun(login);
      double[] r = embeddedRun(refresh);
      line(
          "Same JVM as the load generator ("
              + Runtime.version()
              + "), BenchWorld on a fresh PostgreSQL schema, the library's default"
              + " development signing key (ES256), Argon2 backend "
              + in.gatehouse.passwordHashing().argon2Backend()
              + ", "
              + s.threads()
              + " threads.");
      line("");
      line("| figure | embedded |");
      line("|---|---|");
      line(String.format(Locale.ROOT, "| password logins/s | %.1f |", l[0]));
      line(String.format(Locale.ROOT, "| process CPU ms per login | %.2f |", l[1]));
      line(String.format(Locale.ROOT, "| refresh rotations/s | %.1f |", r[0]));
      line(String.format(Locale.ROOT, "| process CPU ms per refresh | %.2f |", r[1]));
    }
  }

  /** {ops/s, process CPU ms per op} on {@link Settings#threads()} threads. */
  private double[] embeddedRun(Runnable task) throws InterruptedException {
    runThreads(task, s.warmUp());
    long c0 = ProcessMeters.processCpuNanos();
    long t0 = System.nanoTime();
    long n = runThreads(task, s.measure());
    double sec = (System.nanoTime() - t0) / 1e9;
    return new double[] {n / sec, (ProcessMeters.processCpuNanos() - c0) / 1e6 / n};
  }

  private long runThreads(Runnable task, Duration d) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + d.toNanos();
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < s.threads(); t++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  while (System.nanoTime() < end) {
                    task.run();
                    done.incrementAndGet();
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join();
    }
    if (!failures.isEmpty()) {
      errors.add("embedded: " + failures.peek());
    }
    return done.get();
  }

  private void line(String l) {
    out.append(l).append('\n');
    System.err.println(l); // progress while it runs
  }
}
