package dev.gatehouse.imports.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.PhoneNumbers;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a legacy phone number: the core's strict normalisation, then, for what it refuses, the
 * reason (each counted in the plan), and in lenient mode the numbers that are merely possible.
 * Internal: not API.
 */
final class PhoneReading {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** Not a number at all (letters, too long, no digits to parse). */
  static final String UNPARSEABLE = "unparseable";

  /** A length no number of the region has. */
  static final String NOT_POSSIBLE = "not_possible";

  /** A possible length outside the known ranges; dropped unless lenient. */
  static final String POSSIBLE_ONLY = "not_valid_but_possible";

  /** Imported in lenient mode although outside the known ranges. */
  static final String ACCEPTED_POSSIBLE_ONLY = "accepted_possible_only";

  /** A national number written in a grouping the region it would be read in never uses. */
  static final String FOREIGN_GROUPING = "grouping_not_of_default_region";

  /** Refused by the region allow- or deny-list, or the two stored parts disagree. */
  static final String REFUSED = "refused";

  /** The outcome: the E.164 number or null, and the reason (null for a clean read). */
  record Result(String e164, String reason) {}

  private PhoneReading() {}

  /**
   * @param raw the number as stored
   * @param phones the normaliser of the region it is read in
   * @param lenient whether possible-only numbers are accepted
   * @param national whether {@code raw} is a national number (no country code anywhere)
   */
  static Result read(
      String raw, PhoneNumbers phones, boolean lenient, boolean national, Strict strict) {
    String region = phones.defaultRegion();
    if (national && !raw.strip().startsWith("+") && !fitsGrouping(raw, region)) {
      return new Result(null, FOREIGN_GROUPING);
    }
    try {
      return new Result(strict.normalize(), null);
    } catch (RejectedInputException e) {
      if (e.error() != ErrorCode.INVALID_PHONE) {
        return new Result(null, REFUSED);
      }
    }
    PhoneNumber n;
    try {
      n = UTIL.parse(raw, raw.strip().startsWith("+") ? "ZZ" : region);
    } catch (NumberParseException e) {
      return new Result(null, UNPARSEABLE);
    }
    // IS_POSSIBLE only: a number possible only locally (no area code) is no full number.
    if (n.hasExtension()
        || UTIL.isPossibleNumberWithReason(n) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) {
      return new Result(null, NOT_POSSIBLE);
    }
    if (!lenient) {
      return new Result(null, POSSIBLE_ONLY);
    }
    return new Result(UTIL.format(n, PhoneNumberFormat.E164), ACCEPTED_POSSIBLE_ONLY);
  }

  /** The strict normalisation to try first. */
  interface Strict {
    String normalize();
  }

  /**
   * Whether the digit groups as typed ({@code 91627 64787}) could be the region's own way of
   * writing the number ({@code (916) 276-4787} in the US): every place the writer put a break must
   * be a break of the region's national or international format. One unbroken run of digits says
   * nothing and fits.
   */
  static boolean fitsGrouping(String raw, String region) {
    List<Integer> typed = breaks(raw);
    if (typed.isEmpty()) {
      return true;
    }
    PhoneNumber n;
    try {
      n = UTIL.parse(raw, region);
    } catch (NumberParseException e) {
      return true; // not this check's business: the strict read reports it
    }
    if (!UTIL.isValidNumberForRegion(n, region)) {
      return true; // a number that is no number of the region is reported as such
    }
    String digits = raw.replaceAll("[^0-9]", "");
    for (PhoneNumberFormat f :
        List.of(PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL)) {
      String formatted = UTIL.format(n, f);
      String formattedDigits = formatted.replaceAll("[^0-9]", "");
      // Align on the end: the typed text may leave out a trunk prefix or the calling code.
      if (!formattedDigits.endsWith(digits)) {
        continue;
      }
      int offset = formattedDigits.length() - digits.length();
      List<Integer> regional = breaks(formatted);
      boolean all = true;
      for (int b : typed) {
        if (!regional.contains(b + offset)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /** Digit counts before each break between two digit groups. */
  private static List<Integer> breaks(String text) {
    List<Integer> out = new ArrayList<>();
    int digits = 0;
    boolean gap = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (gap && digits > 0) {
          out.add(digits);
        }
        gap = false;
        digits++;
      } else {
        gap = true;
      }
    }
    return out;
  }
}
