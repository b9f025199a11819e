package dev.gatehouse.core.password;

import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC in Django's format ({@code pbkdf2_sha256$iterations$salt$base64}, {@code
 * pbkdf2_sha1$...}; the salt is used as its UTF-8 text, the key is padded standard base64) and
 * passlib's ({@code $pbkdf2-sha256$rounds$ab64salt$ab64hash}, also {@code $pbkdf2-sha512$} and
 * {@code $pbkdf2$} for SHA-1; salt and key in passlib's "ab64" base64). New PBKDF2 hashes use
 * Django's {@code pbkdf2_sha256} format, so Django can verify them too.
 *
 * <p>BouncyCastle's PBKDF2 is used rather than the JDK's because it takes the password as bytes:
 * the JDK's {@code PBEKeySpec} takes chars and refuses an empty password on some providers.
 */
final class Pbkdf2Format implements NativeHashFormat {
  private static final String DJANGO_SHA256 = "pbkdf2_sha256$";
  private static final String DJANGO_SHA1 = "pbkdf2_sha1$";
  private static final String PASSLIB_SHA256 = "$pbkdf2-sha256$";
  private static final String PASSLIB_SHA512 = "$pbkdf2-sha512$";
  private static final String PASSLIB_SHA1 = "$pbkdf2$";

  private record Parsed(String prefix, long iterations, byte[] salt, byte[] hash) {}

  @Override
  public String id() {
    return "pbkdf2";
  }

  @Override
  public boolean recognizes(String stored) {
    return prefixOf(stored) != null;
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    Parsed p = read(stored, limits);
    if (p == null) {
      return Optional.empty();
    }
    return Optional.of(
        raw ->
            MessageDigest.isEqual(
                p.hash, derive(p.prefix, raw, p.salt, (int) p.iterations, p.hash.length)));
  }

  @Override
  public boolean needsUpgrade(String stored, PasswordHashingOptions current) {
    Parsed p = read(stored, current);
    return p == null
        || !DJANGO_SHA256.equals(p.prefix)
        || current.algorithm() != PasswordHashAlgorithm.PBKDF2_SHA256
        || p.iterations < current.pbkdf2Iterations();
  }

  @Override
  public String hash(String password, PasswordHashingOptions o, SecureRandom random) {
    String salt = Encoding.randomAlphanumeric(random, 22);
    byte[] key = derive(DJANGO_SHA256, password, Encoding.utf8(salt), o.pbkdf2Iterations(), 32);
    return format(o, salt, key);
  }

  @Override
  public String dummyHash(PasswordHashingOptions o, SecureRandom random) {
    return format(o, Encoding.randomAlphanumeric(random, 22), Encoding.randomBytes(random, 32));
  }

  private static String format(PasswordHashingOptions o, String salt, byte[] key) {
    return DJANGO_SHA256 + o.pbkdf2Iterations() + "$" + salt + "$" + Encoding.base64(key);
  }

  /**
   * PBKDF2 through the JDK's own provider: the benchmarks measured it about 3 times faster than
   * BouncyCastle's generic implementation for the same derivation, and every first login of a
   * migrated Django user pays it. The JDK encodes the password's characters as UTF-8, exactly as
   * Django and passlib do.
   */
  private static byte[] derive(
      String prefix, String password, byte[] salt, int iterations, int length) {
    return pbkdf2(jdkAlgorithmFor(prefix), password, salt, iterations, length);
  }

  /**
   * PBKDF2 with the JDK's {@code PBKDF2WithHmacSHA1/256/512} over the UTF-8 password.
   *
   * @param jdkAlgorithm e.g. {@code "PBKDF2WithHmacSHA256"}
   * @param salt a non-empty salt
   */
  static byte[] pbkdf2(
      String jdkAlgorithm, String password, byte[] salt, int iterations, int length) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, length * 8);
    try {
      return SecretKeyFactory.getInstance(jdkAlgorithm).generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("the JDK's PBKDF2 is unavailable", e);
    } finally {
      spec.clearPassword();
    }
  }

  private static String jdkAlgorithmFor(String prefix) {
    switch (prefix) {
      case DJANGO_SHA1:
      case PASSLIB_SHA1:
        return "PBKDF2WithHmacSHA1";
      case PASSLIB_SHA512:
        return "PBKDF2WithHmacSHA512";
      default:
        return "PBKDF2WithHmacSHA256";
    }
  }

  private static String prefixOf(String stored) {
    for (String prefix :
        new String[] {DJANGO_SHA256, DJANGO_SHA1, PASSLIB_SHA256, PASSLIB_SHA512, PASSLIB_SHA1}) {
      if (stored.startsWith(prefix)) {
        return prefix;
      }
    }
    return null;
  }

  private static Parsed read(String stored, PasswordHashingOptions limits) {
    String prefix = prefixOf(stored);
    if (prefix == null) {
      return null;
    }
    String[] parts = stored.substring(prefix.length()).split("\\$", -1);
    if (parts.length != 3) {
      return null;
    }
    long iterations = Encoding.parseDecimal(parts[0]);
    if (iterations < 1 || iterations > limits.maxIterations() || iterations > Integer.MAX_VALUE) {
      return null;
    }
    boolean django = !prefix.startsWith("$");
    byte[] salt;
    byte[] hash;
    if (django) {
      if (parts[1].isEmpty() || !Encoding.isBase64(parts[2])) {
        return null;
      }
      salt = Encoding.utf8(parts[1]);
      hash = Encoding.decodeBase64(parts[2]);
    } else {
      if (!Encoding.isAb64(parts[1]) || !Encoding.isAb64(parts[2])) {
        return null;
      }
      salt = Encoding.decodeAb64(parts[1]);
      hash = Encoding.decodeAb64(parts[2]);
    }
    if (hash.length < 16 || hash.length > 128) {
      return null;
    }
    return new Parsed(prefix, iterations, salt, hash);
  }
}
