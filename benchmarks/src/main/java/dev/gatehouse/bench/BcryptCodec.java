package dev.gatehouse.bench;

import java.io.ByteArrayOutputStream;

/** bcrypt's own base64 alphabet ({@code ./A-Za-z0-9}, no padding), for the raw baseline. */
final class BcryptCodec {
  private static final String ALPHABET =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private BcryptCodec() {}

  static byte[] decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int bits = 0;
    int buffer = 0;
    for (int i = 0; i < s.length(); i++) {
      buffer = (buffer << 6) | ALPHABET.indexOf(s.charAt(i));
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.write((buffer >> bits) & 0xFF);
      }
    }
    return out.toByteArray();
  }

  static String encode(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    int bits = 0;
    int buffer = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        out.append(ALPHABET.charAt((buffer >> bits) & 0x3F));
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (6 - bits)) & 0x3F));
    }
    return out.toString();
  }
}
