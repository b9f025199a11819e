package dev.gatehouse.argon2;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.gatehouse.core.password.Argon2Backend;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Argon2Backend} calling the reference C implementation, libargon2 ({@code argon2_hash}
 * from {@code argon2.h}), through JNA. It writes and reads exactly the strings the Java backend
 * does: only the tag computation moves to C.
 *
 * <p>The library is looked up once, on first use, as {@code argon2} on JNA's search path and then
 * as {@code libargon2.so.1} (Debian's {@code libargon2-1} installs only the versioned name). When
 * it cannot be loaded, {@link #isAvailable()} is false and {@link Argon2Backend#detect()} passes
 * over this backend, logging one INFO line.
 *
 * <p>Thread-safe. libargon2 runs a hash with more than one lane on that many threads of its own.
 * JNA copies the password into native memory for the call and frees it without wiping it.
 */
public final class LibArgon2Backend implements Argon2Backend {
  private static final Logger log = LoggerFactory.getLogger(LibArgon2Backend.class);
  private static final List<String> LIBRARY_NAMES = List.of("argon2", "libargon2.so.1");
  private static final int ARGON2_OK = 0;

  /** The subset of argon2.h used here; {@code uint32_t} is {@code int}, {@code size_t} 64-bit. */
  interface LibArgon2 extends Library {
    int argon2_hash(
        int tCost,
        int mCost,
        int parallelism,
        byte[] pwd,
        long pwdlen,
        byte[] salt,
        long saltlen,
        byte[] hash,
        long hashlen,
        Pointer encoded,
        long encodedlen,
        int type,
        int version);

    String argon2_error_message(int errorCode);
  }

  private static final class Holder {
    static final LibArgon2 LIBRARY = load();

    private static LibArgon2 load() {
      if (Native.SIZE_T_SIZE != Long.BYTES) {
        log.info("libargon2 not used: size_t is not 64 bits on this platform; using Java Argon2");
        return null;
      }
      for (String name : LIBRARY_NAMES) {
        try {
          return Native.load(name, LibArgon2.class);
        } catch (UnsatisfiedLinkError e) {
          // try the next name
        }
      }
      log.info(
          "libargon2 not found (Debian/Ubuntu: apt-get install libargon2-1); using Java Argon2");
      return null;
    }
  }

  /** For {@link java.util.ServiceLoader}; does not load the library yet. */
  public LibArgon2Backend() {}

  /**
   * This backend, or an {@link IllegalStateException} when libargon2 cannot be loaded here.
   *
   * @return a backend whose library is loaded
   * @throws IllegalStateException when libargon2 is not installed or not loadable
   */
  public static LibArgon2Backend load() {
    LibArgon2Backend backend = new LibArgon2Backend();
    if (!backend.isAvailable()) {
      throw new IllegalStateException(
          "libargon2 cannot be loaded (Debian/Ubuntu: apt-get install libargon2-1)");
    }
    return backend;
  }

  @Override
  public String name() {
    return "libargon2";
  }

  @Override
  public boolean isAvailable() {
    return Holder.LIBRARY != null;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException when the library is missing or answers with an error code
   */
  @Override
  public byte[] hash(
      Variant variant,
      int version,
      int memoryKib,
      int iterations,
      int parallelism,
      byte[] password,
      byte[] salt,
      int tagLength) {
    LibArgon2 library = Holder.LIBRARY;
    if (library == null) {
      throw new IllegalStateException("libargon2 is not loaded");
    }
    byte[] tag = new byte[tagLength];
    int result =
        library.argon2_hash(
            iterations,
            memoryKib,
            parallelism,
            password,
            password.length,
            salt,
            salt.length,
            tag,
            tagLength,
            null,
            0,
            variant.ordinal(),
            version);
    if (result != ARGON2_OK) {
      // The message names a parameter problem (e.g. "Memory cost is too small"), never an input.
      throw new IllegalStateException(
          "libargon2 failed: " + library.argon2_error_message(result) + " (" + result + ")");
    }
    return tag;
  }

  @Override
  public String toString() {
    return "Argon2Backend[libargon2]";
  }
}
