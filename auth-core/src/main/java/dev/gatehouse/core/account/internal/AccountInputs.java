package dev.gatehouse.core.account.internal;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import java.time.ZoneId;
import java.util.Locale;

/** Input rules and refusals that several account flows share. */
final class AccountInputs {
  private static final int MAX_LANGUAGE_LENGTH = 16;
  private static final int MAX_TIME_ZONE_LENGTH = 64;

  private AccountInputs() {}

  static String language(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (raw.length() > MAX_LANGUAGE_LENGTH) {
      throw new RejectedInputException(ErrorCode.INVALID_LANGUAGE, "language tag is too long");
    }
    Locale locale = Locale.forLanguageTag(raw.strip());
    String tag = locale.toLanguageTag();
    if (locale.getLanguage().isEmpty() || "und".equals(tag) || tag.length() > MAX_LANGUAGE_LENGTH) {
      throw new RejectedInputException(ErrorCode.INVALID_LANGUAGE, "not a BCP 47 language tag");
    }
    return tag;
  }

  static String timeZone(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    String zone = raw.strip();
    if (zone.length() > MAX_TIME_ZONE_LENGTH || !ZoneId.getAvailableZoneIds().contains(zone)) {
      throw new RejectedInputException(ErrorCode.INVALID_TIME_ZONE, "not an IANA time-zone id");
    }
    return zone;
  }

  static RejectedInputException invalidCredentials() {
    return new RejectedInputException(
        ErrorCode.INVALID_CREDENTIALS, "the identifier or the password is wrong");
  }

  static RejectedInputException invalidLink() {
    return new RejectedInputException(
        ErrorCode.INVALID_LINK, "the link is invalid, expired or already used");
  }

  static RejectedInputException usernameTaken() {
    return new RejectedInputException(ErrorCode.USERNAME_TAKEN, "this username is not available");
  }

  /** An E.164 number, as phones are stored. */
  private static final java.util.regex.Pattern E164 =
      java.util.regex.Pattern.compile("\\+[1-9][0-9]{6,14}");

  /**
   * Whether a username is unavailable to {@code self} (or to a new account, when {@code null}):
   * another account holds it, or it is another account's email or phone. A username that reads as
   * someone else's address would let its holder pass for them wherever usernames are shown, and the
   * sign-in field's guess (an email, a phone, then a username) sends that address to the other
   * account.
   *
   * @param canonicalUsername the username's lookup form (lower case)
   */
  static boolean usernameTaken(
      dev.gatehouse.core.store.StoreTransaction tx, String canonicalUsername, java.util.UUID self) {
    java.util.List<java.util.Optional<dev.gatehouse.core.store.UserRecord>> holders =
        new java.util.ArrayList<>();
    holders.add(tx.users().findByUsername(canonicalUsername));
    if (canonicalUsername.indexOf('@') > 0) {
      holders.add(tx.users().findByEmail(canonicalUsername));
    }
    if (E164.matcher(canonicalUsername).matches()) {
      holders.add(tx.users().findByPhone(canonicalUsername));
    }
    return holders.stream()
        .flatMap(java.util.Optional::stream)
        .anyMatch(u -> !u.publicId().equals(self));
  }
}
