package dev.gatehouse.core.password;

import java.util.ServiceLoader;

/**
 * What computes an Argon2 tag for {@link PasswordHashing}'s {@code $argon2id$}/{@code $argon2i$}/
 * {@code $argon2d$} strings. The strings, their parsing, the caps, the concurrency bound and the
 * constant-time comparison stay in {@link PasswordHashing}; a backend only turns parameters,
 * password and salt into tag bytes, so every backend reads and writes exactly the same strings.
 *
 * <p>Gatehouse's own pure-Java implementation ({@link #java()}) is always there. The optional
 * module {@code auth-argon2-native} adds one that calls the system's libargon2 (about twice as fast
 * per core). {@link PasswordHashing} uses {@link #detect()} unless a backend is given with {@link
 * PasswordHashing.Builder#argon2Backend}: putting {@code auth-argon2-native} on the classpath is
 * the whole opt-in, and without the library installed it falls back to Java.
 *
 * <p>Why discovery here, where Gatehouse otherwise wants explicit registration: a backend changes
 * only speed, never behaviour (same bytes, verified against the same vectors), and the choice
 * depends on the machine the application is deployed to, not on the application's code.
 *
 * <p>Implementations must be thread-safe and must never log the password, salt or tag.
 */
public interface Argon2Backend {

  /** The Argon2 variant; its ordinal is RFC 9106's type number {@code y}. */
  enum Variant {
    /** Argon2d (data-dependent addressing). */
    ARGON2D,
    /** Argon2i (data-independent addressing). */
    ARGON2I,
    /** Argon2id (hybrid). */
    ARGON2ID
  }

  /** RFC 9106 version 0x13 ({@code v=19}), what every current implementation writes. */
  int VERSION_13 = 0x13;

  /** The original version 0x10 ({@code v=16}, or no {@code v=} at all). */
  int VERSION_10 = 0x10;

  /** {@return a short name for logs and benchmarks, e.g. {@code "java"} or {@code "libargon2"}} */
  String name();

  /**
   * Whether this backend can compute on this machine; {@link #detect()} skips it otherwise. The
   * default says yes.
   *
   * @return whether {@link #hash} works here
   */
  default boolean isAvailable() {
    return true;
  }

  /**
   * Computes one Argon2 tag. The parameters are already checked against the caps and libargon2's
   * minimums (at least 8 KiB per lane, a salt of at least 8 bytes, a tag of 4 to 1024 bytes).
   *
   * @param variant the variant
   * @param version {@link #VERSION_13} or {@link #VERSION_10}
   * @param memoryKib memory in KiB
   * @param iterations passes over memory
   * @param parallelism lanes
   * @param password the password bytes (UTF-8 of the string given to {@link PasswordHashing})
   * @param salt the salt
   * @param tagLength the tag length in bytes
   * @return the tag, {@code tagLength} bytes
   */
  byte[] hash(
      Variant variant,
      int version,
      int memoryKib,
      int iterations,
      int parallelism,
      byte[] password,
      byte[] salt,
      int tagLength);

  /** {@return Gatehouse's own pure-Java Argon2, always available} */
  static Argon2Backend java() {
    return JavaArgon2.INSTANCE;
  }

  /**
   * The first available backend registered through {@link ServiceLoader} (as {@code
   * auth-argon2-native} registers its libargon2 one), or {@link #java()}. Looked up once per class
   * loader of this interface and then remembered.
   *
   * @return the backend {@link PasswordHashing} uses when none is given
   */
  static Argon2Backend detect() {
    return JavaArgon2.Detected.BACKEND;
  }
}
