package dev.gatehouse.core.password;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.ConfigurationException;

/**
 * Immutable settings of {@link PasswordPolicy}, following NIST SP 800-63B and OWASP ASVS 5.0 V6.2:
 * a minimum length, a generous maximum, a blocklist, and no composition rules.
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
      throw new ConfigurationException("password.policy.minLength must be >= 1, was " + minLength);
    }
    if (maxLength < 64) {
      throw new ConfigurationException(
          "password.policy.maxLength must be >= 64 (long passphrases must fit), was " + maxLength);
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
