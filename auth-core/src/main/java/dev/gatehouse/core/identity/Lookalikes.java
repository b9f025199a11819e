package dev.gatehouse.core.identity;

import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.SpoofChecker.RestrictionLevel;
import com.ibm.icu.text.UnicodeSet;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;

/**
 * Look-alike identifiers (Unicode UTS #39, through ICU4J's {@link SpoofChecker}): {@code
 * cоnfuse-x@example.com} with a Cyrillic {@code о} looks exactly like the Latin address, so it must
 * not become a second account.
 *
 * <p>New email local parts and usernames ({@linkplain #requireSingleScript registration, changes})
 * must pass the <i>moderately restrictive</i> level of UTS #39: one script (plus the common digits
 * and punctuation), or Latin with one other recommended script except Cyrillic and Greek, and no
 * invisible characters or mixed digit systems. Identifiers already stored are never refused at
 * login. {@link #skeleton} is the UTS #39 skeleton, equal for two strings that look the same; the
 * import plan reports accounts whose skeletons collide.
 *
 * <p>Thread-safe: the checker is immutable once built.
 */
public final class Lookalikes {
  private static final SpoofChecker CHECKER =
      new SpoofChecker.Builder()
          .setChecks(
              SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS)
          .setRestrictionLevel(RestrictionLevel.MODERATELY_RESTRICTIVE)
          .build();
  private static final SpoofChecker SKELETONS = new SpoofChecker.Builder().build();
  // Zero-width and other default-ignorable characters render as nothing at all.
  private static final UnicodeSet INVISIBLE =
      new UnicodeSet("[[:Default_Ignorable_Code_Point:][:Cf:]]").freeze();

  private Lookalikes() {}

  /**
   * Whether a string mixes scripts the way spoofed identifiers do (or hides invisible characters).
   *
   * @param s the string, e.g. an email local part; not {@code null}
   * @return {@code true} for {@code cоnfuse-x} with a Cyrillic {@code о}; {@code false} for plain
   *     ASCII, {@code josé} or an all-Cyrillic {@code иван}
   */
  public static boolean isSuspicious(String s) {
    return CHECKER.failsChecks(s) || INVISIBLE.containsSome(s);
  }

  /**
   * Refuses a string that {@link #isSuspicious} flags.
   *
   * @param s the string
   * @param code the error code to refuse it with, e.g. {@code invalid_email}
   * @throws RejectedInputException with {@code code} when it mixes scripts
   */
  public static void requireSingleScript(String s, ErrorCode code) {
    if (isSuspicious(s)) {
      throw new RejectedInputException(
          code,
          "mixes letters of different scripts, or hides invisible characters, the way look-alike"
              + " identifiers do");
    }
  }

  /**
   * The UTS #39 skeleton of a string, compared case-insensitively: two strings that look alike have
   * equal skeletons ({@code cоnfuse} with a Cyrillic {@code о} and {@code confuse}).
   *
   * @param s the string
   * @return its skeleton, lower-cased
   */
  public static String skeleton(String s) {
    return SKELETONS.getSkeleton(s.toLowerCase(java.util.Locale.ROOT));
  }
}
