package dev.gatehouse.bench;

import dev.gatehouse.bench.ServerSide.Pair;
import dev.gatehouse.bench.ServerSide.Server;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Settings are system properties ({@code -Dsbs.threads=4}); see {@link SideBySideSettings}.
 */
public final class SideBySide {
  static final String GH = "GH";
  static final String GH_BEFORE = "GH-before";
  static final String KC = "KC";

  private final SideBySideSettings s;
  private final StringBuilder out = new StringBuilder();
  private final List<String> errors = new ArrayList<>();
  private final long clockTicks;
  private final SideBySidePostgres pg;
  private final SideBySidePhases phases;
  private SignatureCost signatures;

  private SideBySide(SideBySideSettings s) throws IOException, InterruptedException {
    this.s = s;
    this.clockTicks = ProcessMeters.clockTicks();
    this.pg = new SideBySidePostgres(s.pgUrl(), errors, clockTicks);
    this.phases = new SideBySidePhases(s, pg, errors, clockTicks);
  }

  /**
   * Entry point.
   *
   * @param args {@code quick} (default) or {@code full}
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    SideBySideSettings s = SideBySideSettings.read(args.length > 0 ? args[0] : "quick");
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
    line(KeycloakSide.guards(s));
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
      GatehouseSide gh = new GatehouseSide(s, pg, GH, ghDb, ghKey, s.ghJar(), false);
      KeycloakSide kc = new KeycloakSide(s, pg, kcDb);
      List<ServerSide> order = new ArrayList<>();
      for (int i = 0; i < s.launchesPerSide(); i++) {
        // GH, KC, KC, GH, GH, KC, ...: each side goes first as often as the other; with the tree
        // before (sbs.gatehouseBeforeJar) GH-before, GH, KC, KC, GH, GH-before, ...
        List<ServerSide> round = new ArrayList<>();
        if (withBefore) {
          round.add(new GatehouseSide(s, pg, GH_BEFORE, beforeDb, ghKey, s.ghBeforeJar(), false));
        }
        round.add(gh);
        round.add(kc);
        if (i % 2 == 1) {
          java.util.Collections.reverse(round);
        }
        order.addAll(round);
      }
      int launch = 0;
      for (ServerSide side : order) {
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
      new SideBySideVerification(s, this::line, errors).run(lastTokens.get(GH), lastTokens.get(KC));
    } finally {
      pg.dropDatabase(ghDb);
      pg.dropDatabase(kcDb);
      if (withBefore) {
        pg.dropDatabase(beforeDb);
      }
    }
    if (s.embedded()) {
      line("");
      new SideBySideEmbedded(s, this::line, errors).run();
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

  /** One unit of load on client thread {@code c}; {@code state[0]} is the thread's token pair. */
  interface Op {
    void run(int c, Pair[] state) throws Exception;
  }

  /** Access tokens and the JWKS and issuer to verify them with. */
  record Tokens(List<String> access, String jwks, String issuer) {}

  private LaunchResult launch(ServerSide side, int launch) throws Exception {
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
              access.add(p.access());
            }
          };
      phases.run(side, server, login, s.warmUp(), null);
      pg.analyze(side.database());
      phases.jfr(server, "start", side, launch, "login");
      r.login = phases.run(side, server, login, s.measure(), null);
      phases.jfr(server, "stop", side, launch, "login");
      Op refresh =
          (c, st) -> {
            Pair next = side.refresh(clients[c], st[0].refresh());
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
      phases.run(side, server, refresh, s.warmUp(), seed);
      pg.analyze(side.database());
      phases.jfr(server, "start", side, launch, "refresh");
      r.refresh = phases.run(side, server, refresh, s.measure(), seed);
      phases.jfr(server, "stop", side, launch, "refresh");
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

  private void line(String l) {
    out.append(l).append('\n');
    System.err.println(l); // progress while it runs
  }
}
