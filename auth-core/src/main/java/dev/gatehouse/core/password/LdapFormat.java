package dev.gatehouse.core.password;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 2307 userPassword values as OpenLDAP's {@code slappasswd}, 389-ds and passlib write them: the
 * scheme in braces (any case) and standard base64 of the digest, followed by the salt for the
 * salted schemes: {@code {SHA}}, {@code {SSHA}}, {@code {MD5}}, {@code {SMD5}}, {@code {SHA256}},
 * {@code {SSHA256}}, {@code {SHA512}}, {@code {SSHA512}}; the salted digest is of password then
 * salt. {@code {CRYPT}} is followed by a crypt(3) string, verified by the crypt format that
 * recognises it (md5-crypt, sha256/512-crypt, DES, BSDi, bcrypt).
 */
final class LdapFormat implements PasswordHashFormat {
  private static final String CRYPT = "{CRYPT}";
  private static final int MAX_SALT_BYTES = 64;

  private enum Scheme {
    SHA("{SHA}", "SHA-1", false),
    SSHA("{SSHA}", "SHA-1", true),
    MD5("{MD5}", "MD5", false),
    SMD5("{SMD5}", "MD5", true),
    SHA256("{SHA256}", "SHA-256", false),
    SSHA256("{SSHA256}", "SHA-256", true),
    SHA512("{SHA512}", "SHA-512", false),
    SSHA512("{SSHA512}", "SHA-512", true);

    final String label;
    final String digest;
    final boolean salted;

    Scheme(String label, String digest, boolean salted) {
      this.label = label;
      this.digest = digest;
      this.salted = salted;
    }
  }

  private final List<PasswordHashFormat> cryptFormats;

  /**
   * @param cryptFormats the formats a {@code {CRYPT}} value may be in
   */
  LdapFormat(List<PasswordHashFormat> cryptFormats) {
    this.cryptFormats = List.copyOf(cryptFormats);
  }

  @Override
  public String id() {
    return "ldap";
  }

  @Override
  public boolean recognizes(String stored) {
    return stored.startsWith("{") && (scheme(stored) != null || isCrypt(stored));
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    if (isCrypt(stored)) {
      String crypt = stored.substring(CRYPT.length());
      for (PasswordHashFormat format : cryptFormats) {
        if (format.recognizes(crypt)) {
          return format.parse(crypt, limits);
        }
      }
      return Optional.empty();
    }
    Scheme scheme = scheme(stored);
    String encoded = stored.substring(scheme.label.length());
    if (!Encoding.isBase64(encoded)) {
      return Optional.empty();
    }
    byte[] decoded = Encoding.decodeBase64(encoded);
    int digestLength = Encoding.digest(scheme.digest).getDigestLength();
    int saltLength = decoded.length - digestLength;
    boolean shapeOk =
        scheme.salted ? saltLength >= 1 && saltLength <= MAX_SALT_BYTES : saltLength == 0;
    if (!shapeOk) {
      return Optional.empty();
    }
    byte[] digest = Arrays.copyOf(decoded, digestLength);
    byte[] salt = Arrays.copyOfRange(decoded, digestLength, decoded.length);
    return Optional.of(
        raw -> {
          MessageDigest md = Encoding.digest(scheme.digest);
          md.update(Encoding.utf8(raw));
          md.update(salt);
          return MessageDigest.isEqual(digest, md.digest());
        });
  }

  private static boolean isCrypt(String stored) {
    return stored.regionMatches(true, 0, CRYPT, 0, CRYPT.length());
  }

  private static Scheme scheme(String stored) {
    int end = stored.indexOf('}');
    if (end < 0) {
      return null;
    }
    String label = stored.substring(0, end + 1).toUpperCase(Locale.ROOT);
    for (Scheme scheme : Scheme.values()) {
      if (scheme.label.equals(label)) {
        return scheme;
      }
    }
    return null;
  }
}
