package dev.gatehouse.bench;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/** Raw 32-byte Ed25519 keys as JDK key objects (RFC 8410 DER prefixes). */
final class JdkKeys {
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  private JdkKeys() {}

  static KeyPair ed25519(byte[] rawPrivate, byte[] rawPublic) throws GeneralSecurityException {
    KeyFactory kf = KeyFactory.getInstance("Ed25519");
    return new KeyPair(
        kf.generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, rawPublic))),
        kf.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, rawPrivate))));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
