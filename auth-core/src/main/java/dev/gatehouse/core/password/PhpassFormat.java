package dev.gatehouse.core.password;

import java.security.MessageDigest;
import java.util.Optional;

/**
 * phpass "portable" hashes and Drupal 7's variant of them.
 *
 * <ul>
 *   <li>{@link #portable()}: {@code $P$} (WordPress before 6.8, phpass) and phpBB3's {@code $H$}:
 *       MD5 of salt and password, then MD5 of the previous digest and the password 2^n times.
 *   <li>{@link #drupal7()}: Drupal 7's {@code $S$} (the same construction with SHA-512, the encoded
 *       digest cut so that the whole string is 55 characters), and the {@code U$S$}/{@code U$P$}
 *       strings Drupal 7's update from Drupal 6 wrote, computed over the lower-case hex MD5 of the
 *       password.
 * </ul>
 *
 * <p>n is coded by the fourth character in the crypt alphabet ({@code ./0-9A-Za-z}), must be 7 to
 * 30 and 2^n at most the configured {@code maxIterations}; the salt is the next 8 characters.
 */
final class PhpassFormat implements PasswordHashFormat {
  private static final int SETTING_CHARS = 12;
  private static final int MD5_HASH_CHARS = 22;
  private static final int DRUPAL_HASH_LENGTH = 55;
  private static final String DRUPAL_UPDATED = "U";

  private final boolean drupal;

  private PhpassFormat(boolean drupal) {
    this.drupal = drupal;
  }

  /** {@return {@code $P$} and {@code $H$}} */
  static PhpassFormat portable() {
    return new PhpassFormat(false);
  }

  /** {@return Drupal 7's {@code $S$}, {@code U$S$} and {@code U$P$}} */
  static PhpassFormat drupal7() {
    return new PhpassFormat(true);
  }

  private record Parsed(
      String digest, boolean md5Prehash, long count, String setting, String hash) {}

  @Override
  public String id() {
    return drupal ? "drupal7" : "phpass";
  }

  @Override
  public boolean recognizes(String stored) {
    if (!drupal) {
      return stored.startsWith("$P$") || stored.startsWith("$H$");
    }
    return stored.startsWith("$S$")
        || stored.startsWith(DRUPAL_UPDATED + "$S$")
        || stored.startsWith(DRUPAL_UPDATED + "$P$");
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    Parsed p = read(stored, limits);
    if (p == null) {
      return Optional.empty();
    }
    return Optional.of(raw -> Encoding.constantTimeEquals(p.hash, compute(raw, p)));
  }

  private Parsed read(String stored, PasswordHashingOptions limits) {
    boolean md5Prehash = drupal && stored.startsWith(DRUPAL_UPDATED);
    String hash = md5Prehash ? stored.substring(DRUPAL_UPDATED.length()) : stored;
    boolean sha512 = hash.startsWith("$S$");
    int length = sha512 ? DRUPAL_HASH_LENGTH : SETTING_CHARS + MD5_HASH_CHARS;
    if (hash.length() != length || !Encoding.isCrypt64(hash.substring(3))) {
      return null;
    }
    int log2 = Encoding.CRYPT_ALPHABET.indexOf(hash.charAt(3));
    if (log2 < 7 || log2 > 30 || (1L << log2) > limits.maxIterations()) {
      return null;
    }
    return new Parsed(
        sha512 ? "SHA-512" : "MD5",
        md5Prehash,
        1L << log2,
        hash.substring(0, SETTING_CHARS),
        hash.substring(SETTING_CHARS));
  }

  private static String compute(String raw, Parsed p) {
    byte[] password =
        p.md5Prehash
            ? Encoding.ascii(Encoding.hex(Encoding.digest("MD5").digest(Encoding.utf8(raw))))
            : Encoding.utf8(raw);
    MessageDigest md = Encoding.digest(p.digest);
    md.update(Encoding.ascii(p.setting.substring(4)));
    md.update(password);
    byte[] hash = md.digest();
    for (long i = 0; i < p.count; i++) {
      md.update(hash);
      md.update(password);
      hash = md.digest();
    }
    String encoded = Encoding.cryptBase64(hash);
    return encoded.substring(0, Math.min(encoded.length(), p.hash.length()));
  }
}
