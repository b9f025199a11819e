package dev.gatehouse.core.identity;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;

/**
 * Guesses which kind of identifier a single "email, phone or username" login field holds, so the
 * value can be sent to the right normalizer.
 *
 * <pre>{@code
 * switch (Identifiers.classify(input)) {
 *   case EMAIL -> EmailAddresses.canonical(input);
 *   case PHONE -> phones.normalize(input);
 *   case USERNAME -> Usernames.canonical(input);
 * }
 * }</pre>
 *
 * <p>The guess only looks at the shape of the value; it does not validate it. A username that looks
 * like a phone number ({@code 5551234567}) or contains {@code @} is classified as a phone number or
 * an email; hosts that allow such usernames should try the username lookup as a fallback. All
 * methods are static, pure and thread-safe.
 */
public final class Identifiers {
  private static final int MIN_PHONE_DIGITS = 7;

  private Identifiers() {}

  /**
   * Classifies a value, after stripping surrounding whitespace: containing {@code @} means {@link
   * IdentifierKind#EMAIL}; starting with {@code +}, or consisting only of digits, spaces, dashes
   * and parentheses with at least seven digits, means {@link IdentifierKind#PHONE}; anything else
   * is a {@link IdentifierKind#USERNAME}.
   *
   * @param raw the value as typed; may be null (refused)
   * @return the guessed kind; never null
   * @throws RejectedInputException with code {@code invalid_identifier} if {@code raw} is null or
   *     blank
   */
  public static IdentifierKind classify(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new RejectedInputException(ErrorCode.INVALID_IDENTIFIER, "identifier is missing");
    }
    String value = raw.strip();
    if (value.indexOf('@') >= 0) {
      return IdentifierKind.EMAIL;
    }
    if (value.startsWith("+") || looksLikeNationalPhone(value)) {
      return IdentifierKind.PHONE;
    }
    return IdentifierKind.USERNAME;
  }

  private static boolean looksLikeNationalPhone(String value) {
    boolean onlyPhoneCharacters =
        value
            .codePoints()
            .allMatch(c -> Character.isDigit(c) || c == ' ' || c == '-' || c == '(' || c == ')');
    return onlyPhoneCharacters
        && value.codePoints().filter(Character::isDigit).count() >= MIN_PHONE_DIGITS;
  }

  /**
   * Which kind of identifier a login or lookup value is; see {@link Identifiers#classify(String)}.
   */
  public enum IdentifierKind {
    /** An email address, normalized by {@link EmailAddresses}. */
    EMAIL,
    /** A phone number, normalized by {@link PhoneNumbers}. */
    PHONE,
    /** A username, normalized by {@link Usernames}. */
    USERNAME
  }
}
