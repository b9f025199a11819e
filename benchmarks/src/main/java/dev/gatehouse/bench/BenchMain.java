package dev.gatehouse.bench;

import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole budget and prints it as Markdown (also written to {@code
 * benchmarks/target/bench-report.md}):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.BenchMain quick|full [jmh|harness]
 * </pre>
 *
 * <p>{@code quick} takes a few minutes (short JMH iterations, 100,000 expired rows); {@code full}
 * uses longer iterations, two forks and 1,000,000 rows. A second argument runs only the JMH part or
 * only the harness; {@code argon2} only the Argon2 backends (BouncyCastle, Java, libargon2); {@code
 * refresh} only the refresh rotations against their own SQL by plain JDBC ({@link RefreshBench});
 * {@code enumeration} whether an address's account shows in the answer's time ({@link
 * EnumerationTiming}, PostgreSQL); {@code loginwrites} what a password login writes in PostgreSQL
 * ({@link LoginWrites}).
 */
public final class BenchMain {
  private BenchMain() {}

  /**
   * Entry point.
   *
   * @param args {@code quick} or {@code full}, then optionally {@code jmh}, {@code harness}, {@code
   *     argon2} or {@code refresh}
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Logger.getLogger("").setLevel(Level.WARNING);
    Logger.getLogger("liquibase").setLevel(Level.WARNING);
    boolean full = args.length > 0 && args[0].equals("full");
    String part = args.length > 1 ? args[1] : "all";
    Report report = new Report();
    if (part.equals("argon2")) {
      new Harness(full, report).argon2Backends();
    } else if (part.equals("refresh")) {
      new RefreshBench(full, report).run();
    } else if (part.equals("live")) {
      Harness h = new Harness(full, report);
      for (DatabaseKind kind : TestDatabase.enabledKinds()) {
        h.liveCheck(kind);
      }
    } else if (part.equals("throughput")) {
      // OTP request + login (through the outbox's delivery) and refresh, PostgreSQL.
      new Harness(full, report).throughputOnly();
    } else if (part.equals("enumeration")) {
      // Existence through time: known against unknown addresses, rank test (issue 36).
      for (DatabaseKind kind : TestDatabase.enabledKinds()) {
        if (kind == DatabaseKind.POSTGRESQL) {
          new EnumerationTiming(report).run(kind);
        }
      }
    } else if (part.equals("loginwrites")) {
      // What a password login writes in PostgreSQL: WAL, index entries, HOT (issue 79).
      new LoginWrites(full).run();
    } else if (part.equals("redis")) {
      new RedisCountersBench(full, report).run();
    } else if (part.equals("login")) {
      Harness h = new Harness(full, report);
      for (DatabaseKind kind : TestDatabase.enabledKinds()) {
        if (kind != DatabaseKind.MARIADB) {
          h.loginCpu(kind);
        }
      }
    } else {
      if (!part.equals("harness")) {
        jmh(full, report);
      }
      if (!part.equals("jmh")) {
        new Harness(full, report).run();
      }
    }
    String md = report.markdown();
    System.out.println(md);
    Path out = Path.of("benchmarks", "target", "bench-report.md");
    try {
      Files.createDirectories(out.getParent());
      Files.writeString(out, md);
    } catch (IOException e) {
      System.err.println("could not write " + out + ": " + e);
    }
  }

  private static void jmh(boolean full, Report report) throws RunnerException {
    // Hashing: library and raw in one run, with the allocation profiler.
    Map<String, double[]> hash =
        scores(
            run(
                base(full, 2, full ? 3 : 1, full ? 5 : 2)
                    .include(HashingBenchmark.class.getName() + "\\.(library|raw)$")
                    .addProfiler(GCProfiler.class)));
    Map<String, double[]> jdk =
        scores(
            run(
                base(full, 2, 1, full ? 5 : 2)
                    .include(HashingBenchmark.class.getName() + "\\.(raw|bouncyCastle)$")
                    .param("scheme", "pbkdf2_sha256-600k")));
    for (String scheme :
        new String[] {
          "argon2id-19m-t2",
          "argon2id-7m-t5",
          "bcrypt-10",
          "bcrypt-12",
          "pbkdf2_sha256-600k",
          "django-bcrypt_sha256-12"
        }) {
      double[] lib = hash.get("library " + scheme);
      double[] raw = hash.get("raw " + scheme);
      if (lib != null && raw != null) {
        report.hashing(scheme, lib[0], raw[0], lib[1], raw[1]);
      }
    }
    double[] bc = jdk.get("bouncyCastle pbkdf2_sha256-600k");
    double[] sun = jdk.get("raw pbkdf2_sha256-600k");
    if (bc != null && sun != null) {
      report.jdkPbkdf2(bc[0], sun[0]);
    }

    Map<String, double[]> tok =
        scores(
            run(
                base(full, 1, full ? 3 : 1, full ? 5 : 2)
                    .include(
                        TokenBenchmark.class.getName()
                            + "\\.(librarySign|rawSign|libraryVerify|rawVerify)$")));
    Map<String, double[]> bcVerify =
        scores(
            run(
                base(full, 1, full ? 3 : 1, full ? 5 : 2)
                    .include(TokenBenchmark.class.getName() + "\\.(libraryVerify|rawVerifyBc)$")
                    .param("alg", "ES256")));
    for (String alg : new String[] {"HS256", "RS256", "ES256", "EdDSA"}) {
      String baseline =
          alg.equals("EdDSA") ? "nimbus + JDK Ed25519 (nimbus's needs Tink)" : "nimbus";
      String verifyBaseline = alg.equals("ES256") ? "nimbus, default SunEC provider" : baseline;
      report.token(
          alg, "sign", tok.get("librarySign " + alg)[0], tok.get("rawSign " + alg)[0], baseline);
      report.token(
          alg,
          "verify",
          tok.get("libraryVerify " + alg)[0],
          tok.get("rawVerify " + alg)[0],
          verifyBaseline);
    }
    report.token(
        "ES256",
        "verify",
        bcVerify.get("libraryVerify ES256")[0],
        bcVerify.get("rawVerifyBc ES256")[0],
        "nimbus with the BouncyCastle provider the library uses");
  }

  private static ChainedOptionsBuilder base(
      boolean full, int seconds, int warmups, int iterations) {
    return new OptionsBuilder()
        .forks(full ? 2 : 1)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(seconds))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(seconds))
        .timeUnit(TimeUnit.MILLISECONDS)
        .shouldFailOnError(true);
  }

  private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
    return new Runner(options.build()).run();
  }

  /** "method param" → {primary score, gc.alloc.rate.norm or NaN}. */
  private static Map<String, double[]> scores(Collection<RunResult> results) {
    Map<String, double[]> out = new HashMap<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      String method = label.substring(label.lastIndexOf('.') + 1);
      String param =
          r.getParams().getParamsKeys().isEmpty()
              ? ""
              : r.getParams().getParam(r.getParams().getParamsKeys().iterator().next());
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      out.put(
          method + " " + param,
          new double[] {
            r.getPrimaryResult().getScore(), alloc == null ? Double.NaN : alloc.getScore()
          });
    }
    return out;
  }
}
