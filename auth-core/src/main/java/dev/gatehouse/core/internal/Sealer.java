package dev.gatehouse.core.internal;

import dev.gatehouse.core.secret.internal.AesGcm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Seals a short list of strings with AES-256-GCM into a URL-safe text, with a purpose bound as
 * associated data (a sealed value of one purpose does not open as another). Used for the social
 * sign-in {@code state}, "link required" tokens and stored provider tokens. Thread-safe. Internal:
 * not API.
 */
public final class Sealer {
  private static final byte VERSION = 1;

  private final AesGcm cipher;

  /**
   * @param key 32 bytes of key material
   */
  public Sealer(byte[] key) {
    this.cipher = new AesGcm(key, "the sealing key");
  }

  /**
   * @param purpose bound to the ciphertext
   * @param fields the values; {@code null} allowed
   * @return version, IV and ciphertext, base64url without padding
   */
  public String seal(String purpose, List<String> fields) {
    byte[] sealed = cipher.seal(encode(fields), purpose.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(ByteBuffer.allocate(1 + sealed.length).put(VERSION).put(sealed).array());
  }

  /**
   * @param purpose the purpose it was sealed for
   * @param sealed what {@link #seal} returned
   * @return the fields
   * @throws GeneralSecurityException when it is malformed, altered, sealed under another key or for
   *     another purpose
   */
  public List<String> open(String purpose, String sealed) throws GeneralSecurityException {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("not a sealed value", e);
    }
    if (bytes.length < 1 || bytes[0] != VERSION) {
      throw new GeneralSecurityException("not a sealed value");
    }
    return decode(cipher.open(bytes, 1, purpose.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] encode(List<String> fields) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeShort(fields.size());
      for (String s : fields) {
        out.writeBoolean(s != null);
        if (s != null) {
          byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
          out.writeInt(utf8.length);
          out.write(utf8);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static List<String> decode(byte[] encoded) throws GeneralSecurityException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      int n = in.readUnsignedShort();
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(
            in.readBoolean()
                ? new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8)
                : null);
      }
      return out;
    } catch (IOException e) {
      throw new GeneralSecurityException("a sealed value is malformed", e);
    }
  }
}
