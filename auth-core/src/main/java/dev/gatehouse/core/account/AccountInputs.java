package dev.gatehouse.core.account;

import dev.gatehouse.core.error.RejectedInputException;
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
      throw new RejectedInputException("invalid_language", "language tag is too long");
    }
    Locale locale = Locale.forLanguageTag(raw.strip());
    String tag = locale.toLanguageTag();
    if (locale.getLanguage().isEmpty() || "und".equals(tag) || tag.length() > MAX_LANGUAGE_LENGTH) {
      throw new RejectedInputException("invalid_language", "not a BCP 47 language tag");
    }
    return tag;
  }

  static String timeZone(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    String zone = raw.strip();
    if (zone.length() > MAX_TIME_ZONE_LENGTH || !ZoneId.getAvailableZoneIds().contains(zone)) {
      throw new RejectedInputException("invalid_time_zone", "not an IANA time-zone id");
    }
    return zone;
  }

  static RejectedInputException invalidCredentials() {
    return new RejectedInputException(
        "invalid_credentials", "the identifier or the password is wrong");
  }

  static RejectedInputException invalidToken() {
    return new RejectedInputException(
        "invalid_token", "the link is invalid, expired or already used");
  }

  static RejectedInputException usernameTaken() {
    return new RejectedInputException("username_taken", "this username is not available");
  }
}
