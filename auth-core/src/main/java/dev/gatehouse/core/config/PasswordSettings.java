package dev.gatehouse.core.config;

import static dev.gatehouse.core.password.PasswordHashingOptions.DEFAULT_MAX_ARGON2_ITERATIONS;
import static dev.gatehouse.core.password.PasswordHashingOptions.DEFAULT_MAX_ARGON2_MEMORY_KIB;
import static dev.gatehouse.core.password.PasswordHashingOptions.DEFAULT_MAX_ARGON2_PARALLELISM;

import java.time.Duration;
import java.util.List;

/**
 * The settings of passwords: length, the hash algorithm and its costs, legacy formats that need a
 * secret, the reset link's lifetime. Each is read with {@link GatehouseConfig#get(Setting)} and set
 * like every other setting (its key, its {@code GATEHOUSE_*} variable, or {@link
 * GatehouseConfig.Builder#set(Setting, Object)}); {@link GatehouseConfig#settings()} lists them
 * all.
 */
public final class PasswordSettings {
  private PasswordSettings() {}

  /** Minimum password length in characters (NIST: at least 8; 15 for password-only accounts). */
  public static final Setting<Integer> PASSWORD_MIN_LENGTH =
      Setting.ofInt("gatehouse.password.min-length", 8, 8, 64);

  /** Maximum password length in characters (at least 64 must be allowed). */
  public static final Setting<Integer> PASSWORD_MAX_LENGTH =
      Setting.ofInt("gatehouse.password.max-length", 128, 64, 1024);

  /** Algorithm for new hashes: argon2id, bcrypt, scrypt or pbkdf2_sha256. */
  public static final Setting<String> PASSWORD_ALGORITHM =
      Setting.ofString(
          "gatehouse.password.algorithm",
          "argon2id",
          s -> List.of("argon2id", "bcrypt", "scrypt", "pbkdf2_sha256").contains(s),
          "must be one of argon2id, bcrypt, scrypt, pbkdf2_sha256");

  /** Argon2id memory in KiB (OWASP: 19456). */
  public static final Setting<Integer> ARGON2_MEMORY_KIB =
      Setting.ofInt(
          "gatehouse.password.argon2.memory-kib", 19456, 7168, DEFAULT_MAX_ARGON2_MEMORY_KIB);

  /** Argon2id iterations (OWASP: 2). */
  public static final Setting<Integer> ARGON2_ITERATIONS =
      Setting.ofInt("gatehouse.password.argon2.iterations", 2, 1, DEFAULT_MAX_ARGON2_ITERATIONS);

  /** Argon2id parallelism (OWASP: 1). */
  public static final Setting<Integer> ARGON2_PARALLELISM =
      Setting.ofInt("gatehouse.password.argon2.parallelism", 1, 1, DEFAULT_MAX_ARGON2_PARALLELISM);

  /** How many password hashes may be computed at once (bounds memory under a login burst). */
  public static final Setting<Integer> MAX_CONCURRENT_HASHES =
      Setting.ofInt(
          "gatehouse.password.max-concurrent-hashes",
          Runtime.getRuntime().availableProcessors(),
          1,
          1024);

  /**
   * Whether bare hexadecimal MD5/SHA-1 password digests without salt are verified (and then
   * upgraded); off by default. Turn on only while migrating users from such a system.
   */
  public static final Setting<Boolean> PASSWORD_ALLOW_UNSALTED_DIGESTS =
      Setting.ofBoolean("gatehouse.password.allow-unsalted-digests", false);

  /**
   * A Firebase project's base64 signer key ({@code base64_signer_key} of its password hash
   * parameters); when set, {@code $firebase-scrypt$} hashes imported from that project verify.
   */
  public static final Setting<String> PASSWORD_FIREBASE_SIGNER_KEY =
      Setting.ofSecret("gatehouse.password.firebase.signer-key", 4);

  /** The Firebase project's base64 salt separator ({@code base64_salt_separator}). */
  public static final Setting<String> PASSWORD_FIREBASE_SALT_SEPARATOR =
      Setting.ofString(
          "gatehouse.password.firebase.salt-separator",
          "",
          s -> s.matches("([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"),
          "must be standard base64");

  /** The Firebase project's scrypt {@code rounds}. */
  public static final Setting<Integer> PASSWORD_FIREBASE_ROUNDS =
      Setting.ofInt("gatehouse.password.firebase.rounds", 8, 1, 16);

  /** The Firebase project's scrypt {@code mem_cost} (N = 2^mem-cost). */
  public static final Setting<Integer> PASSWORD_FIREBASE_MEM_COST =
      Setting.ofInt("gatehouse.password.firebase.mem-cost", 14, 1, 20);

  /** How long a password-reset link stays valid. */
  public static final Setting<Duration> RESET_TTL =
      Setting.ofDuration(
          "gatehouse.password.reset-ttl",
          Duration.ofMinutes(30),
          Duration.ofMinutes(5),
          Duration.ofHours(24));
}
