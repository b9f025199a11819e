package dev.gatehouse.core.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Validating codecs shared by the formats. Every {@code isX} check is exact, so the matching decode
 * that follows never throws: formats detect malformed input by inspection, not by catching
 * exceptions.
 */
final class Encoding {
  private static final String STANDARD_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final String BCRYPT_ALPHABET =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** The alphabet of crypt(3)-style encodings (sha512-crypt, phpass), little-endian groups. */
  static final String CRYPT_ALPHABET =
      "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Encoding() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Standard base64 with optional {@code =} padding, non-empty, with a decodable length. */
  static boolean isBase64(String s) {
    String body = stripPadding(s);
    if (body.isEmpty() || body.length() % 4 == 1 || s.length() - body.length() > 2) {
      return false;
    }
    if (s.length() != body.length() && s.length() % 4 != 0) {
      return false;
    }
    for (int i = 0; i < body.length(); i++) {
      if (STANDARD_ALPHABET.indexOf(body.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Decodes a string accepted by {@link #isBase64}. */
  static byte[] decodeBase64(String s) {
    return Base64.getDecoder().decode(stripPadding(s));
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String base64Unpadded(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }

  /** passlib's "ab64": standard base64 with {@code .} for {@code +} and no padding. */
  static boolean isAb64(String s) {
    return s.indexOf('+') < 0 && s.indexOf('=') < 0 && isBase64(s.replace('.', '+'));
  }

  static byte[] decodeAb64(String s) {
    return decodeBase64(s.replace('.', '+'));
  }

  /** bcrypt's base64: a permuted alphabet, big-endian groups, no padding. */
  static boolean isBcryptBase64(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (BCRYPT_ALPHABET.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return length % 4 != 1;
  }

  static byte[] decodeBcryptBase64(String s) {
    return decodeBase64(translate(s, BCRYPT_ALPHABET, STANDARD_ALPHABET));
  }

  static String bcryptBase64(byte[] bytes) {
    return translate(base64Unpadded(bytes), STANDARD_ALPHABET, BCRYPT_ALPHABET);
  }

  /** Whether every character is in {@link #CRYPT_ALPHABET}. */
  static boolean isCrypt64(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (CRYPT_ALPHABET.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * crypt(3)'s little-endian base64 as phpass, md5-crypt and Drupal write it: three bytes at a
   * time, low six bits first; a last group of one or two bytes gives two or three characters.
   */
  static String cryptBase64(byte[] input) {
    StringBuilder out = new StringBuilder((input.length * 4 + 2) / 3);
    for (int i = 0; i < input.length; i += 3) {
      int value = input[i] & 0xFF;
      int chars = 2;
      if (i + 1 < input.length) {
        value |= (input[i + 1] & 0xFF) << 8;
        chars = 3;
      }
      if (i + 2 < input.length) {
        value |= (input[i + 2] & 0xFF) << 16;
        chars = 4;
      }
      for (int c = 0; c < chars; c++) {
        out.append(CRYPT_ALPHABET.charAt((value >> (6 * c)) & 0x3F));
      }
    }
    return out.toString();
  }

  static boolean isLowerHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  static byte[] decodeHex(String s) {
    return HexFormat.of().parseHex(s);
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Parses a plain decimal number of at most 18 digits (no sign, no leading {@code +}), or returns
   * -1. Longer numbers are reported as {@link Long#MAX_VALUE} so that they fail every cap.
   */
  static long parseDecimal(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    return s.length() > 18 ? Long.MAX_VALUE : Long.parseLong(s);
  }

  static byte[] randomBytes(SecureRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A salt string like Django's {@code get_random_string(22)}: about 131 bits, alphanumeric. */
  static String randomAlphanumeric(SecureRandom random, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return sb.toString();
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      // MD5, SHA-1, SHA-256 and SHA-512 are mandatory in every Java SE platform.
      throw new IllegalStateException("JDK lacks mandatory digest " + algorithm, e);
    }
  }

  /** Constant-time comparison of two ASCII strings (for encoded hashes). */
  static boolean constantTimeEquals(String expected, String actual) {
    return MessageDigest.isEqual(ascii(expected), ascii(actual));
  }

  private static String stripPadding(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return s.substring(0, end);
  }

  private static String translate(String s, String from, String to) {
    char[] out = new char[s.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = to.charAt(from.indexOf(s.charAt(i)));
    }
    return new String(out);
  }
}
