package dev.gatehouse.core.password;

import java.security.MessageDigest;
import java.util.Optional;

/**
 * phpass "portable" hashes ({@code $P$} from WordPress and phpBB3's {@code $H$}): MD5 of salt and
 * password, then MD5 of the previous digest and the password 2^n times, where n is coded by the
 * fourth character in the crypt alphabet ({@code ./0-9A-Za-z}) and must be 7 to 30.
 */
final class PhpassFormat implements PasswordHashFormat {
  private static final int SETTING_CHARS = 12;
  private static final int HASH_CHARS = 22;

  private record Parsed(long count, String setting, String hash) {}

  @Override
  public String id() {
    return "phpass";
  }

  @Override
  public boolean recognizes(String stored) {
    return stored.startsWith("$P$") || stored.startsWith("$H$");
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    if (stored.length() != SETTING_CHARS + HASH_CHARS) {
      return Optional.empty();
    }
    for (int i = 3; i < stored.length(); i++) {
      if (Encoding.CRYPT_ALPHABET.indexOf(stored.charAt(i)) < 0) {
        return Optional.empty();
      }
    }
    int log2 = Encoding.CRYPT_ALPHABET.indexOf(stored.charAt(3));
    if (log2 < 7 || log2 > 30 || (1L << log2) > limits.maxIterations()) {
      return Optional.empty();
    }
    Parsed p =
        new Parsed(1L << log2, stored.substring(0, SETTING_CHARS), stored.substring(SETTING_CHARS));
    return Optional.of(raw -> Encoding.constantTimeEquals(p.hash, compute(raw, p)));
  }

  private static String compute(String raw, Parsed p) {
    byte[] password = Encoding.utf8(raw);
    MessageDigest md5 = Encoding.digest("MD5");
    md5.update(Encoding.ascii(p.setting.substring(4)));
    md5.update(password);
    byte[] hash = md5.digest();
    for (long i = 0; i < p.count; i++) {
      md5.update(hash);
      md5.update(password);
      hash = md5.digest();
    }
    return encode64(hash);
  }

  /** phpass's encode64: three bytes at a time, little-endian, six bits per character. */
  private static String encode64(byte[] input) {
    StringBuilder out = new StringBuilder(HASH_CHARS);
    int i = 0;
    while (i < input.length) {
      int value = input[i++] & 0xFF;
      out.append(Encoding.CRYPT_ALPHABET.charAt(value & 0x3F));
      if (i < input.length) {
        value |= (input[i] & 0xFF) << 8;
      }
      out.append(Encoding.CRYPT_ALPHABET.charAt((value >> 6) & 0x3F));
      if (i++ >= input.length) {
        break;
      }
      if (i < input.length) {
        value |= (input[i] & 0xFF) << 16;
      }
      out.append(Encoding.CRYPT_ALPHABET.charAt((value >> 12) & 0x3F));
      if (i++ >= input.length) {
        break;
      }
      out.append(Encoding.CRYPT_ALPHABET.charAt((value >> 18) & 0x3F));
    }
    return out.toString();
  }
}
