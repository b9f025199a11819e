package dev.gatehouse.core.password;

import dev.gatehouse.core.password.PasswordHashingOptions.FirebaseScryptParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Firebase Authentication's modified scrypt, stored as {@code $firebase-scrypt$<salt>$<hash>} with
 * the user's {@code salt} and {@code passwordHash} from {@code auth:export} (standard or URL-safe
 * base64). Following Firebase's published algorithm: scrypt of the password with the salt followed
 * by the project's salt separator, {@code N = 2^memCost}, {@code r = rounds}, {@code p = 1}, a
 * 64-byte key; its first 32 bytes key AES-256 in CTR mode with a zero IV, which encrypts the
 * project's signer key; the result is the stored hash.
 *
 * <p>Without {@link FirebaseScryptParameters} every such string is unsupported; with them, {@code
 * N*r} beyond {@code maxScryptMemoryFactor} is too.
 */
final class FirebaseScryptFormat implements PasswordHashFormat {
  static final String PREFIX = "$firebase-scrypt$";
  private static final int DERIVED_KEY_BYTES = 64;
  private static final int AES_KEY_BYTES = 32;

  /** May be {@code null}: the project is not configured. */
  private final FirebaseScryptParameters project;

  FirebaseScryptFormat(FirebaseScryptParameters project) {
    this.project = project;
  }

  @Override
  public String id() {
    return "firebase-scrypt";
  }

  @Override
  public boolean recognizes(String stored) {
    return stored.startsWith(PREFIX);
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    if (project == null) {
      return Optional.empty();
    }
    String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
    if (parts.length != 2) {
      return Optional.empty();
    }
    String salt = standardAlphabet(parts[0]);
    String hash = standardAlphabet(parts[1]);
    long n = 1L << project.memCost();
    if (!Encoding.isBase64(salt)
        || !Encoding.isBase64(hash)
        || !ScryptFormat.withinCaps(n, project.rounds(), 1, limits)) {
      return Optional.empty();
    }
    byte[] signerKey = project.signerKey();
    byte[] expected = Encoding.decodeBase64(hash);
    if (expected.length != signerKey.length) {
      return Optional.empty();
    }
    byte[] separator = project.saltSeparator();
    byte[] userSalt = Encoding.decodeBase64(salt);
    byte[] fullSalt = Arrays.copyOf(userSalt, userSalt.length + separator.length);
    System.arraycopy(separator, 0, fullSalt, userSalt.length, separator.length);
    int rounds = project.rounds();
    return Optional.of(
        raw -> {
          byte[] derived =
              SCrypt.generate(Encoding.utf8(raw), fullSalt, (int) n, rounds, 1, DERIVED_KEY_BYTES);
          return MessageDigest.isEqual(expected, encrypt(derived, signerKey));
        });
  }

  private static byte[] encrypt(byte[] derived, byte[] signerKey) {
    try {
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(derived, 0, AES_KEY_BYTES, "AES"),
          new IvParameterSpec(new byte[16]));
      return aes.doFinal(signerKey);
    } catch (GeneralSecurityException e) {
      // AES in CTR mode with a 256-bit key is in every JDK since 8u161.
      throw new IllegalStateException("the JDK's AES/CTR is unavailable", e);
    }
  }

  /** Firebase exports standard base64; URL-safe copies are read the same. */
  private static String standardAlphabet(String s) {
    return s.replace('-', '+').replace('_', '/');
  }
}
