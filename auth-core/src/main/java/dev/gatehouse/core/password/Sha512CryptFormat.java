package dev.gatehouse.core.password;

import java.security.MessageDigest;
import java.util.Optional;

/**
 * sha512-crypt ({@code $6$[rounds=N$]salt$hash}, glibc crypt(3), passlib, Linux shadow files),
 * implemented from Ulrich Drepper's public specification "Unix crypt using SHA-256 and SHA-512"
 * with {@link MessageDigest}. As the specification requires, the salt is cut to 16 characters and
 * rounds are clamped to [1000, 999999999]; rounds beyond the configured {@code maxIterations} make
 * the hash unsupported instead.
 */
final class Sha512CryptFormat implements PasswordHashFormat {
  private static final String PREFIX = "$6$";
  private static final String ROUNDS = "rounds=";
  private static final int DEFAULT_ROUNDS = 5000;
  private static final int MIN_ROUNDS = 1000;
  private static final int MAX_ROUNDS = 999_999_999;
  private static final int MAX_SALT_CHARS = 16;
  private static final int HASH_CHARS = 86;

  private record Parsed(int rounds, String salt, String hash) {}

  @Override
  public String id() {
    return "sha512-crypt";
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
        raw ->
            Encoding.constantTimeEquals(
                p.hash, encode(crypt(Encoding.utf8(raw), Encoding.utf8(p.salt), p.rounds))));
  }

  private static Parsed read(String stored, PasswordHashingOptions limits) {
    String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
    int rounds = DEFAULT_ROUNDS;
    int next = 0;
    if (parts.length == 3 && parts[0].startsWith(ROUNDS)) {
      long requested = Encoding.parseDecimal(parts[0].substring(ROUNDS.length()));
      if (requested < 0 || requested > limits.maxIterations()) {
        return null;
      }
      rounds = (int) Math.max(MIN_ROUNDS, Math.min(MAX_ROUNDS, requested));
      next = 1;
    } else if (parts.length != 2) {
      return null;
    }
    String salt = parts[next];
    String hash = parts[next + 1];
    if (salt.length() > MAX_SALT_CHARS || hash.length() != HASH_CHARS || !isCrypt64(hash)) {
      return null;
    }
    return new Parsed(rounds, salt, hash);
  }

  private static boolean isCrypt64(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Encoding.CRYPT_ALPHABET.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The 64-byte result of the specification's steps 1-21. */
  static byte[] crypt(byte[] password, byte[] salt, int rounds) {
    MessageDigest md = Encoding.digest("SHA-512");
    // Digest B: password, salt, password.
    md.update(password);
    md.update(salt);
    md.update(password);
    byte[] b = md.digest();

    // Digest A: password, salt, then B for each full 64 bytes of password and the rest of B.
    md.update(password);
    md.update(salt);
    int remaining = password.length;
    for (; remaining > 64; remaining -= 64) {
      md.update(b, 0, 64);
    }
    md.update(b, 0, remaining);
    // For each bit of the password length, from the lowest: B if set, password if clear.
    for (int length = password.length; length > 0; length >>= 1) {
      if ((length & 1) != 0) {
        md.update(b, 0, 64);
      } else {
        md.update(password);
      }
    }
    byte[] a = md.digest();

    // Sequence P: the digest of the password repeated once per byte, stretched to its length.
    for (int i = 0; i < password.length; i++) {
      md.update(password);
    }
    byte[] p = stretch(md.digest(), password.length);

    // Sequence S: the digest of the salt repeated 16 + A[0] times, stretched to its length.
    for (int i = 0; i < 16 + (a[0] & 0xFF); i++) {
      md.update(salt);
    }
    byte[] s = stretch(md.digest(), salt.length);

    byte[] c = a;
    for (int i = 0; i < rounds; i++) {
      boolean odd = (i & 1) != 0;
      md.update(odd ? p : c);
      if (i % 3 != 0) {
        md.update(s);
      }
      if (i % 7 != 0) {
        md.update(p);
      }
      md.update(odd ? c : p);
      c = md.digest();
    }
    return c;
  }

  private static byte[] stretch(byte[] digest, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = digest[i % digest.length];
    }
    return out;
  }

  /**
   * The specification's final encoding: 21 groups of three bytes taken in a fixed permutation (byte
   * 0, 21, 42; then 22, 43, 1; ... each index 22 further mod 63), four characters each, low bits
   * first, then byte 63 alone in two characters.
   */
  static String encode(byte[] c) {
    StringBuilder out = new StringBuilder(HASH_CHARS);
    int first = 0;
    for (int group = 0; group < 21; group++) {
      int second = (first + 21) % 63;
      int third = (second + 21) % 63;
      append(out, (c[first] & 0xFF) << 16 | (c[second] & 0xFF) << 8 | (c[third] & 0xFF), 4);
      first = (first + 22) % 63;
    }
    append(out, c[63] & 0xFF, 2);
    return out.toString();
  }

  private static void append(StringBuilder out, int value, int chars) {
    for (int i = 0; i < chars; i++) {
      out.append(Encoding.CRYPT_ALPHABET.charAt(value & 0x3F));
      value >>>= 6;
    }
  }
}
