package dev.gatehouse.core.password;

import java.util.ServiceLoader;

/** {@link Argon2Backend#java()}: {@link Argon2Engine}, plus the remembered discovery result. */
final class JavaArgon2 implements Argon2Backend {
  static final JavaArgon2 INSTANCE = new JavaArgon2();

  private JavaArgon2() {}

  @Override
  public String name() {
    return "java";
  }

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
    return Argon2Engine.hash(
        variant.ordinal(), version, memoryKib, iterations, parallelism, password, salt, tagLength);
  }

  @Override
  public String toString() {
    return "Argon2Backend[java]";
  }

  /** Discovery runs on first use, once. */
  static final class Detected {
    static final Argon2Backend BACKEND = discover();

    private Detected() {}

    private static Argon2Backend discover() {
      for (Argon2Backend candidate :
          ServiceLoader.load(Argon2Backend.class, Argon2Backend.class.getClassLoader())) {
        if (candidate.isAvailable()) {
          return candidate;
        }
      }
      return INSTANCE;
    }
  }
}
