package dev.gatehouse.bench;

import dev.gatehouse.core.password.Argon2Backend;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One JVM launch of {@code benchmarks/argon2-launches.sh}: hashes Argon2id {@code n} times on one
 * thread with one implementation and prints the mean thread-CPU milliseconds per hash over the
 * second half (the first half is the JIT's warm-up), as {@code cpu-ms-per-hash <value>}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.Argon2Launch bc|gatehouse n memoryKib iterations
 * </pre>
 *
 * <p>{@code bc} is BouncyCastle's {@code Argon2BytesGenerator} called directly; {@code gatehouse}
 * is {@link PasswordHashing#verify} of a stored {@code $argon2id$} string (one hash plus parsing
 * and a constant-time compare), whatever implementation the library picks.
 */
public final class Argon2Launch {
  private Argon2Launch() {}

  /**
   * Entry point.
   *
   * @param args implementation, number of hashes, memory in KiB, iterations
   */
  public static void main(String[] args) {
    String implementation = args[0];
    int n = Integer.parseInt(args[1]);
    int memoryKib = Integer.parseInt(args[2]);
    int iterations = Integer.parseInt(args[3]);
    byte[] salt = "somesaltsomesalt".getBytes(StandardCharsets.US_ASCII);
    Runnable hash;
    switch (implementation) {
      case "bc" -> hash = () -> Harness.bouncyCastleArgon2(memoryKib, iterations, salt);
      case "gatehouse" -> {
        PasswordHashing hashing =
            PasswordHashing.builder()
                .options(
                    PasswordHashingOptions.builder()
                        .algorithm(PasswordHashAlgorithm.ARGON2ID)
                        .argon2(memoryKib, iterations, 1)
                        .build())
                .argon2Backend(Argon2Backend.java())
                .build();
        String stored = hashing.hash(BenchWorld.PASSWORD);
        hash =
            () -> {
              if (!hashing.verify(BenchWorld.PASSWORD, stored).matched()) {
                throw new IllegalStateException("the stored hash does not verify");
              }
            };
      }
      default -> throw new IllegalArgumentException("bc or gatehouse, not " + implementation);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long measured = 0;
    for (int i = 0; i < n; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      hash.run();
      if (i >= n / 2) {
        measured += threads.getCurrentThreadCpuTime() - c0;
      }
    }
    System.out.printf(Locale.ROOT, "cpu-ms-per-hash %.2f%n", measured / 1e6 / (n - n / 2));
  }
}
