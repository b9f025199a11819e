package dev.gatehouse.core.password;

import java.security.MessageDigest;
import java.util.Optional;

/**
 * sha512-crypt ({@code $6$[rounds=N$]salt$hash}) and sha256-crypt ({@code $5$[rounds=N$]salt$hash})
 * of glibc crypt(3), passlib, OpenSSL and Linux shadow files, implemented from Ulrich Drepper's
 * public specification "Unix crypt using SHA-256 and SHA-512" with {@link MessageDigest}. As the
 * specification requires, the salt is cut to 16 characters and rounds are clamped to [1000,
 * 999999999]; rounds beyond the configured {@code maxIterations} make the hash unsupported instead.
 */
final class ShaCryptFormat implements PasswordHashFormat {
  private static final String ROUNDS = "rounds=";
  private static final int DEFAULT_ROUNDS = 5000;
  private static final int MIN_ROUNDS = 1000;
  private static final int MAX_ROUNDS = 999_999_999;
  private static final int MAX_SALT_CHARS = 16;

  /** The two variants: their prefix, digest, and the specification's final byte permutation. */
  enum Variant {
    SHA256("$5$", "sha256-crypt", "SHA-256", 43, 21),
    SHA512("$6$", "sha512-crypt", "SHA-512", 86, 22);

    final String prefix;
    final String id;
    final String digest;
    final int hashChars;

    /** Distance between the first bytes of two consecutive 3-byte groups of the encoding. */
    final int groupStep;

    Variant(String prefix, String id, String digest, int hashChars, int groupStep) {
      this.prefix = prefix;
      this.id = id;
      this.digest = digest;
      this.hashChars = hashChars;
      this.groupStep = groupStep;
    }
  }

  private final Variant variant;

  ShaCryptFormat(Variant variant) {
    this.variant = variant;
  }

  private record Parsed(int rounds, String salt, String hash) {}

  @Override
  public String id() {
    return variant.id;
  }

  @Override
  public boolean recognizes(String stored) {
    return stored.startsWith(variant.prefix);
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
                p.hash,
                encode(
                    variant, crypt(variant, Encoding.utf8(raw), Encoding.utf8(p.salt), p.rounds))));
  }

  private Parsed read(String stored, PasswordHashingOptions limits) {
    String[] parts = stored.substring(variant.prefix.length()).split("\\$", -1);
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
    if (salt.length() > MAX_SALT_CHARS
        || hash.length() != variant.hashChars
        || !Encoding.isCrypt64(hash)) {
      return null;
    }
    return new Parsed(rounds, salt, hash);
  }

  /** The digest-sized result of the specification's steps 1-21. */
  static byte[] crypt(Variant variant, byte[] password, byte[] salt, int rounds) {
    MessageDigest md = Encoding.digest(variant.digest);
    int size = md.getDigestLength();
    // Digest B: password, salt, password.
    md.update(password);
    md.update(salt);
    md.update(password);
    byte[] b = md.digest();

    // Digest A: password, salt, then B for each full digest size of password and the rest of B.
    md.update(password);
    md.update(salt);
    int remaining = password.length;
    for (; remaining > size; remaining -= size) {
      md.update(b, 0, size);
    }
    md.update(b, 0, remaining);
    // For each bit of the password length, from the lowest: B if set, password if clear.
    for (int length = password.length; length > 0; length >>= 1) {
      if ((length & 1) != 0) {
        md.update(b, 0, size);
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
   * The specification's final encoding: groups of three bytes taken in a fixed permutation, four
   * characters each, low bits first, then the bytes left over. For SHA-512: 21 groups (byte 0, 21,
   * 42; then 22, 43, 1; ... each first index 22 further mod 63), then byte 63 in two characters.
   * For SHA-256: 10 groups (0, 10, 20; then 21, 1, 11; ... each first index 21 further mod 30),
   * then bytes 31 and 30 in three characters.
   */
  static String encode(Variant variant, byte[] c) {
    StringBuilder out = new StringBuilder(variant.hashChars);
    int groups = c.length / 3;
    int span = groups * 3;
    int first = 0;
    for (int group = 0; group < groups; group++) {
      int second = (first + groups) % span;
      int third = (second + groups) % span;
      append(out, (c[first] & 0xFF) << 16 | (c[second] & 0xFF) << 8 | (c[third] & 0xFF), 4);
      first = (first + variant.groupStep) % span;
    }
    if (c.length == 64) {
      append(out, c[63] & 0xFF, 2);
    } else {
      append(out, (c[31] & 0xFF) << 8 | (c[30] & 0xFF), 3);
    }
    return out.toString();
  }

  private static void append(StringBuilder out, int value, int chars) {
    for (int i = 0; i < chars; i++) {
      out.append(Encoding.CRYPT_ALPHABET.charAt(value & 0x3F));
      value >>>= 6;
    }
  }
}
