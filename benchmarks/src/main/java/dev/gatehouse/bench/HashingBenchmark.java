package dev.gatehouse.bench;

import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.BCrypt;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One password verification through {@link PasswordHashing#verify} against the bare BouncyCastle
 * (or JDK) call that does the same hash with the same salt and parameters, so their ratio is the
 * library's overhead: parsing the stored string, the concurrency permit, the constant-time compare.
 * Run with {@code -prof gc} to read bytes allocated per hash ({@code gc.alloc.rate.norm}).
 *
 * <p>Each case stores a hash the library wrote (or, for Django's {@code bcrypt_sha256$}, the same
 * construction Django uses), verifies the right password, and the raw method recomputes exactly the
 * bytes the library compares.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HashingBenchmark {
  /** The stored-hash formats and parameters measured. */
  @Param({
    "argon2id-19m-t2",
    "argon2id-7m-t5",
    "bcrypt-10",
    "bcrypt-12",
    "pbkdf2_sha256-600k",
    "django-bcrypt_sha256-12"
  })
  public String scheme;

  static final String PASSWORD = "correct horse battery staple";
  private static final byte[] PASSWORD_BYTES = PASSWORD.getBytes(StandardCharsets.UTF_8);

  private PasswordHashing hashing;
  private String stored;
  private byte[] salt;
  private byte[] expected;
  private int memoryKib;
  private int iterations;
  private int cost;
  private SecretKeyFactory jdkPbkdf2;

  /** Builds the stored hash with the library and decodes the parts the raw call needs. */
  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    PasswordHashingOptions.Builder o = PasswordHashingOptions.builder();
    switch (scheme) {
      case "argon2id-19m-t2" -> {
        memoryKib = 19456;
        iterations = 2;
        o.algorithm(PasswordHashAlgorithm.ARGON2ID).argon2(memoryKib, iterations, 1);
      }
      case "argon2id-7m-t5" -> {
        memoryKib = 7168;
        iterations = 5;
        o.algorithm(PasswordHashAlgorithm.ARGON2ID).argon2(memoryKib, iterations, 1);
      }
      case "bcrypt-10", "bcrypt-12", "django-bcrypt_sha256-12" -> {
        cost = scheme.endsWith("10") ? 10 : 12;
        o.algorithm(PasswordHashAlgorithm.BCRYPT).bcryptCost(cost);
      }
      case "pbkdf2_sha256-600k" -> {
        iterations = 600_000;
        o.algorithm(PasswordHashAlgorithm.PBKDF2_SHA256).pbkdf2Iterations(iterations);
      }
      default -> throw new IllegalArgumentException(scheme);
    }
    hashing = PasswordHashing.create(o.build());
    stored = hashing.hash(PASSWORD);
    if (scheme.startsWith("argon2id")) {
      String[] parts = stored.split("\\$");
      salt = java.util.Base64.getDecoder().decode(parts[4]);
      expected = java.util.Base64.getDecoder().decode(parts[5]);
    } else if (scheme.startsWith("pbkdf2")) {
      String[] parts = stored.split("\\$");
      salt = parts[2].getBytes(StandardCharsets.UTF_8);
      expected = java.util.Base64.getDecoder().decode(parts[3]);
      jdkPbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
    } else {
      salt = BcryptCodec.decode(stored.substring(7, 29));
      expected = BcryptCodec.decode(stored.substring(29));
      if (scheme.startsWith("django")) {
        // Django's BCryptSHA256PasswordHasher: bcrypt over the hex SHA-256 of the password.
        byte[] key = sha256Hex();
        String crypt = stored.substring(0, 29) + BcryptCodec.encode(rawBcrypt(key, salt, cost));
        stored = "bcrypt_sha256$" + crypt;
        expected = BcryptCodec.decode(crypt.substring(29));
      }
    }
    if (!hashing.verify(PASSWORD, stored).matched() || !raw()) {
      throw new IllegalStateException(scheme + ": library and raw call disagree");
    }
  }

  /** The library: parse the stored string, take a permit, hash, compare in constant time. */
  @Benchmark
  public PasswordVerification library() {
    return hashing.verify(PASSWORD, stored);
  }

  /** The same hash through the underlying call directly (BouncyCastle; the JDK for PBKDF2). */
  @Benchmark
  public boolean raw() {
    byte[] out;
    if (scheme.startsWith("argon2id")) {
      Argon2BytesGenerator g = new Argon2BytesGenerator();
      g.init(
          new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
              .withVersion(Argon2Parameters.ARGON2_VERSION_13)
              .withMemoryAsKB(memoryKib)
              .withIterations(iterations)
              .withParallelism(1)
              .withSalt(salt)
              .build());
      out = new byte[expected.length];
      g.generateBytes(PASSWORD_BYTES, out);
    } else if (scheme.startsWith("pbkdf2")) {
      PBEKeySpec spec =
          new PBEKeySpec(PASSWORD.toCharArray(), salt, iterations, expected.length * 8);
      try {
        out = jdkPbkdf2.generateSecret(spec).getEncoded();
      } catch (InvalidKeySpecException e) {
        throw new IllegalStateException(e);
      }
    } else {
      out = rawBcrypt(scheme.startsWith("django") ? sha256Hex() : PASSWORD_BYTES, salt, cost);
    }
    return MessageDigest.isEqual(expected, out);
  }

  /**
   * PBKDF2-HMAC-SHA256 through BouncyCastle's generic implementation, which the library used before
   * the JDK's (measured about 3 times slower); other schemes return false.
   */
  @Benchmark
  public boolean bouncyCastle() {
    if (jdkPbkdf2 == null) {
      return false;
    }
    PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(new SHA256Digest());
    g.init(PASSWORD_BYTES, salt, iterations);
    byte[] out = ((KeyParameter) g.generateDerivedParameters(expected.length * 8)).getKey();
    return MessageDigest.isEqual(expected, out);
  }

  private static byte[] rawBcrypt(byte[] password, byte[] salt, int cost) {
    // OpenBSD key rules: the password plus its NUL, at most 72 bytes; 23 bytes of output kept.
    byte[] key = Arrays.copyOf(password, Math.min(password.length + 1, 72));
    return Arrays.copyOf(BCrypt.generate(key, salt, cost), 23);
  }

  private static byte[] sha256Hex() {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(PASSWORD_BYTES))
          .getBytes(StandardCharsets.US_ASCII);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
