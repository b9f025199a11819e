package dev.gatehouse.core.password;

import java.security.MessageDigest;
import java.util.Optional;

/**
 * md5-crypt ({@code $1$salt$hash}, Poul-Henning Kamp's FreeBSD crypt, written by glibc, OpenSSL
 * {@code passwd -1}, Cisco and old Linux shadow files) and Apache's {@code $apr1$salt$hash}, which
 * is the same algorithm with another magic string. The salt is at most 8 characters; the work is a
 * fixed 1000 MD5 rounds, so there is no cost to cap.
 */
final class Md5CryptFormat implements PasswordHashFormat {
  private static final int MAX_SALT_CHARS = 8;
  private static final int HASH_CHARS = 22;
  private static final int ROUNDS = 1000;

  private final String magic;

  private Md5CryptFormat(String magic) {
    this.magic = magic;
  }

  /** {@return {@code $1$}} */
  static Md5CryptFormat md5Crypt() {
    return new Md5CryptFormat("$1$");
  }

  /** {@return Apache's {@code $apr1$}} */
  static Md5CryptFormat apr1() {
    return new Md5CryptFormat("$apr1$");
  }

  @Override
  public String id() {
    return magic.equals("$1$") ? "md5-crypt" : "apr1";
  }

  @Override
  public boolean recognizes(String stored) {
    return stored.startsWith(magic);
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    String[] parts = stored.substring(magic.length()).split("\\$", -1);
    if (parts.length != 2) {
      return Optional.empty();
    }
    String salt = parts[0];
    String hash = parts[1];
    if (salt.length() > MAX_SALT_CHARS
        || hash.length() != HASH_CHARS
        || !Encoding.isCrypt64(hash)) {
      return Optional.empty();
    }
    byte[] saltBytes = Encoding.utf8(salt);
    return Optional.of(
        raw -> Encoding.constantTimeEquals(hash, encode(crypt(Encoding.utf8(raw), saltBytes))));
  }

  private byte[] crypt(byte[] password, byte[] salt) {
    MessageDigest md = Encoding.digest("MD5");
    md.update(password);
    md.update(salt);
    md.update(password);
    byte[] alternate = md.digest();

    md.update(password);
    md.update(Encoding.ascii(magic));
    md.update(salt);
    for (int left = password.length; left > 0; left -= 16) {
      md.update(alternate, 0, Math.min(left, 16));
    }
    // For each bit of the length, from the lowest: a NUL byte if set, else the first password byte.
    for (int length = password.length; length > 0; length >>= 1) {
      md.update((length & 1) != 0 ? 0 : password[0]);
    }
    byte[] result = md.digest();

    for (int i = 0; i < ROUNDS; i++) {
      boolean odd = (i & 1) != 0;
      md.update(odd ? password : result);
      if (i % 3 != 0) {
        md.update(salt);
      }
      if (i % 7 != 0) {
        md.update(password);
      }
      md.update(odd ? result : password);
      result = md.digest();
    }
    return result;
  }

  /** Five groups of bytes (0, 6, 12), (1, 7, 13), ... (4, 10, 5), four characters each, then 11. */
  private static String encode(byte[] r) {
    byte[] ordered = new byte[16];
    int[] order = {12, 6, 0, 13, 7, 1, 14, 8, 2, 15, 9, 3, 5, 10, 4, 11};
    for (int i = 0; i < 16; i++) {
      ordered[i] = r[order[i]];
    }
    return Encoding.cryptBase64(ordered);
  }
}
