package dev.gatehouse.core.password;

import java.security.MessageDigest;
import java.util.Optional;

/**
 * Django's plain-digest hashers, all unsafe and verified only so that old accounts can sign in once
 * and be upgraded: {@code sha1$salt$hex} and {@code md5$salt$hex} (digest of salt + password),
 * their unsalted forms {@code sha1$$hex} and {@code md5$$hex}, and the bare 32 hex characters of
 * {@code UnsaltedMD5PasswordHasher}.
 */
final class DjangoDigestFormat implements PasswordHashFormat {

  private record Parsed(String algorithm, String salt, byte[] digest) {}

  @Override
  public String id() {
    return "django-digest";
  }

  @Override
  public boolean recognizes(String stored) {
    return stored.startsWith("sha1$")
        || stored.startsWith("md5$")
        || (stored.length() == 32 && Encoding.isLowerHex(stored, 32));
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    Parsed p = read(stored);
    if (p == null) {
      return Optional.empty();
    }
    return Optional.of(
        raw -> {
          MessageDigest md = Encoding.digest(p.algorithm);
          md.update(Encoding.utf8(p.salt));
          md.update(Encoding.utf8(raw));
          return MessageDigest.isEqual(p.digest, md.digest());
        });
  }

  private static Parsed read(String stored) {
    if (stored.length() == 32 && Encoding.isLowerHex(stored, 32)) {
      return new Parsed("MD5", "", Encoding.decodeHex(stored));
    }
    String[] parts = stored.split("\\$", -1);
    if (parts.length != 3) {
      return null;
    }
    boolean sha1 = parts[0].equals("sha1");
    int hexChars = sha1 ? 40 : 32;
    if (!Encoding.isLowerHex(parts[2], hexChars)) {
      return null;
    }
    return new Parsed(sha1 ? "SHA-1" : "MD5", parts[1], Encoding.decodeHex(parts[2]));
  }
}
