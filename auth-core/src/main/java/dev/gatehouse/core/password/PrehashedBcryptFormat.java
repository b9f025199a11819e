package dev.gatehouse.core.password;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * bcrypt over a pre-hash of the password, so that every byte counts despite bcrypt's 72-byte limit:
 *
 * <ul>
 *   <li>{@link #passlibBcryptSha256()}: passlib's {@code bcrypt_sha256}, in its first form {@code
 *       $bcrypt-sha256$2b,12$<22 salt>$<31 hash>} (the key is the padded base64 of SHA-256 of the
 *       password) and its {@code v=2} form {@code $bcrypt-sha256$v=2,t=2b,r=12$<22 salt>$<31 hash>}
 *       (the padded base64 of HMAC-SHA-256 keyed with the 22 salt characters);
 *   <li>{@link #wordPress()}: WordPress 6.8's {@code $wp$2y$10$...}: a bcrypt string behind {@code
 *       $wp} whose key is the padded base64 of HMAC-SHA-384 of the password keyed with {@code
 *       wp-sha384}.
 * </ul>
 *
 * <p>The cost is capped by {@code maxBcryptCost} like plain bcrypt. The password is used exactly as
 * given: WordPress trims surrounding spaces when it hashes but not when it checks, so a password
 * saved with such spaces never matched in WordPress either.
 */
final class PrehashedBcryptFormat implements PasswordHashFormat {
  private static final String PASSLIB = "$bcrypt-sha256$";
  private static final String WORDPRESS = "$wp";
  private static final byte[] WORDPRESS_KEY = Encoding.ascii("wp-sha384");

  private final boolean wordPress;

  private PrehashedBcryptFormat(boolean wordPress) {
    this.wordPress = wordPress;
  }

  /** {@return passlib's {@code $bcrypt-sha256$}, both versions} */
  static PrehashedBcryptFormat passlibBcryptSha256() {
    return new PrehashedBcryptFormat(false);
  }

  /** {@return WordPress 6.8's {@code $wp$2y$}} */
  static PrehashedBcryptFormat wordPress() {
    return new PrehashedBcryptFormat(true);
  }

  private enum Prehash {
    SHA256,
    HMAC_SHA256_SALT,
    HMAC_SHA384_WORDPRESS
  }

  @Override
  public String id() {
    return wordPress ? "wordpress-bcrypt" : "bcrypt-sha256";
  }

  @Override
  public boolean recognizes(String stored) {
    return wordPress ? stored.startsWith(WORDPRESS + "$2") : stored.startsWith(PASSLIB);
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    Prehash prehash;
    String crypt;
    if (wordPress) {
      prehash = Prehash.HMAC_SHA384_WORDPRESS;
      crypt = stored.substring(WORDPRESS.length());
    } else {
      String[] parts = stored.substring(PASSLIB.length()).split("\\$", -1);
      if (parts.length != 3) {
        return Optional.empty();
      }
      String[] settings = parts[0].split(",", -1);
      String ident;
      String rounds;
      if (settings.length == 2) {
        prehash = Prehash.SHA256;
        ident = settings[0];
        rounds = settings[1];
      } else if (settings.length == 3
          && settings[0].equals("v=2")
          && settings[1].startsWith("t=")
          && settings[2].startsWith("r=")) {
        prehash = Prehash.HMAC_SHA256_SALT;
        ident = settings[1].substring(2);
        rounds = settings[2].substring(2);
      } else {
        return Optional.empty();
      }
      // passlib writes the cost without zero padding ("r=5"); bcrypt's own string has two digits.
      if (!(ident.equals("2a") || ident.equals("2b")) || rounds.isEmpty() || rounds.length() > 2) {
        return Optional.empty();
      }
      String twoDigits = rounds.length() == 1 ? "0" + rounds : rounds;
      crypt = "$" + ident + "$" + twoDigits + "$" + parts[1] + parts[2];
    }
    BcryptFormat.CryptString c = BcryptFormat.readCrypt(crypt, limits);
    if (c == null) {
      return Optional.empty();
    }
    return Optional.of(
        raw ->
            Encoding.constantTimeEquals(
                c.encodedHash(), BcryptFormat.compute(key(prehash, raw, c), c.salt(), c.cost())));
  }

  private static byte[] key(Prehash prehash, String raw, BcryptFormat.CryptString c) {
    byte[] password = Encoding.utf8(raw);
    byte[] digest =
        switch (prehash) {
          case SHA256 -> Encoding.digest("SHA-256").digest(password);
          case HMAC_SHA256_SALT -> hmac("HmacSHA256", Encoding.ascii(c.encodedSalt()), password);
          case HMAC_SHA384_WORDPRESS -> hmac("HmacSHA384", WORDPRESS_KEY, password);
        };
    return Encoding.ascii(Encoding.base64(digest));
  }

  private static byte[] hmac(String algorithm, byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      // SunJCE, present in every JDK, provides both; the key is never empty.
      throw new IllegalStateException("JDK lacks mandatory " + algorithm, e);
    }
  }
}
