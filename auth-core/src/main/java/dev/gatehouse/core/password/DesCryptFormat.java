package dev.gatehouse.core.password;

import java.util.Optional;

/**
 * DES-based crypt(3): the traditional 13-character form ({@code ssHHHHHHHHHHH}: 2 salt characters,
 * 11 hash characters; only the first 8 password bytes count, 7 bits each), BSDi's extended form
 * ({@code _CCCCSSSSHHHHHHHHHHH}: 4 characters of iteration count, 4 of salt, every password byte
 * counts) and Django's {@code CryptPasswordHasher} ({@code crypt$<salt>$<13-character form>}). The
 * BSDi count must be at most the configured {@code maxIterations}.
 */
final class DesCryptFormat implements PasswordHashFormat {
  private static final int TRADITIONAL_CHARS = 13;
  private static final int EXTENDED_CHARS = 20;
  private static final String EXTENDED = "_";
  private static final String DJANGO = "crypt$";
  private static final int TRADITIONAL_PASSES = 25;

  private record Parsed(boolean extended, long count, int salt, String hash) {}

  @Override
  public String id() {
    return "des-crypt";
  }

  @Override
  public boolean recognizes(String stored) {
    return stored.startsWith(DJANGO)
        || (stored.length() == TRADITIONAL_CHARS && Encoding.isCrypt64(stored))
        || (stored.length() == EXTENDED_CHARS
            && stored.startsWith(EXTENDED)
            && Encoding.isCrypt64(stored.substring(1)));
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    Parsed p = read(stored, limits);
    if (p == null) {
      return Optional.empty();
    }
    return Optional.of(raw -> Encoding.constantTimeEquals(p.hash, compute(raw, p)));
  }

  private static Parsed read(String stored, PasswordHashingOptions limits) {
    String crypt = stored;
    if (stored.startsWith(DJANGO)) {
      // Django keeps a salt field (empty since Django 1.4; passlib writes one) but crypt(3) reads
      // the salt from the crypt string itself.
      String[] parts = stored.split("\\$", -1);
      if (parts.length != 3 || !Encoding.isCrypt64(parts[1])) {
        return null;
      }
      crypt = parts[2];
    }
    if (crypt.length() == TRADITIONAL_CHARS && Encoding.isCrypt64(crypt)) {
      return new Parsed(false, TRADITIONAL_PASSES, decode(crypt, 0, 2), crypt.substring(2));
    }
    if (crypt.length() == EXTENDED_CHARS
        && crypt.startsWith(EXTENDED)
        && Encoding.isCrypt64(crypt.substring(1))) {
      long count = decode(crypt, 1, 4);
      if (count < 1 || count > limits.maxIterations()) {
        return null;
      }
      return new Parsed(true, count, decode(crypt, 5, 4), crypt.substring(9));
    }
    return null;
  }

  /** {@code chars} characters from {@code start}, six bits each, least significant first. */
  private static int decode(String s, int start, int chars) {
    int value = 0;
    for (int i = 0; i < chars; i++) {
      value |= Encoding.CRYPT_ALPHABET.indexOf(s.charAt(start + i)) << (6 * i);
    }
    return value;
  }

  private static String compute(String raw, Parsed p) {
    byte[] password = Encoding.utf8(raw);
    long key = keyBlock(password, 0);
    if (p.extended) {
      // BSDi folds every further 8 bytes in: the key encrypted with itself, XORed with them.
      for (int offset = 8; offset < password.length; offset += 8) {
        key = DesCrypt.encrypt(key, DesCrypt.roundKeys(key), 0, 1) ^ keyBlock(password, offset);
      }
    }
    long result = DesCrypt.encrypt(0L, DesCrypt.roundKeys(key), p.salt, p.count);
    return encode(result);
  }

  /** Up to 8 bytes from {@code offset}, each shifted left one bit (its low bit is DES parity). */
  private static long keyBlock(byte[] password, int offset) {
    long key = 0;
    for (int i = 0; i < 8; i++) {
      int b = offset + i < password.length ? (password[offset + i] << 1) & 0xFF : 0;
      key = (key << 8) | b;
    }
    return key;
  }

  /** The 64-bit result and two zero bits as 11 characters, most significant first. */
  private static String encode(long result) {
    StringBuilder out = new StringBuilder(11);
    for (int i = 0; i < 10; i++) {
      out.append(Encoding.CRYPT_ALPHABET.charAt((int) (result >>> (58 - 6 * i)) & 0x3F));
    }
    out.append(Encoding.CRYPT_ALPHABET.charAt((int) (result << 2) & 0x3F));
    return out.toString();
  }
}
