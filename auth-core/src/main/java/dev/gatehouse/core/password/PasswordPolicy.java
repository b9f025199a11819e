package dev.gatehouse.core.password;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a new password may be set (registration, change, reset), following NIST SP
 * 800-63B section 3.1.1.2 and OWASP ASVS 5.0 V6.2: at least {@code minLength} characters, up to
 * {@code maxLength} (64 or more), not a common password, not built from the account's own words,
 * and no composition rules (no "one digit, one symbol"). Spaces, emoji and every other Unicode
 * character are allowed and the password is never trimmed.
 *
 * <p>Lengths are counted in Unicode code points after {@link #normalize NFKC normalisation}. The
 * blocklist is the 49,000 most common passwords from zxcvbn-ts ({@code common-passwords.txt}, MIT;
 * see {@code common-passwords.NOTICE.txt}), loaded on first use and compared case-insensitively.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * PasswordPolicy policy = new PasswordPolicy(PasswordPolicyOptions.defaults());
 * String password = PasswordPolicy.normalize(input);          // same at login
 * policy.check(password, List.of(email, username));           // throws RejectedInputException
 * String stored = hashing.hash(password);
 * }</pre>
 */
public final class PasswordPolicy {
  private static final String BLOCKLIST_RESOURCE = "common-passwords.txt";

  /** Context words shorter than this are only refused when they are the whole password. */
  private static final int MIN_CONTAINED_WORD_LENGTH = 4;

  private final PasswordPolicyOptions options;

  /**
   * @param options the settings, not {@code null}
   */
  public PasswordPolicy(PasswordPolicyOptions options) {
    this.options = requireNonNull(options, "options");
  }

  /** {@return the options this policy enforces} */
  public PasswordPolicyOptions options() {
    return options;
  }

  /**
   * Normalises a password to Unicode NFKC so that the same keystrokes give the same bytes on every
   * device (composed vs decomposed accents, full-width forms, ligatures). Apply it identically
   * before {@link #check}, {@link PasswordHashing#hash} and {@link PasswordHashing#verify}. Nothing
   * else is changed: no trimming, no case folding.
   *
   * @param raw the password as received, not {@code null}
   * @return its NFKC form
   */
  public static String normalize(String raw) {
    return Normalizer.normalize(requireNonNull(raw, "raw"), Normalizer.Form.NFKC);
  }

  /**
   * Checks a new password. The message of the exception says which rule failed and never contains
   * the password.
   *
   * @param rawPassword the password as received ({@code null} or empty is refused); it is
   *     normalised with {@link #normalize} before the checks
   * @param contextWords words tied to the account that must not be the password or inside it:
   *     typically the email address (its local part is used) and the username; {@code null}
   *     elements are ignored; the configured app name is always added. Words of 4 or more
   *     characters are refused anywhere inside the password, shorter ones only as the whole
   *     password, all case-insensitively
   * @throws RejectedInputException with code {@code password_required}, {@code password_too_short},
   *     {@code password_too_long}, {@code password_too_common} or {@code
   *     password_similar_to_account}
   */
  public void check(String rawPassword, Collection<String> contextWords) {
    requireNonNull(contextWords, "contextWords");
    if (rawPassword == null || rawPassword.isEmpty()) {
      throw new RejectedInputException(ErrorCode.PASSWORD_REQUIRED, "a password is required");
    }
    String password = normalize(rawPassword);
    int length = password.codePointCount(0, password.length());
    if (length < options.minLength()) {
      throw new RejectedInputException(
          ErrorCode.PASSWORD_TOO_SHORT,
          "password must have at least " + options.minLength() + " characters, had " + length);
    }
    if (length > options.maxLength()) {
      throw new RejectedInputException(
          ErrorCode.PASSWORD_TOO_LONG,
          "password must have at most " + options.maxLength() + " characters, had " + length);
    }
    int bytes = password.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > options.maxBytes()) {
      throw new RejectedInputException(
          ErrorCode.PASSWORD_TOO_LONG,
          "password must be at most " + options.maxBytes() + " bytes in UTF-8, was " + bytes);
    }
    String folded = fold(password);
    if (options.blocklistEnabled() && Blocklist.PASSWORDS.contains(folded)) {
      throw new RejectedInputException(
          ErrorCode.PASSWORD_TOO_COMMON, "password is on the list of commonly used passwords");
    }
    for (String word : accountWords(contextWords)) {
      if (folded.equals(word)
          || (word.codePointCount(0, word.length()) >= MIN_CONTAINED_WORD_LENGTH
              && folded.contains(word))) {
        throw new RejectedInputException(
            ErrorCode.PASSWORD_SIMILAR_TO_ACCOUNT,
            "password must not contain the account's email, username or the application name");
      }
    }
  }

  /** Whether the bundled blocklist has this password (after normalisation, ignoring case). */
  static boolean isCommon(String password) {
    return Blocklist.PASSWORDS.contains(fold(normalize(password)));
  }

  /** How many entries the bundled blocklist holds. */
  static int blocklistSize() {
    return Blocklist.PASSWORDS.size();
  }

  private List<String> accountWords(Collection<String> contextWords) {
    List<String> words = new ArrayList<>();
    List<String> given = new ArrayList<>(contextWords);
    given.add(options.appName());
    for (String word : given) {
      if (word == null) {
        continue;
      }
      String folded = fold(normalize(word)).strip();
      int at = folded.lastIndexOf('@');
      if (at > 0) {
        // An email address: the local part is what people reuse ("alice.smith2024").
        folded = folded.substring(0, at);
      }
      if (!folded.isEmpty()) {
        words.add(folded);
      }
    }
    return words;
  }

  private static String fold(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Loaded on first use only (holder idiom), since most hosts check few passwords per second. */
  private static final class Blocklist {
    static final Set<String> PASSWORDS = load();

    private static Set<String> load() {
      InputStream in = PasswordPolicy.class.getResourceAsStream(BLOCKLIST_RESOURCE);
      if (in == null) {
        throw new IllegalStateException(
            "password blocklist resource " + BLOCKLIST_RESOURCE + " missing from the jar");
      }
      Set<String> set = new HashSet<>(65_536);
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (!line.isEmpty() && !line.startsWith("#")) {
            set.add(fold(normalize(line)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read password blocklist", e);
      }
      return Set.copyOf(set);
    }
  }

  /**
   * Immutable settings of {@link PasswordPolicy}, following NIST SP 800-63B and OWASP ASVS 5.0
   * V6.2: a minimum length, a generous maximum, a blocklist, and no composition rules.
   *
   * <pre>{@code
   * PasswordPolicyOptions options = PasswordPolicyOptions.builder()
   *     .minLength(15)            // ASVS level 2+ for single-factor passwords
   *     .appName("Acme Shop")
   *     .build();
   * }</pre>
   *
   * @param minLength fewest characters (Unicode code points after NFKC) allowed ({@code
   *     password.policy.minLength}), default 8, at least 1
   * @param maxLength most characters allowed ({@code password.policy.maxLength}), default 128, at
   *     least 64 so long passphrases always fit
   * @param maxBytes most UTF-8 bytes allowed ({@code password.policy.maxBytes}), default {@link
   *     PasswordHashingOptions#DEFAULT_MAX_PASSWORD_BYTES}, at most {@link
   *     PasswordHashingOptions#HARD_MAX_PASSWORD_BYTES}
   * @param blocklistEnabled whether the bundled common-password list is consulted ({@code
   *     password.policy.blocklist}), default true
   * @param appName the application's name, refused inside passwords like the account's own words
   *     ({@code password.policy.appName}); empty for none, never {@code null}
   */
  public record PasswordPolicyOptions(
      int minLength, int maxLength, int maxBytes, boolean blocklistEnabled, String appName) {

    /**
     * Checks every value.
     *
     * @param minLength fewest characters (Unicode code points after NFKC) allowed ({@code
     *     password.policy.minLength}), default 8, at least 1
     * @param maxLength most characters allowed ({@code password.policy.maxLength}), default 128, at
     *     least 64 so long passphrases always fit
     * @param maxBytes most UTF-8 bytes allowed ({@code password.policy.maxBytes}), default {@link
     *     PasswordHashingOptions#DEFAULT_MAX_PASSWORD_BYTES}, at most {@link
     *     PasswordHashingOptions#HARD_MAX_PASSWORD_BYTES}
     * @param blocklistEnabled whether the bundled common-password list is consulted ({@code
     *     password.policy.blocklist}), default true
     * @param appName the application's name, refused inside passwords like the account's own words
     *     ({@code password.policy.appName}); empty for none, never {@code null}
     * @throws ConfigurationException naming the first invalid key
     */
    public PasswordPolicyOptions {
      if (minLength < 1) {
        throw new ConfigurationException(
            "password.policy.minLength must be >= 1, was " + minLength);
      }
      if (maxLength < 64) {
        throw new ConfigurationException(
            "password.policy.maxLength must be >= 64 (long passphrases must fit), was "
                + maxLength);
      }
      if (maxLength < minLength) {
        throw new ConfigurationException(
            "password.policy.maxLength must be >= password.policy.minLength ("
                + minLength
                + "), was "
                + maxLength);
      }
      if (maxBytes < maxLength || maxBytes > PasswordHashingOptions.HARD_MAX_PASSWORD_BYTES) {
        throw new ConfigurationException(
            "password.policy.maxBytes must be between password.policy.maxLength ("
                + maxLength
                + ") and "
                + PasswordHashingOptions.HARD_MAX_PASSWORD_BYTES
                + ", was "
                + maxBytes);
      }
      if (appName == null) {
        throw new ConfigurationException("password.policy.appName must not be null (use \"\")");
      }
    }

    /** {@return min 8, max 128 characters, max 1024 bytes, blocklist on, no app name} */
    public static PasswordPolicyOptions defaults() {
      return builder().build();
    }

    /** {@return a builder starting from {@link #defaults()}} */
    public static Builder builder() {
      return new Builder();
    }

    /** Single-threaded builder; {@link #build()} validates. */
    public static final class Builder {
      private int minLength = 8;
      private int maxLength = 128;
      private int maxBytes = PasswordHashingOptions.DEFAULT_MAX_PASSWORD_BYTES;
      private boolean blocklistEnabled = true;
      private String appName = "";

      private Builder() {}

      /**
       * Sets the fewest characters allowed.
       *
       * @param minLength minimum length in characters
       * @return this builder
       */
      public Builder minLength(int minLength) {
        this.minLength = minLength;
        return this;
      }

      /**
       * Sets the most characters allowed.
       *
       * @param maxLength maximum length in characters, at least 64
       * @return this builder
       */
      public Builder maxLength(int maxLength) {
        this.maxLength = maxLength;
        return this;
      }

      /**
       * Sets the most UTF-8 bytes allowed; set to 72 when new hashes use bcrypt.
       *
       * @param maxBytes maximum length in UTF-8 bytes
       * @return this builder
       */
      public Builder maxBytes(int maxBytes) {
        this.maxBytes = maxBytes;
        return this;
      }

      /**
       * Sets whether to refuse passwords on the bundled common-password list.
       *
       * @param enabled {@code true} to use the blocklist
       * @return this builder
       */
      public Builder blocklistEnabled(boolean enabled) {
        this.blocklistEnabled = enabled;
        return this;
      }

      /**
       * Sets the application's name, refused inside passwords.
       *
       * @param appName the name; not {@code null}
       * @return this builder
       */
      public Builder appName(String appName) {
        this.appName = requireNonNull(appName, "appName");
        return this;
      }

      /**
       * Validates and builds.
       *
       * @return the validated, immutable options
       * @throws ConfigurationException naming the first invalid key
       */
      public PasswordPolicyOptions build() {
        return new PasswordPolicyOptions(minLength, maxLength, maxBytes, blocklistEnabled, appName);
      }
    }
  }
}
