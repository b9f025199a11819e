package dev.gatehouse.core.password;

import java.util.Optional;

/**
 * A family of stored password-hash strings that {@link PasswordHashing} can verify, recognised from
 * the stored string itself (its prefix and structure), never by trying to verify.
 *
 * <p>Gatehouse ships the formats listed on {@link PasswordHashing} (Argon2, bcrypt, scrypt, PBKDF2,
 * crypt(3), LDAP, phpass, Drupal, WordPress, ASP.NET Identity, Firebase, Django's legacy digests);
 * a host registers extra ones with {@link PasswordHashing.Builder#addFormat}. Verification happens
 * in two steps so that {@link PasswordHashing} can bound and count the expensive part: {@link
 * #parse} reads and checks the parameters without hashing anything, then {@link ParsedHash#matches}
 * performs exactly one hash computation.
 *
 * <p>Implementations must be immutable and thread-safe, must not throw for a malformed stored
 * string (return {@link Optional#empty()} instead), must compare derived values in constant time
 * ({@link java.security.MessageDigest#isEqual}) and must never log the password or the hash.
 *
 * <pre>{@code
 * PasswordHashing hashing = PasswordHashing.builder()
 *     .options(PasswordHashingOptions.defaults())
 *     .addFormat(new MyLegacyShaFormat())   // e.g. "mysha$salt$hex" from an old PHP app
 *     .build();
 * }</pre>
 */
public interface PasswordHashFormat {

  /**
   * {@return a short, stable name for logs, e.g. {@code "bcrypt"}; never derived from a stored
   * hash}
   */
  String id();

  /**
   * Whether {@code storedHash} belongs to this family, judged by its prefix and shape alone.
   *
   * @param storedHash a non-empty stored string, never {@code null}
   * @return {@code true} if this format should parse and verify the hash
   */
  boolean recognizes(String storedHash);

  /**
   * Reads the parameters of a recognised stored hash. Must not compute any hash.
   *
   * @param storedHash a string for which {@link #recognizes} returned true
   * @param limits the current options; parameters beyond their caps (iterations, memory, cost) must
   *     yield an empty result so that a planted hash cannot make the server burn CPU or memory
   * @return the parsed hash, or empty if the string is malformed or beyond the caps
   */
  Optional<ParsedHash> parse(String storedHash, PasswordHashingOptions limits);

  /**
   * Whether a hash that matched should be re-hashed with the current configuration. The default
   * says yes, because a format a host adds is by definition not the configured one.
   *
   * @param storedHash a string that {@link #parse} accepted
   * @param current the current options
   * @return {@code true} if the password should be hashed again on successful login
   */
  default boolean needsUpgrade(String storedHash, PasswordHashingOptions current) {
    return true;
  }

  /** One stored hash, parsed and within the caps; immutable and thread-safe. */
  @FunctionalInterface
  interface ParsedHash {
    /**
     * Computes the hash of {@code rawPassword} with the stored parameters and compares it in
     * constant time. This is the one expensive call, run under {@link PasswordHashing}'s
     * concurrency bound.
     *
     * @param rawPassword the password exactly as given to {@link PasswordHashing#verify}, never
     *     {@code null}
     * @return whether it matches
     */
    boolean matches(String rawPassword);
  }
}
