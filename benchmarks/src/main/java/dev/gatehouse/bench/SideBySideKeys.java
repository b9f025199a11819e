package dev.gatehouse.bench;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * Gatehouse's signing key for {@link SideBySide}: a fresh key pair for the JWS algorithm chosen by
 * {@code sbs.alg}, and its private key as PKCS#8 PEM for the server's environment.
 */
final class SideBySideKeys {

  private SideBySideKeys() {}

  static KeyPair ghKeyPair(String alg) throws Exception {
    switch (alg) {
      case "RS256":
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        return rsa.generateKeyPair();
      case "ES256":
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        return ec.generateKeyPair();
      case "EdDSA":
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      default:
        throw new IllegalArgumentException("sbs.alg must be RS256, ES256 or EdDSA, was " + alg);
    }
  }

  static String pem(KeyPair k) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(k.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
