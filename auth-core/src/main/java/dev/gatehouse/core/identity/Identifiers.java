package dev.gatehouse.core.identity;

import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.SpoofChecker.RestrictionLevel;
import com.ibm.icu.text.UnicodeSet;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;

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

  /**
   * Look-alike identifiers (Unicode UTS #39, through ICU4J's {@link SpoofChecker}): {@code
   * cоnfuse-x@example.com} with a Cyrillic {@code о} looks exactly like the Latin address, so it
   * must not become a second account.
   *
   * <p>New email local parts and usernames ({@linkplain #requireSingleScript registration,
   * changes}) must pass the <i>moderately restrictive</i> level of UTS #39: one script (plus the
   * common digits and punctuation), or Latin with one other recommended script except Cyrillic and
   * Greek, and no invisible characters or mixed digit systems. Nor may they be a whole-script
   * look-alike of a plain ASCII one: letters of a script other than Latin whose {@linkplain
   * #skeleton skeleton} is all ASCII ({@code сс} in Cyrillic reads as {@code cc}), which would look
   * like an ASCII address that is, or may become, someone else's. The rule needs no lookup, so it
   * costs the same at any number of accounts and says nothing about which addresses exist; a name
   * in another script that does not read as ASCII ({@code иван}) passes. Identifiers already stored
   * are never refused at login. {@link #skeleton} is the UTS #39 skeleton, equal for two strings
   * that look the same; the import plan reports accounts whose skeletons collide.
   *
   * <p>Thread-safe: the checker is immutable once built.
   */
  public static final class Lookalikes {
    private static final SpoofChecker CHECKER =
        new SpoofChecker.Builder()
            .setChecks(
                SpoofChecker.RESTRICTION_LEVEL
                    | SpoofChecker.INVISIBLE
                    | SpoofChecker.MIXED_NUMBERS)
            .setRestrictionLevel(RestrictionLevel.MODERATELY_RESTRICTIVE)
            .build();
    private static final SpoofChecker SKELETONS = new SpoofChecker.Builder().build();
    // Zero-width and other default-ignorable characters render as nothing at all.
    private static final UnicodeSet INVISIBLE =
        new UnicodeSet("[[:Default_Ignorable_Code_Point:][:Cf:]]").freeze();
    // Letters of any script but Latin: a string holding one may be a whole-script look-alike.
    private static final UnicodeSet NOT_LATIN_LETTERS =
        new UnicodeSet("[[:L:]-[:sc=Latin:]]").freeze();
    private static final UnicodeSet ASCII = new UnicodeSet(0, 0x7f).freeze();

    private Lookalikes() {}

    /**
     * Whether a string mixes scripts the way spoofed identifiers do, hides invisible characters, or
     * is written in another script yet reads as plain ASCII.
     *
     * @param s the string, e.g. an email local part; not {@code null}
     * @return {@code true} for {@code cоnfuse-x} with a Cyrillic {@code о} and for an all-Cyrillic
     *     {@code сс}; {@code false} for plain ASCII, {@code josé} or an all-Cyrillic {@code иван}
     */
    public static boolean isSuspicious(String s) {
      return CHECKER.failsChecks(s) || INVISIBLE.containsSome(s) || readsAsAscii(s);
    }

    /** Another script's letters whose skeleton is plain ASCII: a whole-script look-alike. */
    private static boolean readsAsAscii(String s) {
      return NOT_LATIN_LETTERS.containsSome(s) && ASCII.containsAll(skeleton(s));
    }

    /**
     * Refuses a string that {@link #isSuspicious} flags.
     *
     * @param s the string
     * @param code the error code to refuse it with, e.g. {@code invalid_email}
     * @throws RejectedInputException with {@code code} when it mixes scripts or reads as another
     *     script's
     */
    public static void requireSingleScript(String s, ErrorCode code) {
      if (isSuspicious(s)) {
        throw new RejectedInputException(
            code,
            "mixes letters of different scripts, hides invisible characters, or reads as plain"
                + " ASCII in another script, the way look-alike identifiers do");
      }
    }

    /**
     * The UTS #39 skeleton of a string, compared case-insensitively: two strings that look alike
     * have equal skeletons ({@code cоnfuse} with a Cyrillic {@code о} and {@code confuse}).
     *
     * @param s the string
     * @return its skeleton, lower-cased
     */
    public static String skeleton(String s) {
      return SKELETONS.getSkeleton(s.toLowerCase(java.util.Locale.ROOT));
    }
  }
}
