package dev.gatehouse.legacy;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Django's signing, as far as a carried-over session needs it (Django 3.1 and later, SHA-256): the
 * {@code session_data} of {@code django_session}, written by {@code signing.dumps(session,
 * salt="django.contrib.sessions.SessionStore", compress=True)}, and the session's {@code
 * _auth_user_hash}, {@code salted_hmac} of the user's password hash. Facts of Django's {@code
 * django.core.signing} and {@code django.utils.crypto}: a salted HMAC's key is the SHA-256 of the
 * salt followed by the secret key; a signed value is {@code value:signature}, the signature the
 * unpadded URL-safe Base64 of the HMAC under the salt plus {@code "signer"}; a timestamped value is
 * {@code payload:timestamp}; a payload starting with {@code .} is zlib-compressed JSON.
 */
final class DjangoSigning {
  /** The salt of Django's database session store ({@code SessionBase.key_salt}). */
  static final String SESSION_SALT = "django.contrib.sessions.SessionStore";

  /** The salt of {@code AbstractBaseUser.get_session_auth_hash}. */
  static final String AUTH_HASH_SALT =
      "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash";

  /** Longer session data is not worth decompressing (Django keeps sessions small). */
  private static final int MAX_DECOMPRESSED = 64 * 1024;

  private DjangoSigning() {}

  /**
   * The session's contents, when {@code sessionData} verifies under {@code secretKey}.
   *
   * @param sessionData {@code session_data} as stored
   * @param secretKey Django's {@code SECRET_KEY}
   * @return the session's keys and values, or null when it does not verify or cannot be read
   */
  static @Nullable Map<String, Object> sessionData(String sessionData, String secretKey) {
    int lastColon = sessionData.lastIndexOf(':');
    if (lastColon < 0) {
      return null;
    }
    String value = sessionData.substring(0, lastColon);
    byte[] signature = sessionData.substring(lastColon + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = signature(value, secretKey).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature)) {
      return null;
    }
    int timestamp = value.lastIndexOf(':');
    if (timestamp < 0) {
      return null;
    }
    String payload = value.substring(0, timestamp);
    boolean compressed = payload.startsWith(".");
    try {
      byte[] data = Base64.getUrlDecoder().decode(compressed ? payload.substring(1) : payload);
      return JSONObjectUtils.parse(
          new String(compressed ? inflate(data) : data, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | java.text.ParseException | DataFormatException e) {
      return null;
    }
  }

  /**
   * The {@code _auth_user_hash} Django puts in a session for a user with this password hash.
   *
   * @param passwordHash the user's {@code password} column
   * @param secretKey Django's {@code SECRET_KEY}
   * @return the hexadecimal hash
   */
  static String sessionAuthHash(String passwordHash, String secretKey) {
    return HexFormat.of().formatHex(saltedHmac(AUTH_HASH_SALT, passwordHash, secretKey));
  }

  /**
   * The signature Django's session store puts after {@code value} ({@code payload:timestamp}).
   *
   * @param value the signed value
   * @param secretKey Django's {@code SECRET_KEY}
   * @return the unpadded URL-safe Base64 signature
   */
  static String signature(String value, String secretKey) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(saltedHmac(SESSION_SALT + "signer", value, secretKey));
  }

  /** Django's {@code salted_hmac(salt, value, secret, algorithm="sha256")}. */
  private static byte[] saltedHmac(String salt, String value, String secretKey) {
    try {
      byte[] key =
          MessageDigest.getInstance("SHA-256")
              .digest((salt + secretKey).getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  private static byte[] inflate(byte[] data) throws DataFormatException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("truncated");
        }
        out.write(buffer, 0, n);
        if (out.size() > MAX_DECOMPRESSED) {
          throw new DataFormatException("too large");
        }
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }
}
