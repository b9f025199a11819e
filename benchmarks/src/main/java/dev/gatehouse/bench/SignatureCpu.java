package dev.gatehouse.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Thread CPU microseconds per signature operation, for the raw primitives of {@link
 * SignatureBenchmark} and the library's whole token sign/verify of {@link TokenBenchmark}, measured
 * in interleaved blocks in one process so that load from other processes hits every row alike.
 * Prints Markdown: the median per operation and the ratios the token algorithm choice rests on.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.SignatureCpu [rounds=15]
 * </pre>
 */
public final class SignatureCpu {
  private SignatureCpu() {}

  /**
   * Entry point.
   *
   * @param args optionally the number of interleaved rounds
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    SignatureBenchmark raw = new SignatureBenchmark();
    raw.setUp();
    Map<String, Callable<?>> ops = new LinkedHashMap<>();
    ops.put("Ed25519 sign, JDK", raw::ed25519SignJdk);
    ops.put("Ed25519 sign, BouncyCastle", raw::ed25519SignBc);
    ops.put("Ed25519 verify, JDK", raw::ed25519VerifyJdk);
    ops.put("Ed25519 verify, BouncyCastle", raw::ed25519VerifyBc);
    ops.put("ES256 sign, JDK SunEC", raw::es256SignJdk);
    ops.put("ES256 sign, BouncyCastle provider", raw::es256SignBcProvider);
    ops.put("ES256 sign, BouncyCastle lightweight", raw::es256SignBcLightweight);
    ops.put("ES256 verify, JDK SunEC", raw::es256VerifyJdk);
    ops.put("ES256 verify, BouncyCastle provider", raw::es256VerifyBcProvider);
    ops.put("ES256 verify, BouncyCastle lightweight", raw::es256VerifyBcLightweight);
    ops.put("RS256 sign, JDK", raw::rs256SignJdk);
    ops.put("RS256 verify, JDK", raw::rs256VerifyJdk);
    for (String alg : new String[] {"HS256", "RS256", "ES256", "EdDSA"}) {
      TokenBenchmark token = new TokenBenchmark();
      token.alg = alg;
      token.setUp();
      ops.put("library token sign, " + alg, token::librarySign);
      ops.put("library token verify, " + alg, token::libraryVerify);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, List<Double>> perOp = new LinkedHashMap<>();
    ops.keySet().forEach(k -> perOp.put(k, new ArrayList<>()));
    for (int round = -2; round < rounds; round++) { // two rounds of warm-up
      for (Map.Entry<String, Callable<?>> op : ops.entrySet()) {
        int n = 0;
        long c0 = threads.getCurrentThreadCpuTime();
        long elapsed;
        do { // about 20 ms of CPU per block
          op.getValue().call();
          n++;
          elapsed = threads.getCurrentThreadCpuTime() - c0;
        } while (elapsed < 20_000_000L);
        if (round >= 0) {
          perOp.get(op.getKey()).add(elapsed / 1e3 / n);
        }
      }
    }
    Map<String, Double> median = new LinkedHashMap<>();
    System.out.println("| operation | thread CPU µs per op (median of " + rounds + " blocks) |");
    System.out.println("|---|---|");
    for (Map.Entry<String, List<Double>> e : perOp.entrySet()) {
      double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(v);
      median.put(e.getKey(), v[v.length / 2]);
      System.out.printf(Locale.ROOT, "| %s | %.1f |%n", e.getKey(), v[v.length / 2]);
    }
    System.out.println();
    ratio(median, "Ed25519 sign, JDK", "Ed25519 sign, BouncyCastle");
    ratio(median, "Ed25519 verify, JDK", "Ed25519 verify, BouncyCastle");
    ratio(median, "ES256 sign, JDK SunEC", "ES256 sign, BouncyCastle lightweight");
    ratio(median, "ES256 verify, BouncyCastle provider", "ES256 verify, BouncyCastle lightweight");
    ratio(median, "ES256 verify, JDK SunEC", "ES256 verify, BouncyCastle lightweight");
    ratio(median, "library token sign, ES256", "ES256 sign, BouncyCastle lightweight");
    ratio(median, "library token verify, ES256", "ES256 verify, BouncyCastle lightweight");
    ratio(median, "library token sign, EdDSA", "Ed25519 sign, BouncyCastle");
    ratio(median, "library token verify, EdDSA", "Ed25519 verify, BouncyCastle");
    ratio(median, "library token verify, ES256", "library token verify, EdDSA");
    ratio(median, "library token verify, RS256", "library token verify, EdDSA");
  }

  private static void ratio(Map<String, Double> median, String a, String b) {
    System.out.printf(Locale.ROOT, "- %s ÷ %s: **%.2f**%n", a, b, median.get(a) / median.get(b));
  }
}
