package dev.gatehouse.core.password;

import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.generators.BCrypt;

/**
 * bcrypt: the modular-crypt strings {@code $2a$}, {@code $2b$} and {@code $2y$} (OpenBSD, PHP,
 * passlib, FastAPI-Users), Django's {@code bcrypt$<crypt string>} and Django's {@code
 * bcrypt_sha256$<crypt string>}.
 *
 * <p><b>The 72-byte limit.</b> bcrypt keys Blowfish with at most 72 bytes. Like OpenBSD, PHP,
 * passlib and pyca/bcrypt 3.x, plain bcrypt (including Django's {@code bcrypt$}) uses the UTF-8
 * password plus a terminating NUL and ignores everything after byte 72, so a password and the same
 * password with extra bytes after byte 72 match the same hash. Django's {@code bcrypt_sha256$}
 * first replaces the password with the 64 hex characters of its SHA-256 (Django 3.2 semantics), so
 * every byte counts. New hashes never truncate: {@link PasswordHashing#hash(String)} refuses a
 * password over 72 bytes when the algorithm is bcrypt.
 *
 * <p>{@code $2a$}, {@code $2b$} and {@code $2y$} are computed the same way; they differ only for
 * passwords over 255 bytes in one historic OpenBSD bug that none of the writers we import had.
 */
final class BcryptFormat implements NativeHashFormat {
  /** The most key bytes bcrypt uses. */
  static final int MAX_KEY_BYTES = 72;

  private static final String DJANGO_PLAIN = "bcrypt$";
  private static final String DJANGO_SHA256 = "bcrypt_sha256$";
  private static final int SALT_CHARS = 22;
  private static final int HASH_CHARS = 31;

  private record Parsed(String wrapper, int cost, byte[] salt, String encodedHash) {}

  /** A {@code $2a$}/{@code $2b$}/{@code $2y$} string taken apart; see {@link #readCrypt}. */
  record CryptString(int cost, String encodedSalt, byte[] salt, String encodedHash) {}

  @Override
  public String id() {
    return "bcrypt";
  }

  @Override
  public boolean recognizes(String stored) {
    return stored.startsWith("$2a$")
        || stored.startsWith("$2b$")
        || stored.startsWith("$2y$")
        || stored.startsWith(DJANGO_PLAIN)
        || stored.startsWith(DJANGO_SHA256);
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    Parsed p = read(stored, limits);
    if (p == null) {
      return Optional.empty();
    }
    boolean prehash = DJANGO_SHA256.equals(p.wrapper);
    return Optional.of(
        raw -> {
          byte[] key = prehash ? sha256Hex(raw) : Encoding.utf8(raw);
          return Encoding.constantTimeEquals(p.encodedHash, compute(key, p.salt, p.cost));
        });
  }

  @Override
  public boolean needsUpgrade(String stored, PasswordHashingOptions current) {
    Parsed p = read(stored, current);
    return p == null
        || !p.wrapper.isEmpty()
        || current.algorithm() != PasswordHashAlgorithm.BCRYPT
        || p.cost < current.bcryptCost();
  }

  @Override
  public String hash(String password, PasswordHashingOptions o, SecureRandom random) {
    byte[] salt = Encoding.randomBytes(random, 16);
    return prefix(o.bcryptCost(), salt) + compute(Encoding.utf8(password), salt, o.bcryptCost());
  }

  @Override
  public String dummyHash(PasswordHashingOptions o, SecureRandom random) {
    byte[] salt = Encoding.randomBytes(random, 16);
    return prefix(o.bcryptCost(), salt) + Encoding.bcryptBase64(Encoding.randomBytes(random, 23));
  }

  private static String prefix(int cost, byte[] salt) {
    return "$2b$" + (cost < 10 ? "0" : "") + cost + "$" + Encoding.bcryptBase64(salt);
  }

  /** The 31-character encoded hash of {@code password} (OpenBSD key rules: NUL, 72 bytes). */
  static String compute(byte[] password, byte[] salt, int cost) {
    byte[] key = Arrays.copyOf(password, Math.min(password.length + 1, MAX_KEY_BYTES));
    byte[] out = BCrypt.generate(key, salt, cost);
    return Encoding.bcryptBase64(Arrays.copyOf(out, 23));
  }

  private static byte[] sha256Hex(String raw) {
    return Encoding.ascii(Encoding.hex(Encoding.digest("SHA-256").digest(Encoding.utf8(raw))));
  }

  private static Parsed read(String stored, PasswordHashingOptions limits) {
    String wrapper = "";
    if (stored.startsWith(DJANGO_SHA256)) {
      wrapper = DJANGO_SHA256;
    } else if (stored.startsWith(DJANGO_PLAIN)) {
      wrapper = DJANGO_PLAIN;
    }
    CryptString crypt = readCrypt(stored.substring(wrapper.length()), limits);
    return crypt == null ? null : new Parsed(wrapper, crypt.cost, crypt.salt, crypt.encodedHash);
  }

  /**
   * Reads a modular-crypt bcrypt string ({@code $2b$} + 2-digit cost + {@code $} + 22 salt + 31
   * hash characters, 60 in all), or returns {@code null} if it is malformed or its cost is beyond
   * {@code maxBcryptCost}.
   */
  static CryptString readCrypt(String crypt, PasswordHashingOptions limits) {
    if (crypt.length() != 60
        || crypt.charAt(0) != '$'
        || crypt.charAt(1) != '2'
        || "aby".indexOf(crypt.charAt(2)) < 0
        || crypt.charAt(3) != '$'
        || crypt.charAt(6) != '$') {
      return null;
    }
    long cost = Encoding.parseDecimal(crypt.substring(4, 6));
    String salt = crypt.substring(7, 7 + SALT_CHARS);
    String hash = crypt.substring(7 + SALT_CHARS);
    if (cost < 4
        || cost > 31
        || cost > limits.maxBcryptCost()
        || !Encoding.isBcryptBase64(salt, SALT_CHARS)
        || !Encoding.isBcryptBase64(hash, HASH_CHARS)) {
      return null;
    }
    return new CryptString((int) cost, salt, Encoding.decodeBcryptBase64(salt), hash);
  }
}
