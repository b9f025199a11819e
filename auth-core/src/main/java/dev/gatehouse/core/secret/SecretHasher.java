package dev.gatehouse.core.secret;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Keyed hashing of short-lived secrets (one-time codes, refresh tokens, link tokens) under the
 * server key, and their generation.
 *
 * <p>Only the HMAC is stored, so a database leak yields nothing usable without the key; the purpose
 * is mixed into every MAC so a hash of one kind of secret never matches another kind. Comparisons
 * are constant-time. Thread-safe.
 *
 * <pre>{@code
 * SecretHasher hasher = new SecretHasher(config.get(GatehouseConfig.SECRET_KEY));
 * String token = SecretHasher.newToken();           // 256 bits, URL-safe
 * String stored = hasher.hash("refresh", token);
 * boolean ok = hasher.matches("refresh", presented, stored);
 * }</pre>
 */
public final class SecretHasher {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  // Initialised once with the key; hash() clones it (copying the keyed state) instead of looking
  // the algorithm up in the providers and re-deriving the key pads on every call.
  private final Mac prototype;

  /**
   * @param secretKey the server key, at least 32 characters
   * @throws ConfigurationException when the key is too short
   */
  public SecretHasher(String secretKey) {
    requireNonNull(secretKey, "secretKey");
    if (secretKey.length() < 32) {
      throw new ConfigurationException("gatehouse.secret-key must be at least 32 characters long");
    }
    this.key = new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.prototype = cloneable(newMac(key));
  }

  /** {@return a random server key for development, 256 bits, base64url} */
  public static String randomKey() {
    return newToken();
  }

  /** {@return a new opaque token: 256 bits from {@link SecureRandom}, base64url without padding} */
  public static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * A new numeric code with exactly {@code digits} digits (leading zeros allowed), drawn uniformly
   * from {@link SecureRandom}.
   *
   * @param digits 4 to 10
   * @return the code
   */
  public static String newNumericCode(int digits) {
    if (digits < 4 || digits > 10) {
      throw new IllegalArgumentException("digits must be 4..10, was " + digits);
    }
    long bound = 1;
    for (int i = 0; i < digits; i++) {
      bound *= 10;
    }
    long n = RANDOM.longs(1, 0, bound).findFirst().orElseThrow();
    String s = Long.toString(n);
    return "0".repeat(digits - s.length()) + s;
  }

  /**
   * The keyed hash of a secret for a purpose, as lower-case hex (64 characters).
   *
   * @param purpose what kind of secret, e.g. {@code otp:login} or {@code refresh}
   * @param secret the secret
   * @return the hash to store
   */
  public String hash(String purpose, String secret) {
    requireNonNull(purpose, "purpose");
    requireNonNull(secret, "secret");
    Mac mac = keyedMac();
    mac.update(purpose.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A fresh keyed MAC: a clone of the prototype, or a new instance if the provider cannot clone.
   */
  private Mac keyedMac() {
    if (prototype != null) {
      try {
        return (Mac) prototype.clone();
      } catch (CloneNotSupportedException e) {
        // Not reached with the JDK's provider (checked in the constructor).
        return newMac(key);
      }
    }
    return newMac(key);
  }

  /** {@code mac} when its provider can clone it (the JDK's can), else {@code null}. */
  private static Mac cloneable(Mac mac) {
    try {
      mac.clone();
      return mac;
    } catch (CloneNotSupportedException e) {
      return null;
    }
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /**
   * Whether {@code secret} hashes to {@code storedHash}, compared in constant time.
   *
   * @param purpose the purpose used when hashing
   * @param secret the presented secret
   * @param storedHash the stored hash, or {@code null}
   * @return whether they match
   */
  public boolean matches(String purpose, String secret, @Nullable String storedHash) {
    if (secret == null || storedHash == null) {
      return false;
    }
    return MessageDigest.isEqual(
        hash(purpose, secret).getBytes(StandardCharsets.US_ASCII),
        storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Constant-time equality of two strings (for bootstrap tokens and the like).
   *
   * @param a one value, or {@code null}
   * @param b the other, or {@code null}
   * @return whether both are non-null and equal
   */
  public static boolean constantTimeEquals(@Nullable String a, @Nullable String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "SecretHasher[key=<secret>]";
  }
}
