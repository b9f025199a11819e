package dev.gatehouse.core.password;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Spring Security's {@code DelegatingPasswordEncoder} strings, {@code {id}encoded}, as a {@code
 * JdbcUserDetailsManager} table stores them, verified as they are:
 *
 * <ul>
 *   <li>{@code {bcrypt}}, {@code {argon2}} and {@code {argon2@SpringSecurity_v5_8}}: the standard
 *       bcrypt and Argon2 strings after the prefix, verified by those formats;
 *   <li>{@code {ldap}}: an LDAP {@code {SSHA}} string (LdapShaPasswordEncoder), by the LDAP format;
 *   <li>{@code {pbkdf2}} (Spring 5: 8-byte salt, 185,000 rounds of HMAC-SHA1) and {@code
 *       {pbkdf2@SpringSecurity_v5_8}} (Spring 6: 16-byte salt, 310,000 rounds of HMAC-SHA256), told
 *       apart by the length of the hex or Base64 salt-and-hash (the encoding carries no
 *       parameters), with the default empty secret;
 *   <li>{@code {scrypt}} and {@code {scrypt@SpringSecurity_v5_8}}: {@code $params$salt$key}, the
 *       parameters as {@code log2(N) << 16 | r << 8 | p} in hex, salt and key in Base64;
 *   <li>{@code {sha256}} (StandardPasswordEncoder): hex of an 8-byte salt and SHA-256 applied 1,024
 *       times to salt and password (default empty secret);
 *   <li>{@code {MD5}}, {@code {SHA-1}} and {@code {SHA-256}} (MessageDigestPasswordEncoder): an
 *       optional {@code {salt}} and the hex digest of password then salt, one iteration.
 * </ul>
 *
 * <p>{@code {noop}} (a plaintext password) is recognised and refused: such an account signs in by a
 * reset. Every parameter read from the string is bounded by the options' caps. Immutable and
 * thread-safe.
 */
final class SpringSecurityFormat implements PasswordHashFormat {
  private static final Pattern ID = Pattern.compile("^\\{([A-Za-z0-9@_.-]{1,40})\\}");
  private static final Pattern DIGEST_SALT = Pattern.compile("^(\\{[^{}]{0,200}\\})?([0-9a-f]+)$");
  private static final List<String> IDS =
      List.of(
          "bcrypt",
          "argon2",
          "argon2@SpringSecurity_v5_8",
          "ldap",
          "pbkdf2",
          "pbkdf2@SpringSecurity_v5_8",
          "scrypt",
          "scrypt@SpringSecurity_v5_8",
          "sha256",
          "MD5",
          "SHA-1",
          "SHA-256",
          "noop");

  private final BcryptFormat bcrypt;
  private final Argon2Format argon2;
  private final LdapFormat ldap;

  SpringSecurityFormat(BcryptFormat bcrypt, Argon2Format argon2, LdapFormat ldap) {
    this.bcrypt = bcrypt;
    this.argon2 = argon2;
    this.ldap = ldap;
  }

  @Override
  public String id() {
    return "spring-security";
  }

  @Override
  public boolean recognizes(String stored) {
    String id = id(stored);
    if (id == null) {
      return false;
    }
    // {MD5} and {SHA-1}... are also LDAP schemes: Spring's are hex (after an optional {salt}).
    if (id.equals("MD5") || id.startsWith("SHA-")) {
      return DIGEST_SALT.matcher(stored.substring(id.length() + 2)).matches();
    }
    return true;
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    String id = id(stored);
    if (id == null) {
      return Optional.empty();
    }
    String encoded = stored.substring(id.length() + 2);
    return switch (id) {
      case "bcrypt" ->
          bcrypt.recognizes(encoded) ? bcrypt.parse(encoded, limits) : Optional.empty();
      case "argon2", "argon2@SpringSecurity_v5_8" ->
          argon2.recognizes(encoded) ? argon2.parse(encoded, limits) : Optional.empty();
      case "ldap" -> ldap.recognizes(encoded) ? ldap.parse(encoded, limits) : Optional.empty();
      case "pbkdf2", "pbkdf2@SpringSecurity_v5_8" -> pbkdf2(encoded, limits);
      case "scrypt", "scrypt@SpringSecurity_v5_8" -> scrypt(encoded, limits);
      case "sha256" -> standard(encoded);
      case "MD5", "SHA-1", "SHA-256" -> digest(id, encoded);
      default -> Optional.empty(); // {noop}: a plaintext password is not verified
    };
  }

  private static String id(String stored) {
    Matcher m = ID.matcher(stored);
    return m.find() && IDS.contains(m.group(1)) ? m.group(1) : null;
  }

  /** Salt and hash, hex or Base64; the length says which defaults made it. */
  private static Optional<ParsedHash> pbkdf2(String encoded, PasswordHashingOptions limits) {
    byte[] all;
    if (Encoding.isLowerHex(encoded, encoded.length()) && encoded.length() % 2 == 0) {
      all = Encoding.decodeHex(encoded);
    } else if (Encoding.isBase64(encoded)) {
      all = Encoding.decodeBase64(encoded);
    } else {
      return Optional.empty();
    }
    int saltBytes;
    int rounds;
    String prf;
    if (all.length == 8 + 32) {
      saltBytes = 8;
      rounds = 185_000;
      prf = "PBKDF2WithHmacSHA1";
    } else if (all.length == 16 + 32) {
      saltBytes = 16;
      rounds = 310_000;
      prf = "PBKDF2WithHmacSHA256";
    } else {
      return Optional.empty();
    }
    if (rounds > limits.maxIterations()) {
      return Optional.empty();
    }
    byte[] salt = java.util.Arrays.copyOfRange(all, 0, saltBytes);
    byte[] expected = java.util.Arrays.copyOfRange(all, saltBytes, all.length);
    int r = rounds;
    return Optional.of(raw -> MessageDigest.isEqual(expected, pbkdf2(prf, raw, salt, r)));
  }

  private static byte[] pbkdf2(String prf, String raw, byte[] salt, int rounds) {
    try {
      PBEKeySpec spec = new PBEKeySpec(raw.toCharArray(), salt, rounds, 256);
      try {
        return SecretKeyFactory.getInstance(prf).generateSecret(spec).getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + prf, e);
    }
  }

  private static Optional<ParsedHash> scrypt(String encoded, PasswordHashingOptions limits) {
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4
        || !parts[0].isEmpty()
        || !parts[1].matches("[0-9a-f]{1,8}")
        || !Encoding.isBase64(parts[2])
        || !Encoding.isBase64(parts[3])) {
      return Optional.empty();
    }
    long params = Long.parseLong(parts[1], 16);
    int log2n = (int) (params >> 16 & 0xffff);
    long n = log2n >= 31 ? -1 : 1L << log2n;
    long r = params >> 8 & 0xff;
    long p = params & 0xff;
    byte[] salt = Encoding.decodeBase64(parts[2]);
    byte[] expected = Encoding.decodeBase64(parts[3]);
    if (!ScryptFormat.withinCaps(n, r, p, limits)
        || expected.length < 16
        || expected.length > 128) {
      return Optional.empty();
    }
    int nn = (int) n;
    int rr = (int) r;
    int pp = (int) p;
    return Optional.of(
        raw ->
            MessageDigest.isEqual(
                expected, SCrypt.generate(Encoding.utf8(raw), salt, nn, rr, pp, expected.length)));
  }

  /** StandardPasswordEncoder: hex(salt || SHA-256^1024(salt || password)). */
  private static Optional<ParsedHash> standard(String encoded) {
    if (encoded.length() != 80 || !Encoding.isLowerHex(encoded, 80)) {
      return Optional.empty();
    }
    byte[] all = Encoding.decodeHex(encoded);
    byte[] salt = java.util.Arrays.copyOfRange(all, 0, 8);
    byte[] expected = java.util.Arrays.copyOfRange(all, 8, 40);
    return Optional.of(
        raw -> {
          MessageDigest sha = Encoding.digest("SHA-256");
          sha.update(salt);
          byte[] d = sha.digest(Encoding.utf8(raw));
          for (int i = 1; i < 1024; i++) {
            d = sha.digest(d);
          }
          return MessageDigest.isEqual(expected, d);
        });
  }

  /** MessageDigestPasswordEncoder: [{salt}]hex(digest(password + {salt})). */
  private static Optional<ParsedHash> digest(String algorithm, String encoded) {
    Matcher m = DIGEST_SALT.matcher(encoded);
    if (!m.matches()) {
      return Optional.empty();
    }
    String salt = m.group(1) == null ? "" : m.group(1);
    MessageDigest probe = Encoding.digest(algorithm);
    if (m.group(2).length() != probe.getDigestLength() * 2) {
      return Optional.empty();
    }
    byte[] expected = Encoding.decodeHex(m.group(2));
    return Optional.of(
        raw ->
            MessageDigest.isEqual(
                expected,
                Encoding.digest(algorithm).digest((raw + salt).getBytes(StandardCharsets.UTF_8))));
  }
}
