package dev.gatehouse.core.identity;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Validates and normalizes usernames with the rules of Django's default username validator, so
 * accounts imported from Django keep working and new ones could move back: 3 to 150 characters,
 * each a letter, a digit or one of {@code . @ + - _}.
 *
 * <p>Input is stripped of surrounding whitespace and put in Unicode NFKC form first, so visually
 * identical spellings become one ({@code ａｌｉｃｅ} in full-width letters is {@code alice}). Combining
 * marks are not letters and are refused, as Django refuses them. Length is counted in code points,
 * after normalization.
 *
 * <pre>{@code
 * Usernames.normalize(" Alice_01 ");  // "Alice_01" (stored and shown)
 * Usernames.canonical(" Alice_01 ");  // "alice_01" (the unique index)
 * }</pre>
 *
 * <p>All methods are static, pure and thread-safe.
 */
public final class Usernames {
  /** The fewest code points a username may have. */
  public static final int MIN_LENGTH = 3;

  /** The most code points a username may have. */
  public static final int MAX_LENGTH = 150;

  // Bounds the normalization work for hostile input; NFKC can shrink text, so allow slack.
  private static final int MAX_INPUT_LENGTH = 4 * MAX_LENGTH;
  private static final ErrorCode INVALID = ErrorCode.INVALID_USERNAME;
  private static final String SYMBOLS = ".@+-_";

  private Usernames() {}

  /**
   * Validates a username and returns its stored form: stripped, NFKC, case kept.
   *
   * @param raw the username as typed; may be null (refused)
   * @return the normalized username; never null
   * @throws RejectedInputException with code {@code invalid_username} if the input is null or
   *     blank, its length is outside {@value #MIN_LENGTH}..{@value #MAX_LENGTH}, or it contains a
   *     character other than a letter, a digit or {@code . @ + - _}
   */
  public static String normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new RejectedInputException(INVALID, "username is missing");
    }
    if (raw.length() > MAX_INPUT_LENGTH) {
      throw refused(raw, "is longer than " + MAX_LENGTH + " characters");
    }
    String username = Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC);
    int length = username.codePointCount(0, username.length());
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw refused(
          raw, "must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters but has " + length);
    }
    if (!username.codePoints().allMatch(Usernames::isAllowed)) {
      throw refused(raw, "may contain only letters, digits and . @ + - _");
    }
    return username;
  }

  /**
   * The form the unique index is on: {@link #normalize(String)} lower-cased with {@link
   * Locale#ROOT}.
   *
   * @param raw the username as typed; may be null (refused)
   * @return the canonical username; never null
   * @throws RejectedInputException with code {@code invalid_username} as {@link #normalize(String)}
   */
  public static String canonical(String raw) {
    return normalize(raw).toLowerCase(Locale.ROOT);
  }

  private static boolean isAllowed(int c) {
    return Character.isLetterOrDigit(c) || SYMBOLS.indexOf(c) >= 0;
  }

  private static RejectedInputException refused(String raw, String reason) {
    return new RejectedInputException(INVALID, "username " + Masking.mask(raw) + " " + reason);
  }
}
