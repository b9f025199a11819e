package dev.gatehouse.core.password;

import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * scrypt in Django's format (Django 4.0+ {@code ScryptPasswordHasher}): {@code
 * scrypt$<N>$<salt>$<r>$<p>$<base64 hash>}, where the salt is used as its UTF-8 text (not decoded)
 * and the hash is padded standard base64 of a 64-byte key. New scrypt hashes use this format, so
 * Django can verify them too.
 */
final class ScryptFormat implements NativeHashFormat {
  private static final String PREFIX = "scrypt$";
  private static final int KEY_BYTES = 64;

  private record Parsed(int n, int r, int p, String salt, byte[] hash) {}

  @Override
  public String id() {
    return "scrypt";
  }

  @Override
  public boolean recognizes(String stored) {
    return stored.startsWith(PREFIX);
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    Parsed p = read(stored, limits);
    if (p == null) {
      return Optional.empty();
    }
    return Optional.of(
        raw -> MessageDigest.isEqual(p.hash, compute(raw, p.salt, p.n, p.r, p.p, p.hash.length)));
  }

  @Override
  public boolean needsUpgrade(String stored, PasswordHashingOptions current) {
    Parsed p = read(stored, current);
    return p == null
        || current.algorithm() != PasswordHashAlgorithm.SCRYPT
        || p.n < current.scryptN()
        || p.r < current.scryptR()
        || p.p < current.scryptP();
  }

  @Override
  public String hash(String password, PasswordHashingOptions o, SecureRandom random) {
    String salt = Encoding.randomAlphanumeric(random, 22);
    return format(
        o, salt, compute(password, salt, o.scryptN(), o.scryptR(), o.scryptP(), KEY_BYTES));
  }

  @Override
  public String dummyHash(PasswordHashingOptions o, SecureRandom random) {
    return format(
        o, Encoding.randomAlphanumeric(random, 22), Encoding.randomBytes(random, KEY_BYTES));
  }

  private static String format(PasswordHashingOptions o, String salt, byte[] hash) {
    return PREFIX
        + o.scryptN()
        + "$"
        + salt
        + "$"
        + o.scryptR()
        + "$"
        + o.scryptP()
        + "$"
        + Encoding.base64(hash);
  }

  private static byte[] compute(String password, String salt, int n, int r, int p, int length) {
    return SCrypt.generate(Encoding.utf8(password), Encoding.utf8(salt), n, r, p, length);
  }

  private static Parsed read(String stored, PasswordHashingOptions limits) {
    String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
    if (parts.length != 5) {
      return null;
    }
    long n = Encoding.parseDecimal(parts[0]);
    String salt = parts[1];
    long r = Encoding.parseDecimal(parts[2]);
    long p = Encoding.parseDecimal(parts[3]);
    String hash = parts[4];
    if (!withinCaps(n, r, p, limits) || salt.isEmpty() || !Encoding.isBase64(hash)) {
      return null;
    }
    byte[] hashBytes = Encoding.decodeBase64(hash);
    if (hashBytes.length < 16 || hashBytes.length > 1024) {
      return null;
    }
    return new Parsed((int) n, (int) r, (int) p, salt, hashBytes);
  }

  /**
   * Whether scrypt parameters read from a stored hash are valid and within the caps: {@code N} a
   * power of two, {@code p} at most {@link PasswordHashingOptions#MAX_SCRYPT_P}, {@code N*r} at
   * most {@code maxScryptMemoryFactor}. Negative values (unparsable numbers) are refused.
   */
  static boolean withinCaps(long n, long r, long p, PasswordHashingOptions limits) {
    return n >= 2
        && n <= Integer.MAX_VALUE
        && Long.bitCount(n) == 1
        && r >= 1
        && r <= Integer.MAX_VALUE
        && p >= 1
        && p <= PasswordHashingOptions.MAX_SCRYPT_P
        && n * r <= limits.maxScryptMemoryFactor()
        // scrypt requires N < 2^(128*r/8); only reachable for r < 4 within any sane cap
        && !(r < 4 && n >= (1L << (16 * r)));
  }
}
