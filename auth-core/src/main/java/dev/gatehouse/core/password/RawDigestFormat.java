package dev.gatehouse.core.password;

import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Bare hexadecimal MD5 (32 characters) or SHA-1 (40) of the password with no salt, as old PHP
 * ({@code md5($password)}), MySQL and home-grown systems store them. Trivially cracked, so verified
 * only when the host explicitly allows it with {@link
 * PasswordHashing.Builder#allowUnsaltedDigests}; otherwise such strings are unsupported. Django's
 * lower-case 32-character {@code UnsaltedMD5PasswordHasher} output is read by {@link
 * DjangoDigestFormat}, which comes first.
 */
final class RawDigestFormat implements PasswordHashFormat {
  private final boolean allowed;

  RawDigestFormat(boolean allowed) {
    this.allowed = allowed;
  }

  @Override
  public String id() {
    return "raw-digest";
  }

  @Override
  public boolean recognizes(String stored) {
    return (stored.length() == 32 || stored.length() == 40)
        && Encoding.isLowerHex(stored.toLowerCase(Locale.ROOT), stored.length());
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    if (!allowed) {
      return Optional.empty();
    }
    byte[] digest = Encoding.decodeHex(stored.toLowerCase(Locale.ROOT));
    String algorithm = stored.length() == 32 ? "MD5" : "SHA-1";
    return Optional.of(
        raw ->
            MessageDigest.isEqual(digest, Encoding.digest(algorithm).digest(Encoding.utf8(raw))));
  }
}
