package dev.gatehouse.mfa;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;

/**
 * Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226): 30-second steps counted from the
 * Unix epoch, six digits, and the HMAC algorithm an authenticator app is told in the {@code
 * otpauth://} URI. Immutable and thread-safe.
 *
 * <pre>{@code
 * Totp totp = Totp.sha1();
 * byte[] secret = Totp.newSecret();
 * String code = totp.code(secret, totp.step(clock.instant()));
 * OptionalLong step = totp.match(secret, typed, clock.instant(), 1); // ±1 step of drift
 * }</pre>
 */
public final class Totp {
  /** The step length, seconds (RFC 6238's default, and what every authenticator app assumes). */
  public static final int STEP_SECONDS = 30;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int[] POWERS = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  /** The HMAC an authenticator app computes codes with. */
  public enum Algorithm {
    /** HMAC-SHA1: what every app supports; the default. */
    SHA1("HmacSHA1"),
    /** HMAC-SHA256. */
    SHA256("HmacSHA256"),
    /** HMAC-SHA512. */
    SHA512("HmacSHA512");

    private final String jca;

    Algorithm(String jca) {
      this.jca = jca;
    }
  }

  private final Algorithm algorithm;
  private final int digits;

  private Totp(Algorithm algorithm, int digits) {
    this.algorithm = algorithm;
    this.digits = digits;
  }

  /** {@return six-digit codes over HMAC-SHA1, the form every authenticator app reads} */
  public static Totp sha1() {
    return new Totp(Algorithm.SHA1, 6);
  }

  /**
   * @param algorithm the HMAC
   * @param digits 6 to 8
   * @return codes of that form
   * @throws IllegalArgumentException when {@code digits} is out of range
   */
  public static Totp of(Algorithm algorithm, int digits) {
    requireNonNull(algorithm, "algorithm");
    if (digits < 6 || digits > 8) {
      throw new IllegalArgumentException("digits must be 6..8, was " + digits);
    }
    return new Totp(algorithm, digits);
  }

  /** {@return a new 160-bit secret (RFC 4226 recommends the HMAC-SHA1 output length)} */
  public static byte[] newSecret() {
    byte[] secret = new byte[20];
    RANDOM.nextBytes(secret);
    return secret;
  }

  /**
   * @param secret the shared secret
   * @return it in RFC 4648 base32 without padding, as apps take it typed in
   */
  public static String base32(byte[] secret) {
    return Base32.toBase32String(secret).replace("=", "");
  }

  /**
   * @param at an instant
   * @return the step it falls in
   */
  public long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /**
   * The code of one step.
   *
   * @param secret the shared secret
   * @param step the step
   * @return the code, zero-padded to the digit count
   */
  public String code(byte[] secret, long step) {
    byte[] h = hmac(secret, step);
    int offset = h[h.length - 1] & 0x0f;
    int binary =
        ((h[offset] & 0x7f) << 24)
            | ((h[offset + 1] & 0xff) << 16)
            | ((h[offset + 2] & 0xff) << 8)
            | (h[offset + 3] & 0xff);
    String s = Integer.toString(binary % POWERS[digits]);
    return "0".repeat(digits - s.length()) + s;
  }

  /**
   * Which step within {@code drift} steps of {@code now} a typed code belongs to. Every candidate
   * is computed and compared in constant time, so the answer takes as long whichever step matched.
   *
   * @param secret the shared secret
   * @param typed the code as typed (digits only; anything else matches nothing)
   * @param now the current time
   * @param drift how many steps before and after now are accepted
   * @return the step of the code, the latest if several match; empty when none does
   */
  public OptionalLong match(byte[] secret, String typed, Instant now, int drift) {
    if (typed == null || typed.length() != digits || !typed.chars().allMatch(Totp::isAsciiDigit)) {
      return OptionalLong.empty();
    }
    byte[] presented = typed.getBytes(StandardCharsets.US_ASCII);
    long current = step(now);
    long found = Long.MIN_VALUE;
    for (long s = current - drift; s <= current + drift; s++) {
      byte[] expected = code(secret, s).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, presented)) {
        found = s;
      }
    }
    return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
  }

  /**
   * The Key URI an authenticator app reads from a QR code: {@code
   * otpauth://totp/Issuer:account?secret=...&issuer=Issuer&algorithm=SHA1&digits=6&period=30}.
   *
   * @param issuer the service name shown in the app
   * @param account the account label shown in the app (an email or username)
   * @param secret the shared secret
   * @return the URI
   */
  public String uri(String issuer, String account, byte[] secret) {
    requireNonNull(issuer, "issuer");
    requireNonNull(account, "account");
    String label = encode(issuer) + ":" + encode(account);
    return "otpauth://totp/"
        + label
        + "?secret="
        + base32(secret)
        + "&issuer="
        + encode(issuer)
        + "&algorithm="
        + algorithm.name()
        + "&digits="
        + digits
        + "&period="
        + STEP_SECONDS;
  }

  private static String encode(String s) {
    // Key URIs want %20 for spaces, not form encoding's '+'.
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static boolean isAsciiDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private byte[] hmac(byte[] secret, long step) {
    try {
      Mac mac = Mac.getInstance(algorithm.jca);
      mac.init(new SecretKeySpec(secret, "RAW"));
      byte[] counter = new byte[8];
      for (int i = 7; i >= 0; i--) {
        counter[i] = (byte) (step & 0xff);
        step >>>= 8;
      }
      return mac.doFinal(counter);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(algorithm.jca + " is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "Totp[" + algorithm.name().toLowerCase(Locale.ROOT) + ", " + digits + " digits]";
  }
}
