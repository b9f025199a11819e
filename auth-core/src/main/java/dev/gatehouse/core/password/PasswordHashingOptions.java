package dev.gatehouse.core.password;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordPolicy.PasswordPolicyOptions;

/**
 * Immutable settings of {@link PasswordHashing}: the algorithm and parameters for new hashes, the
 * concurrency bound, and the caps that make stored hashes with absurd parameters {@link
 * PasswordVerification#UNSUPPORTED} instead of expensive.
 *
 * <p>Every value is checked when the record is constructed (directly or through {@link Builder});
 * an invalid value throws {@link ConfigurationException} naming its component, e.g. {@code
 * PasswordHashingOptions.bcryptCost must be <= 16, was 17}. The components an operator sets ({@code
 * gatehouse.password.*}) are checked under the operator's key by the configuration first, within
 * the same limits, so an operator never meets these names. Defaults follow the OWASP Password
 * Storage Cheat Sheet.
 *
 * <pre>{@code
 * PasswordHashingOptions options = PasswordHashingOptions.builder()
 *     .algorithm(PasswordHashAlgorithm.ARGON2ID)
 *     .argon2(19_456, 2, 1)
 *     .maxConcurrentHashes(4)
 *     .build();
 * }</pre>
 *
 * @param algorithm algorithm for new hashes (the operator's {@code gatehouse.password.algorithm})
 * @param argon2MemoryKib Argon2 memory in KiB (the operator's {@code
 *     gatehouse.password.argon2.memory-kib}), default 19456
 * @param argon2Iterations Argon2 passes (the operator's {@code
 *     gatehouse.password.argon2.iterations}), default 2
 * @param argon2Parallelism Argon2 lanes (the operator's {@code
 *     gatehouse.password.argon2.parallelism}), default 1
 * @param bcryptCost bcrypt log2 cost, default 12
 * @param scryptN scrypt CPU/memory cost, a power of two, default 2^17
 * @param scryptR scrypt block size, default 8
 * @param scryptP scrypt parallelism, default 1
 * @param pbkdf2Iterations PBKDF2-HMAC-SHA256 iterations, default 600000
 * @param maxConcurrentHashes how many hash computations may run at once (the operator's {@code
 *     gatehouse.password.max-concurrent-hashes}), default the number of available processors
 * @param maxPasswordBytes longest password, in UTF-8 bytes, that is hashed at all, default 1024, at
 *     most {@link #HARD_MAX_PASSWORD_BYTES}
 * @param maxIterations cap on the iteration count read from a stored PBKDF2, sha512-crypt or phpass
 *     hash, default 2,000,000
 * @param maxArgon2MemoryKib cap on stored Argon2 memory, default 262144 (256 MiB)
 * @param maxArgon2Iterations cap on stored Argon2 passes, default 10
 * @param maxArgon2Parallelism cap on stored Argon2 lanes, default 16
 * @param maxBcryptCost cap on stored bcrypt cost, default 16
 * @param maxScryptMemoryFactor cap on stored scrypt {@code N*r}; memory used is 128*N*r bytes;
 *     default 2^21 (256 MiB)
 */
public record PasswordHashingOptions(
    PasswordHashAlgorithm algorithm,
    int argon2MemoryKib,
    int argon2Iterations,
    int argon2Parallelism,
    int bcryptCost,
    int scryptN,
    int scryptR,
    int scryptP,
    int pbkdf2Iterations,
    int maxConcurrentHashes,
    int maxPasswordBytes,
    long maxIterations,
    int maxArgon2MemoryKib,
    int maxArgon2Iterations,
    int maxArgon2Parallelism,
    int maxBcryptCost,
    long maxScryptMemoryFactor) {

  /** The largest value {@code maxPasswordBytes} may take. */
  public static final int HARD_MAX_PASSWORD_BYTES = 4096;

  /** The default for {@code maxPasswordBytes}, shared with {@link PasswordPolicyOptions}. */
  public static final int DEFAULT_MAX_PASSWORD_BYTES = 1024;

  /**
   * The default cap on Argon2 memory in KiB (256 MiB), stored or configured: the highest {@code
   * gatehouse.password.argon2.memory-kib} the configuration accepts.
   */
  public static final int DEFAULT_MAX_ARGON2_MEMORY_KIB = 262_144;

  /**
   * The default cap on Argon2 iterations: the highest {@code
   * gatehouse.PasswordHashingOptions.argon2Iterations} the configuration accepts.
   */
  public static final int DEFAULT_MAX_ARGON2_ITERATIONS = 10;

  /**
   * The default cap on Argon2 parallelism: the highest {@code
   * gatehouse.PasswordHashingOptions.argon2Parallelism} the configuration accepts.
   */
  public static final int DEFAULT_MAX_ARGON2_PARALLELISM = 16;

  /** scrypt's {@code p} is capped structurally; real deployments use 1. */
  static final int MAX_SCRYPT_P = 16;

  /**
   * Checks every value.
   *
   * @param algorithm algorithm for new hashes
   * @param argon2MemoryKib Argon2 memory in KiB, default 19456
   * @param argon2Iterations Argon2 passes, default 2
   * @param argon2Parallelism Argon2 lanes, default 1
   * @param bcryptCost bcrypt log2 cost, default 12
   * @param scryptN scrypt CPU/memory cost, a power of two, default 2^17
   * @param scryptR scrypt block size, default 8
   * @param scryptP scrypt parallelism, default 1
   * @param pbkdf2Iterations PBKDF2-HMAC-SHA256 iterations, default 600000
   * @param maxConcurrentHashes how many hash computations may run at once, default the number of
   *     available processors
   * @param maxPasswordBytes longest password, in UTF-8 bytes, that is hashed at all, default 1024,
   *     at most {@link #HARD_MAX_PASSWORD_BYTES}
   * @param maxIterations cap on the iteration count read from a stored PBKDF2, sha512-crypt or
   *     phpass hash, default 2,000,000
   * @param maxArgon2MemoryKib cap on stored Argon2 memory, default 262144 (256 MiB)
   * @param maxArgon2Iterations cap on stored Argon2 passes, default 10
   * @param maxArgon2Parallelism cap on stored Argon2 lanes, default 16
   * @param maxBcryptCost cap on stored bcrypt cost, default 16
   * @param maxScryptMemoryFactor cap on stored scrypt {@code N*r}; memory used is 128*N*r bytes;
   *     default 2^21 (256 MiB)
   * @throws ConfigurationException naming the first invalid component
   */
  public PasswordHashingOptions {
    if (algorithm == null) {
      throw new ConfigurationException("PasswordHashingOptions.algorithm must be set");
    }
    atLeast("PasswordHashingOptions.maxArgon2Parallelism", maxArgon2Parallelism, 1);
    atMost("PasswordHashingOptions.maxArgon2Parallelism", maxArgon2Parallelism, 0xFFFFFF);
    atLeast("PasswordHashingOptions.maxArgon2Iterations", maxArgon2Iterations, 1);
    atLeast("PasswordHashingOptions.maxArgon2MemoryKib", maxArgon2MemoryKib, 8);
    atLeast("PasswordHashingOptions.maxBcryptCost", maxBcryptCost, 4);
    atMost("PasswordHashingOptions.maxBcryptCost", maxBcryptCost, 31);
    atLeast("PasswordHashingOptions.maxIterations", maxIterations, 1);
    atLeast("PasswordHashingOptions.maxScryptMemoryFactor", maxScryptMemoryFactor, 2);

    atLeast("PasswordHashingOptions.argon2Parallelism", argon2Parallelism, 1);
    atMost("PasswordHashingOptions.argon2Parallelism", argon2Parallelism, maxArgon2Parallelism);
    if (argon2MemoryKib < 8L * argon2Parallelism) {
      throw new ConfigurationException(
          "PasswordHashingOptions.argon2MemoryKib must be >= 8*argon2Parallelism, was "
              + argon2MemoryKib);
    }
    atMost("PasswordHashingOptions.argon2MemoryKib", argon2MemoryKib, maxArgon2MemoryKib);
    atLeast("PasswordHashingOptions.argon2Iterations", argon2Iterations, 1);
    atMost("PasswordHashingOptions.argon2Iterations", argon2Iterations, maxArgon2Iterations);
    atLeast("PasswordHashingOptions.bcryptCost", bcryptCost, 4);
    atMost("PasswordHashingOptions.bcryptCost", bcryptCost, maxBcryptCost);
    if (scryptN < 2 || Integer.bitCount(scryptN) != 1) {
      throw new ConfigurationException(
          "PasswordHashingOptions.scryptN must be a power of two >= 2, was " + scryptN);
    }
    atLeast("PasswordHashingOptions.scryptR", scryptR, 1);
    if (scryptR < 4 && scryptN >= (1L << (16 * scryptR))) {
      // scrypt itself requires N < 2^(128*r/8).
      throw new ConfigurationException(
          "PasswordHashingOptions.scryptN must be < 2^(16*scryptR) = "
              + (1L << (16 * scryptR))
              + ", was "
              + scryptN);
    }
    atLeast("PasswordHashingOptions.scryptP", scryptP, 1);
    atMost("PasswordHashingOptions.scryptP", scryptP, MAX_SCRYPT_P);
    if ((long) scryptN * scryptR > maxScryptMemoryFactor) {
      throw new ConfigurationException(
          "PasswordHashingOptions.scryptN * PasswordHashingOptions.scryptR must be <= PasswordHashingOptions.maxScryptMemoryFactor ("
              + maxScryptMemoryFactor
              + "), was "
              + ((long) scryptN * scryptR));
    }
    atLeast("PasswordHashingOptions.pbkdf2Iterations", pbkdf2Iterations, 1);
    atMost("PasswordHashingOptions.pbkdf2Iterations", pbkdf2Iterations, maxIterations);
    atLeast("PasswordHashingOptions.maxConcurrentHashes", maxConcurrentHashes, 1);
    atLeast("PasswordHashingOptions.maxPasswordBytes", maxPasswordBytes, 64);
    atMost("PasswordHashingOptions.maxPasswordBytes", maxPasswordBytes, HARD_MAX_PASSWORD_BYTES);
  }

  /** {@return the defaults described on each component} */
  public static PasswordHashingOptions defaults() {
    return builder().build();
  }

  /** {@return a builder starting from {@link #defaults()}} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder starting from these values, to derive a variant} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.algorithm = algorithm;
    b.argon2MemoryKib = argon2MemoryKib;
    b.argon2Iterations = argon2Iterations;
    b.argon2Parallelism = argon2Parallelism;
    b.bcryptCost = bcryptCost;
    b.scryptN = scryptN;
    b.scryptR = scryptR;
    b.scryptP = scryptP;
    b.pbkdf2Iterations = pbkdf2Iterations;
    b.maxConcurrentHashes = maxConcurrentHashes;
    b.maxPasswordBytes = maxPasswordBytes;
    b.maxIterations = maxIterations;
    b.maxArgon2MemoryKib = maxArgon2MemoryKib;
    b.maxArgon2Iterations = maxArgon2Iterations;
    b.maxArgon2Parallelism = maxArgon2Parallelism;
    b.maxBcryptCost = maxBcryptCost;
    b.maxScryptMemoryFactor = maxScryptMemoryFactor;
    return b;
  }

  private static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw new ConfigurationException(key + " must be >= " + min + ", was " + value);
    }
  }

  private static void atMost(String key, long value, long max) {
    if (value > max) {
      throw new ConfigurationException(key + " must be <= " + max + ", was " + value);
    }
  }

  /**
   * Mutable, single-threaded builder; {@link #build()} validates everything at once. Setters only
   * store values, so they can be called in any order.
   */
  public static final class Builder {
    private PasswordHashAlgorithm algorithm = PasswordHashAlgorithm.ARGON2ID;
    private int argon2MemoryKib = 19_456;
    private int argon2Iterations = 2;
    private int argon2Parallelism = 1;
    private int bcryptCost = 12;
    private int scryptN = 1 << 17;
    private int scryptR = 8;
    private int scryptP = 1;
    private int pbkdf2Iterations = 600_000;
    private int maxConcurrentHashes = Runtime.getRuntime().availableProcessors();
    private int maxPasswordBytes = DEFAULT_MAX_PASSWORD_BYTES;
    private long maxIterations = 2_000_000;
    private int maxArgon2MemoryKib = DEFAULT_MAX_ARGON2_MEMORY_KIB;
    private int maxArgon2Iterations = DEFAULT_MAX_ARGON2_ITERATIONS;
    private int maxArgon2Parallelism = DEFAULT_MAX_ARGON2_PARALLELISM;
    private int maxBcryptCost = 16;
    private long maxScryptMemoryFactor = 1L << 21;

    private Builder() {}

    /**
     * Sets the algorithm for new hashes.
     *
     * @param algorithm the algorithm; must not be {@code null}
     * @return this builder
     */
    public Builder algorithm(PasswordHashAlgorithm algorithm) {
      this.algorithm = requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * Sets the argon2id parameters for new hashes.
     *
     * @param memoryKib memory in KiB
     * @param iterations passes over memory
     * @param parallelism lanes
     * @return this builder
     */
    public Builder argon2(int memoryKib, int iterations, int parallelism) {
      this.argon2MemoryKib = memoryKib;
      this.argon2Iterations = iterations;
      this.argon2Parallelism = parallelism;
      return this;
    }

    /**
     * Sets the bcrypt cost for new hashes.
     *
     * @param cost cost as log2 rounds
     * @return this builder
     */
    public Builder bcryptCost(int cost) {
      this.bcryptCost = cost;
      return this;
    }

    /**
     * Sets the scrypt parameters for new hashes.
     *
     * @param n CPU/memory cost N, a power of two
     * @param r block size
     * @param p parallelism
     * @return this builder
     */
    public Builder scrypt(int n, int r, int p) {
      this.scryptN = n;
      this.scryptR = r;
      this.scryptP = p;
      return this;
    }

    /**
     * Sets the PBKDF2-HMAC-SHA256 iterations for new hashes.
     *
     * @param iterations iteration count
     * @return this builder
     */
    public Builder pbkdf2Iterations(int iterations) {
      this.pbkdf2Iterations = iterations;
      return this;
    }

    /**
     * Sets how many hash computations may run at the same time (fair queueing beyond that).
     *
     * @param permits concurrent hash computations allowed
     * @return this builder
     */
    public Builder maxConcurrentHashes(int permits) {
      this.maxConcurrentHashes = permits;
      return this;
    }

    /**
     * Sets the longest password in UTF-8 bytes that is hashed at all.
     *
     * @param bytes the limit, 64..4096
     * @return this builder
     */
    public Builder maxPasswordBytes(int bytes) {
      this.maxPasswordBytes = bytes;
      return this;
    }

    /**
     * Caps iterations read from stored PBKDF2, sha512-crypt and phpass hashes.
     *
     * @param iterations the highest iteration count accepted
     * @return this builder
     */
    public Builder maxIterations(long iterations) {
      this.maxIterations = iterations;
      return this;
    }

    /**
     * Caps the Argon2 parameters read from stored hashes.
     *
     * @param memoryKib highest memory in KiB accepted
     * @param iterations most passes accepted
     * @param parallelism most lanes accepted
     * @return this builder
     */
    public Builder maxArgon2(int memoryKib, int iterations, int parallelism) {
      this.maxArgon2MemoryKib = memoryKib;
      this.maxArgon2Iterations = iterations;
      this.maxArgon2Parallelism = parallelism;
      return this;
    }

    /**
     * Caps the cost read from stored bcrypt hashes.
     *
     * @param cost highest cost accepted, at most 31
     * @return this builder
     */
    public Builder maxBcryptCost(int cost) {
      this.maxBcryptCost = cost;
      return this;
    }

    /**
     * Caps {@code N*r} read from stored scrypt hashes.
     *
     * @param nTimesR highest {@code N*r} accepted
     * @return this builder
     */
    public Builder maxScryptMemoryFactor(long nTimesR) {
      this.maxScryptMemoryFactor = nTimesR;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the validated, immutable options
     * @throws ConfigurationException naming the first invalid component
     */
    public PasswordHashingOptions build() {
      return new PasswordHashingOptions(
          algorithm,
          argon2MemoryKib,
          argon2Iterations,
          argon2Parallelism,
          bcryptCost,
          scryptN,
          scryptR,
          scryptP,
          pbkdf2Iterations,
          maxConcurrentHashes,
          maxPasswordBytes,
          maxIterations,
          maxArgon2MemoryKib,
          maxArgon2Iterations,
          maxArgon2Parallelism,
          maxBcryptCost,
          maxScryptMemoryFactor);
    }
  }

  /**
   * A Firebase project's "password hash parameters" for its modified scrypt, as the Firebase
   * console shows them (Authentication, Users, menu, "Password hash parameters") and {@code
   * firebase auth:import} takes them. Needed to verify the {@code
   * $firebase-scrypt$<salt>$<passwordHash>} strings made from a Firebase {@code auth:export}; see
   * {@link PasswordHashing.Builder#firebaseScrypt}.
   *
   * <p>The signer key is a secret of the project: with it and a database dump, passwords can be
   * attacked offline. Keep it out of the database and out of logs; {@link #toString()} never shows
   * it.
   *
   * <pre>{@code
   * PasswordHashing hashing = PasswordHashing.builder()
   *     .firebaseScrypt(FirebaseScryptParameters.of(signerKey, "Bw==", 8, 14))
   *     .build();
   * }</pre>
   */
  public static final class FirebaseScryptParameters {
    /** The largest {@code rounds} accepted (Firebase itself uses 1 to 8). */
    public static final int MAX_ROUNDS = 16;

    /** The largest {@code memCost} accepted (Firebase itself uses 1 to 14). */
    public static final int MAX_MEM_COST = 20;

    private final byte[] signerKey;
    private final byte[] saltSeparator;
    private final int rounds;
    private final int memCost;

    private FirebaseScryptParameters(
        byte[] signerKey, byte[] saltSeparator, int rounds, int memCost) {
      this.signerKey = signerKey;
      this.saltSeparator = saltSeparator;
      this.rounds = rounds;
      this.memCost = memCost;
    }

    /**
     * The parameters exactly as Firebase gives them.
     *
     * @param base64SignerKey {@code base64_signer_key}, standard base64, not empty
     * @param base64SaltSeparator {@code base64_salt_separator}, standard base64, may be empty
     * @param rounds {@code rounds}, scrypt's {@code r}, 1 to {@link #MAX_ROUNDS}
     * @param memCost {@code mem_cost}, scrypt's {@code N} is 2^memCost, 1 to {@link #MAX_MEM_COST}
     * @return the parameters
     * @throws ConfigurationException naming the first invalid value (never quoting the key)
     */
    public static FirebaseScryptParameters of(
        String base64SignerKey, String base64SaltSeparator, int rounds, int memCost) {
      requireNonNull(base64SignerKey, "base64SignerKey");
      requireNonNull(base64SaltSeparator, "base64SaltSeparator");
      if (!Encoding.isBase64(base64SignerKey)) {
        throw new ConfigurationException(
            "password.firebase.signer-key must be non-empty standard base64");
      }
      if (!base64SaltSeparator.isEmpty() && !Encoding.isBase64(base64SaltSeparator)) {
        throw new ConfigurationException(
            "password.firebase.salt-separator must be standard base64, was " + base64SaltSeparator);
      }
      if (rounds < 1 || rounds > MAX_ROUNDS) {
        throw new ConfigurationException(
            "password.firebase.rounds must be 1.." + MAX_ROUNDS + ", was " + rounds);
      }
      if (memCost < 1 || memCost > MAX_MEM_COST) {
        throw new ConfigurationException(
            "password.firebase.mem-cost must be 1.." + MAX_MEM_COST + ", was " + memCost);
      }
      return new FirebaseScryptParameters(
          Encoding.decodeBase64(base64SignerKey),
          base64SaltSeparator.isEmpty() ? new byte[0] : Encoding.decodeBase64(base64SaltSeparator),
          rounds,
          memCost);
    }

    byte[] signerKey() {
      return signerKey.clone();
    }

    byte[] saltSeparator() {
      return saltSeparator.clone();
    }

    /** {@return scrypt's {@code r}} */
    public int rounds() {
      return rounds;
    }

    /** {@return log2 of scrypt's {@code N}} */
    public int memCost() {
      return memCost;
    }

    /** Shows rounds and memory cost only; never the signer key or the separator. */
    @Override
    public String toString() {
      return "FirebaseScryptParameters[rounds=" + rounds + ", memCost=" + memCost + "]";
    }
  }

  /**
   * The algorithm {@link PasswordHashing} uses for <em>new</em> hashes. Stored hashes in any
   * recognised format are verified whatever this setting is; a match in a format other than the
   * configured one is reported as {@link PasswordVerification#MATCH_NEEDS_UPGRADE}.
   */
  public enum PasswordHashAlgorithm {
    /**
     * Argon2id (RFC 9106), stored as a PHC string {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}.
     */
    ARGON2ID,
    /**
     * bcrypt, stored as {@code $2b$cost$saltHash}. Passwords longer than 72 UTF-8 bytes are refused
     * when hashing (see {@link PasswordHashing#hash(String)}).
     */
    BCRYPT,
    /** scrypt, stored in Django's format {@code scrypt$N$salt$r$p$base64(hash)}. */
    SCRYPT,
    /** PBKDF2-HMAC-SHA256, stored in Django's format {@code pbkdf2_sha256$iterations$salt$hash}. */
    PBKDF2_SHA256
  }
}
