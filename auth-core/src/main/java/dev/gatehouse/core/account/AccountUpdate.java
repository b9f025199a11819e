package dev.gatehouse.core.account;

import org.jspecify.annotations.Nullable;

/**
 * Changes to an account's own settings for {@link AccountService#updateAccount}. A {@code null}
 * field is left unchanged; an empty string clears {@code language} or {@code timeZone}. Email and
 * phone are not changed here: they need proof of ownership (a confirmation link or a code).
 *
 * @param language a BCP 47 tag (at most 16 characters), {@code ""} to clear, or {@code null}
 * @param timeZone an IANA zone id (at most 64 characters), {@code ""} to clear, or {@code null}
 * @param username a new username, or {@code null}
 */
public record AccountUpdate(
    @Nullable String language, @Nullable String timeZone, @Nullable String username) {

  /** {@return an update that changes nothing} */
  public static AccountUpdate none() {
    return new AccountUpdate(null, null, null);
  }

  /**
   * @param language the new language tag
   * @return a copy with the language set
   */
  public AccountUpdate withLanguage(String language) {
    return new AccountUpdate(language, timeZone, username);
  }

  /**
   * @param timeZone the new zone id
   * @return a copy with the time zone set
   */
  public AccountUpdate withTimeZone(String timeZone) {
    return new AccountUpdate(language, timeZone, username);
  }

  /**
   * @param username the new username
   * @return a copy with the username set
   */
  public AccountUpdate withUsername(String username) {
    return new AccountUpdate(language, timeZone, username);
  }
}
