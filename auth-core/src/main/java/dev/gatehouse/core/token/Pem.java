package dev.gatehouse.core.token;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the one PEM block of a key file. Stateless. */
final class Pem {
  static final String PRIVATE_KEY = "PRIVATE KEY";
  static final String PUBLIC_KEY = "PUBLIC KEY";

  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----",
          Pattern.DOTALL);

  /** A decoded block: its label (e.g. {@code PRIVATE KEY}) and DER bytes. */
  record Block(String label, byte[] der) {}

  private Pem() {}

  /**
   * Returns the first PKCS#8 {@code PRIVATE KEY} block, else the first SPKI {@code PUBLIC KEY}
   * block.
   *
   * @throws ConfigurationException naming {@code kid} when there is neither, or when the key is in
   *     a format we do not read (PKCS#1, SEC1, encrypted PKCS#8)
   */
  static Block read(String pem, String kid) {
    Block publicBlock = null;
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String label = m.group(1);
      if (label.equals(PRIVATE_KEY)) {
        return new Block(label, decode(m.group(2), kid));
      }
      if (label.equals(PUBLIC_KEY) && publicBlock == null) {
        publicBlock = new Block(label, decode(m.group(2), kid));
      } else if (!label.equals(PUBLIC_KEY)) {
        throw new ConfigurationException(
            "Key '"
                + kid
                + "': PEM block '"
                + label
                + "' is not supported; give an unencrypted PKCS#8 'PRIVATE KEY' (convert with"
                + " 'openssl pkcs8 -topk8 -nocrypt') or an SPKI 'PUBLIC KEY'");
      }
    }
    if (publicBlock == null) {
      throw new ConfigurationException(
          "Key '" + kid + "': no PEM 'PRIVATE KEY' or 'PUBLIC KEY' block found");
    }
    return publicBlock;
  }

  private static byte[] decode(String body, String kid) {
    try {
      return Base64.getMimeDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Key '" + kid + "': PEM body is not valid base64");
    }
  }
}
