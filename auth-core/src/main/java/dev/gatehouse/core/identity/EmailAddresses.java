package dev.gatehouse.core.identity;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import java.net.IDN;
import java.util.Locale;

/**
 * Validates and normalizes email addresses.
 *
 * <p>Two forms exist. {@link #normalize(String)} is what is stored and mailed to: the domain
 * converted to lower-case ASCII (IDNA, so {@code Bücher.example} becomes {@code
 * xn--bcher-kva.example}) and the local part kept exactly as typed, because RFC 5321 lets a mail
 * server treat it case-sensitively. {@link #canonical(String)} is what uniqueness is decided on:
 * the whole normalized address lower-cased, so {@code Alice@Example.COM} and {@code
 * alice@example.com} are one account.
 *
 * <pre>{@code
 * EmailAddresses.normalize(" Alice@Example.COM ");  // "Alice@example.com"
 * EmailAddresses.canonical(" Alice@Example.COM ");  // "alice@example.com"
 * }</pre>
 *
 * <p>Deliberately not done: removing dots or {@code +tags} from the local part. Those rules are
 * specific to some providers (Gmail ignores dots; many others do not), so applying them everywhere
 * would merge accounts that belong to different people.
 *
 * <p>Accepted syntax is the common subset of RFC 5321/5322 that real sign-up forms see: exactly one
 * {@code @}; a dot-atom local part of at most 64 characters (letters including non-ASCII ones,
 * digits and {@code !#$%&'*+-/=?^_`{|}~}, dots not leading, trailing or doubled); quoted local
 * parts and IP-literal domains are refused. The domain must have at least two labels and a
 * non-numeric top-level label, so {@code localhost} and other dotless hosts are refused: they
 * cannot receive mail from the internet. Use a reserved name such as {@code user@example.test} for
 * development. IDNA conversion uses {@link IDN#toASCII(String, int)} with STD3 rules (IDNA 2003).
 *
 * <p>All methods are static, pure and thread-safe.
 */
public final class EmailAddresses {
  /** The longest accepted address, in characters, before and after IDNA conversion (RFC 5321). */
  public static final int MAX_LENGTH = 254;

  /** The longest accepted local part, in characters (RFC 5321). */
  private static final int MAX_LOCAL_PART_LENGTH = 64;

  private static final ErrorCode INVALID = ErrorCode.INVALID_EMAIL;
  private static final String LOCAL_PART_SYMBOLS = "!#$%&'*+-/=?^_`{|}~";

  private EmailAddresses() {}

  /**
   * Validates an address and returns its stored form: surrounding whitespace removed, domain in
   * lower-case ASCII, local part as typed.
   *
   * @param raw the address as typed; may be null (refused)
   * @return the normalized address; never null
   * @throws RejectedInputException with code {@code invalid_email} if the address is null, blank,
   *     longer than {@value #MAX_LENGTH} characters, or breaks a rule in the class description
   */
  public static String normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new RejectedInputException(INVALID, "email address is missing");
    }
    String address = raw.strip();
    if (address.length() > MAX_LENGTH) {
      throw refused(raw, "is longer than " + MAX_LENGTH + " characters");
    }
    if (address.codePoints().anyMatch(EmailAddresses::isInvisible)) {
      throw refused(raw, "contains whitespace or control characters");
    }
    int at = address.indexOf('@');
    if (at < 0 || at != address.lastIndexOf('@')) {
      throw refused(raw, "must contain exactly one '@'");
    }
    String local = address.substring(0, at);
    checkLocalPart(raw, local);
    String normalized = local + "@" + asciiDomain(raw, address.substring(at + 1));
    if (normalized.length() > MAX_LENGTH) {
      throw refused(raw, "is longer than " + MAX_LENGTH + " characters once its domain is ASCII");
    }
    return normalized;
  }

  /**
   * The form the unique index is on: {@link #normalize(String)} lower-cased with {@link
   * Locale#ROOT}. Two addresses belong to the same account exactly when their canonical forms are
   * equal.
   *
   * @param raw the address as typed; may be null (refused)
   * @return the canonical address; never null
   * @throws RejectedInputException with code {@code invalid_email} as {@link #normalize(String)}
   */
  public static String canonical(String raw) {
    return normalize(raw).toLowerCase(Locale.ROOT);
  }

  /**
   * The local part (before the {@code @}) of an address, as {@link #normalize(String)} keeps it.
   *
   * @param email an address, normalized or not; may be null (refused)
   * @return the local part, never empty and never null
   * @throws RejectedInputException with code {@code invalid_email} as {@link #normalize(String)}
   */
  public static String localPart(String email) {
    String normalized = normalize(email);
    return normalized.substring(0, normalized.indexOf('@'));
  }

  private static void checkLocalPart(String raw, String local) {
    if (local.isEmpty()) {
      throw refused(raw, "has an empty local part");
    }
    if (local.length() > MAX_LOCAL_PART_LENGTH) {
      throw refused(raw, "has a local part longer than " + MAX_LOCAL_PART_LENGTH + " characters");
    }
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      throw refused(raw, "has a local part with a leading, trailing or doubled dot");
    }
    boolean allAtext =
        local
            .codePoints()
            .allMatch(
                c ->
                    c == '.'
                        || c > 0x7f
                        || Character.isLetterOrDigit(c)
                        || LOCAL_PART_SYMBOLS.indexOf(c) >= 0);
    if (!allAtext) {
      throw refused(raw, "has a character its local part may not contain unquoted");
    }
  }

  private static String asciiDomain(String raw, String domain) {
    if (domain.isEmpty()) {
      throw refused(raw, "has an empty domain");
    }
    String ascii;
    try {
      ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      // The JDK offers no non-throwing check; this is the validation result, not control flow.
      throw new RejectedInputException(
          INVALID, "email address " + Masking.mask(raw) + " has an invalid domain", e);
    }
    String[] labels = ascii.split("\\.", -1);
    if (labels.length < 2) {
      throw refused(raw, "has a domain without a dot");
    }
    for (String label : labels) {
      if (label.isEmpty()) {
        throw refused(raw, "has a domain with an empty label");
      }
    }
    if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw refused(raw, "has a numeric top-level domain");
    }
    return ascii;
  }

  private static boolean isInvisible(int c) {
    return Character.isWhitespace(c)
        || Character.isSpaceChar(c)
        || Character.isISOControl(c)
        || Character.getType(c) == Character.FORMAT;
  }

  private static RejectedInputException refused(String raw, String reason) {
    return new RejectedInputException(INVALID, "email address " + Masking.mask(raw) + " " + reason);
  }
}
