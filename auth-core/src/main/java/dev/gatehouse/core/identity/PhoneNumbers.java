package dev.gatehouse.core.identity;

import static java.util.Objects.requireNonNull;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PhoneSettings;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns phone numbers as people type them (or as legacy systems stored them) into E.164, the one
 * form Gatehouse stores, indexes and sends SMS to, and enforces which countries may be used.
 *
 * <p>Parsing and validity are decided by libphonenumber, never by a hand-written pattern: a number
 * is accepted only when libphonenumber's metadata says it is a valid number (right length and
 * assigned range for its country), not merely a plausible string of digits. Numbers typed in
 * national format ({@code (415) 555-2671}, {@code 07400 123456}) are read in the configured default
 * region; numbers starting with {@code +} or the default region's international prefix ({@code
 * 011}, {@code 00}) carry their own country.
 *
 * <pre>{@code
 * PhoneNumbers phones = PhoneNumbers.builder()
 *     .defaultRegion("MX")
 *     .allowedRegions(Set.of("MX", "US"))
 *     .build();
 * phones.normalize("55 1234 5678");          // "+525512345678"
 * phones.normalize("5512345678", "+52");     // "+525512345678" (legacy split columns)
 * phones.regionOf("+525512345678");          // "MX"
 * phones.prefixOf("+525512345678", 2);       // "+5255"
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; build one from configuration and share it.
 */
public final class PhoneNumbers {
  /** Inputs longer than this many characters are refused before libphonenumber sees them. */
  public static final int MAX_INPUT_LENGTH = 64;

  /**
   * The pseudo-region libphonenumber reports for non-geographic numbers (for example {@code +800}
   * international freephone); it may appear in the allow- and deny-lists.
   */
  public static final String NON_GEOGRAPHIC_REGION = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY;

  private static final ErrorCode INVALID = ErrorCode.INVALID_PHONE;
  private static final ErrorCode NOT_ALLOWED = ErrorCode.PHONE_COUNTRY_NOT_ALLOWED;
  private static final int MEXICO = 52;
  // libphonenumber's "no region" code: numbers must then carry their own calling code.
  private static final String UNKNOWN_REGION = "ZZ";

  // libphonenumber documents PhoneNumberUtil as thread-safe; its metadata is loaded once.
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private final String defaultRegion;
  private final Set<String> allowedRegions;
  private final Set<String> deniedRegions;
  private final boolean acceptPossibleNumbers;

  private PhoneNumbers(
      String defaultRegion,
      Set<String> allowedRegions,
      Set<String> deniedRegions,
      boolean acceptPossibleNumbers) {
    this.defaultRegion = defaultRegion;
    this.allowedRegions = allowedRegions;
    this.deniedRegions = deniedRegions;
    this.acceptPossibleNumbers = acceptPossibleNumbers;
  }

  /**
   * Starts a builder. The default region is required; the allow- and deny-lists are optional.
   *
   * @return a new builder, not shared and not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The phone rules the settings describe ({@code gatehouse.phone.*}: the default region, the
   * allowed and denied regions, possible numbers), as every flow of a {@code Gatehouse} built with
   * {@code config} normalises numbers; a module that stores numbers normalises them with this.
   *
   * @param config the configuration
   * @return a new instance
   */
  public static PhoneNumbers of(GatehouseConfig config) {
    requireNonNull(config, "config");
    return builder()
        .defaultRegion(config.get(PhoneSettings.PHONE_DEFAULT_REGION))
        .allowedRegions(config.get(PhoneSettings.PHONE_ALLOWED_REGIONS))
        .deniedRegions(config.get(PhoneSettings.PHONE_DENIED_REGIONS))
        .acceptPossibleNumbers(config.get(PhoneSettings.PHONE_ACCEPT_POSSIBLE_NUMBERS))
        .build();
  }

  /**
   * Shortcut for {@code builder().defaultRegion(defaultRegion).build()}: every country allowed.
   *
   * @param defaultRegion ISO 3166-1 alpha-2 code used for numbers typed without a country
   * @return a new instance
   * @throws ConfigurationException if the region is null, blank or not a region libphonenumber
   *     knows
   */
  public static PhoneNumbers forRegion(String defaultRegion) {
    return builder().defaultRegion(defaultRegion).build();
  }

  /**
   * Normalizes a phone number typed by a person to E.164.
   *
   * <p>Spaces, dashes, dots, parentheses, full-width digits and a leading {@code +} or
   * international prefix are understood. Letters are refused (libphonenumber would otherwise read
   * vanity numbers such as {@code 1-800-FLOWERS} as digits), and so is an extension ({@code ext.
   * 12}), because an SMS cannot reach one and dropping it would merge distinct numbers. One legacy
   * Mexican form is repaired: the mobile {@code 1} after {@code +52} that Mexico retired in 2019
   * ({@code +52 1 55 1234 5678}) is dropped when the number is valid only without it.
   *
   * @param raw the number as typed; may be null (refused)
   * @return the E.164 form, e.g. {@code +525512345678}; never null
   * @throws RejectedInputException with code {@code invalid_phone} if the input is null, blank,
   *     longer than {@value #MAX_INPUT_LENGTH} characters, not parseable or not a valid number;
   *     with code {@code phone_country_not_allowed} if the number's region is refused by the allow-
   *     or deny-list
   */
  public String normalize(String raw) {
    checkRaw(raw, "phone number");
    return acceptable(parse(raw, defaultRegion, raw), raw);
  }

  /**
   * Normalizes a number stored as two fields, the national number and the country calling code, as
   * legacy systems often keep it (e.g. {@code "5512345678"} and {@code "+52"} or {@code "52"}).
   *
   * <p>The national number is read in the main region of the calling code, so a trunk prefix
   * ({@code 07400 123456} with {@code 44}) and the calling code typed again in front of the
   * national number ({@code 13125550119} with {@code 1}) are both understood. If the national
   * number starts with {@code +}, its own calling code must equal the given one.
   *
   * @param nationalNumber the number without country calling code; may be null (refused)
   * @param countryCallingCode one to three digits, optionally preceded by {@code +}; may be null
   *     (refused)
   * @return the E.164 form; never null
   * @throws RejectedInputException with code {@code invalid_phone} if either part is null, blank or
   *     malformed, the calling code is not assigned, the two parts disagree, or the result is not a
   *     valid number; with code {@code phone_country_not_allowed} if the number's region is refused
   */
  public String normalize(String nationalNumber, String countryCallingCode) {
    checkRaw(nationalNumber, "national phone number");
    int callingCode = parseCallingCode(countryCallingCode);
    String region = UTIL.getRegionCodeForCountryCode(callingCode);
    if (UNKNOWN_REGION.equals(region)) {
      throw new RejectedInputException(
          INVALID, "country calling code " + callingCode + " is not assigned");
    }
    String national = nationalNumber.strip();
    PhoneNumber number;
    if (startsWithPlus(national)) {
      number = parse(national, UNKNOWN_REGION, national);
    } else if (NON_GEOGRAPHIC_REGION.equals(region)) {
      // Non-geographic numbers have no region to read a national number in.
      number = parse("+" + callingCode + " " + national, UNKNOWN_REGION, national);
    } else {
      number = parse(national, region, national);
    }
    if (number.getCountryCode() != callingCode) {
      throw new RejectedInputException(
          INVALID,
          "phone number "
              + Masking.mask(national)
              + " carries calling code "
              + number.getCountryCode()
              + ", not "
              + callingCode);
    }
    return acceptable(number, national);
  }

  /**
   * The region a normalized number belongs to, as libphonenumber assigns it: an ISO 3166-1 alpha-2
   * code ({@code "CA"} for a Canadian {@code +1} number), or {@value #NON_GEOGRAPHIC_REGION} for a
   * non-geographic number. The allow- and deny-lists are not applied, so numbers stored before a
   * policy change can still be inspected.
   *
   * @param e164 a number exactly as {@link #normalize(String)} returns it
   * @return the region code; never null
   * @throws RejectedInputException with code {@code invalid_phone} if the argument is null or not a
   *     valid number in canonical E.164 form
   */
  public String regionOf(String e164) {
    PhoneNumber number = parseE164(e164);
    String region = UTIL.getRegionCodeForNumber(number);
    // A number accepted as merely possible has no assigned range: its calling code's main region.
    return region != null ? region : UTIL.getRegionCodeForCountryCode(number.getCountryCode());
  }

  /**
   * The country calling code and the first {@code digits} national digits of a normalized number,
   * e.g. {@code prefixOf("+525512345678", 2)} is {@code "+5255"}: the key for limits on SMS
   * pumping, where fraud concentrates on a few number ranges. Calling codes are prefix-free, so
   * distinct prefixes never collide. If the national number is shorter than {@code digits}, the
   * whole number is returned.
   *
   * @param e164 a number exactly as {@link #normalize(String)} returns it
   * @param digits how many national significant digits to keep; zero keeps only the calling code
   * @return the prefix, starting with {@code +}; never null
   * @throws IllegalArgumentException if {@code digits} is negative
   * @throws RejectedInputException with code {@code invalid_phone} if {@code e164} is null or not a
   *     valid number in canonical E.164 form
   */
  public String prefixOf(String e164, int digits) {
    if (digits < 0) {
      throw new IllegalArgumentException("digits must not be negative but was " + digits);
    }
    PhoneNumber number = parseE164(e164);
    String national = UTIL.getNationalSignificantNumber(number);
    return "+"
        + number.getCountryCode()
        + national.substring(0, Math.min(digits, national.length()));
  }

  /**
   * {@return the region used for numbers typed without a country, e.g. {@code "US"}; never null}
   */
  public String defaultRegion() {
    return defaultRegion;
  }

  /** {@return the regions numbers must belong to; empty when every region not denied is allowed} */
  public Set<String> allowedRegions() {
    return allowedRegions;
  }

  /** {@return the regions whose numbers are refused; empty when none is} */
  public Set<String> deniedRegions() {
    return deniedRegions;
  }

  /**
   * {@return whether numbers of a possible length outside the ranges libphonenumber knows are
   * accepted (see {@link Builder#acceptPossibleNumbers})}
   */
  public boolean acceptsPossibleNumbers() {
    return acceptPossibleNumbers;
  }

  @Override
  public String toString() {
    return "PhoneNumbers[defaultRegion="
        + defaultRegion
        + ", allowedRegions="
        + allowedRegions
        + ", deniedRegions="
        + deniedRegions
        + (acceptPossibleNumbers ? ", acceptPossibleNumbers=true" : "")
        + "]";
  }

  private static void checkRaw(String raw, String what) {
    if (raw == null || raw.isBlank()) {
      throw new RejectedInputException(INVALID, what + " is missing");
    }
    if (raw.length() > MAX_INPUT_LENGTH) {
      throw new RejectedInputException(
          INVALID,
          what + " is longer than " + MAX_INPUT_LENGTH + " characters: " + Masking.mask(raw));
    }
    if (raw.codePoints().anyMatch(Character::isLetter)) {
      throw new RejectedInputException(INVALID, what + " contains letters: " + Masking.mask(raw));
    }
  }

  private static int parseCallingCode(String countryCallingCode) {
    if (countryCallingCode == null || countryCallingCode.isBlank()) {
      throw new RejectedInputException(INVALID, "country calling code is missing");
    }
    String code = countryCallingCode.strip();
    if (code.startsWith("+")) {
      code = code.substring(1);
    }
    if (code.isEmpty() || code.length() > 3 || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new RejectedInputException(
          INVALID,
          "country calling code must be one to three digits: " + Masking.mask(countryCallingCode));
    }
    return Integer.parseInt(code);
  }

  private static boolean startsWithPlus(String value) {
    return value.startsWith("+") || value.startsWith("\uFF0B");
  }

  /** Parses without judging validity; {@code shown} is what a message may mask and mention. */
  private static PhoneNumber parse(String text, String region, String shown) {
    try {
      return UTIL.parse(text, region);
    } catch (NumberParseException e) {
      throw new RejectedInputException(
          INVALID,
          "phone number " + Masking.mask(shown) + " cannot be parsed: " + e.getErrorType(),
          e);
    }
  }

  private String acceptable(PhoneNumber parsed, String shown) {
    if (parsed.hasExtension()) {
      throw new RejectedInputException(
          INVALID, "phone number " + Masking.mask(shown) + " has an extension");
    }
    PhoneNumber number = withoutRetiredMexicanMobileToken(parsed);
    if (!UTIL.isValidNumber(number) && !(acceptPossibleNumbers && possible(number))) {
      throw new RejectedInputException(
          INVALID,
          "phone number "
              + Masking.mask(shown)
              + " is not a valid number"
              + (possible(number)
                  ? " (it has a possible length but lies outside the known ranges; such numbers"
                      + " are accepted with gatehouse.phone.accept-possible-numbers)"
                  : ""));
    }
    String region = regionCode(number);
    boolean allowed =
        (allowedRegions.isEmpty() || allowedRegions.contains(region))
            && !deniedRegions.contains(region);
    if (!allowed) {
      throw new RejectedInputException(
          NOT_ALLOWED,
          "phone number " + Masking.mask(shown) + " is in region " + region + ", which is refused");
    }
    return UTIL.format(number, PhoneNumberFormat.E164);
  }

  /**
   * Mexico dropped the {@code 1} that used to follow {@code +52} for mobiles; libphonenumber now
   * calls such numbers invalid, yet people and old databases still write them.
   */
  private static PhoneNumber withoutRetiredMexicanMobileToken(PhoneNumber number) {
    if (number.getCountryCode() != MEXICO || UTIL.isValidNumber(number)) {
      return number;
    }
    String national = UTIL.getNationalSignificantNumber(number);
    if (national.length() != 11 || national.charAt(0) != '1') {
      return number;
    }
    PhoneNumber repaired =
        new PhoneNumber()
            .setCountryCode(MEXICO)
            .setNationalNumber(Long.parseLong(national.substring(1)));
    return UTIL.isValidNumber(repaired) ? repaired : number;
  }

  /** Of a possible length for its region (libphonenumber's looser check) and a known region. */
  private static boolean possible(PhoneNumber number) {
    // IS_POSSIBLE only: a number possible only locally (no area code) is no full number.
    return UTIL.isPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE
        && !UNKNOWN_REGION.equals(UTIL.getRegionCodeForCountryCode(number.getCountryCode()));
  }

  /** The number's region; for a merely possible number, its calling code's main region. */
  private static String regionCode(PhoneNumber number) {
    String region = UTIL.getRegionCodeForNumber(number);
    return region != null ? region : UTIL.getRegionCodeForCountryCode(number.getCountryCode());
  }

  private PhoneNumber parseE164(String e164) {
    if (e164 == null || !e164.startsWith("+") || e164.length() > 16) {
      throw new RejectedInputException(INVALID, "not an E.164 phone number: " + Masking.mask(e164));
    }
    PhoneNumber number = parse(e164, UNKNOWN_REGION, e164);
    boolean acceptable = UTIL.isValidNumber(number) || (acceptPossibleNumbers && possible(number));
    if (!acceptable || !UTIL.format(number, PhoneNumberFormat.E164).equals(e164)) {
      throw new RejectedInputException(
          INVALID, "not a valid number in E.164 form: " + Masking.mask(e164));
    }
    return number;
  }

  /**
   * Collects the settings of a {@link PhoneNumbers}; {@link #build()} validates them all and fails
   * with a {@link ConfigurationException} naming the key ({@code phone.defaultRegion}, {@code
   * phone.allowedRegions}, {@code phone.deniedRegions}). Region codes are case-insensitive and
   * stored upper-case. Not thread-safe; use it from one thread, then share what it builds.
   */
  public static final class Builder {
    private String defaultRegion;
    private Set<String> allowedRegions = Set.of();
    private Set<String> deniedRegions = Set.of();
    private boolean acceptPossibleNumbers;

    private Builder() {}

    /**
     * Also accepts numbers that have a possible length for their country but lie outside the number
     * ranges libphonenumber's metadata knows (off by default). Legacy systems hold such numbers,
     * verified by SMS, in ranges the metadata does not list yet; an application that imported them
     * (the importer's lenient phone mode) turns this on so their owners can still sign in with a
     * code. Letters, extensions and impossible lengths stay refused, and so do the allow- and
     * deny-lists (a possible-only number belongs to its calling code's main region).
     *
     * @param accept whether possible-only numbers are accepted
     * @return this builder
     */
    public Builder acceptPossibleNumbers(boolean accept) {
      this.acceptPossibleNumbers = accept;
      return this;
    }

    /**
     * Sets the region for numbers typed without a country (required).
     *
     * @param region ISO 3166-1 alpha-2 code, e.g. {@code "US"} or {@code "MX"}; not null
     * @return this builder
     * @throws NullPointerException if {@code region} is null
     */
    public Builder defaultRegion(String region) {
      this.defaultRegion = requireNonNull(region, "region");
      return this;
    }

    /**
     * Restricts numbers to these regions; an empty collection (the default) allows every region.
     * {@value PhoneNumbers#NON_GEOGRAPHIC_REGION} stands for non-geographic numbers.
     *
     * @param regions ISO 3166-1 alpha-2 codes; not null, no null element
     * @return this builder
     * @throws NullPointerException if {@code regions} or an element is null
     */
    public Builder allowedRegions(Collection<String> regions) {
      this.allowedRegions = copy(regions);
      return this;
    }

    /**
     * Refuses numbers of these regions; an empty collection (the default) refuses none. Cannot be
     * combined with an overlapping allow-list.
     *
     * @param regions ISO 3166-1 alpha-2 codes; not null, no null element
     * @return this builder
     * @throws NullPointerException if {@code regions} or an element is null
     */
    public Builder deniedRegions(Collection<String> regions) {
      this.deniedRegions = copy(regions);
      return this;
    }

    /**
     * Validates the settings and builds the instance.
     *
     * @return a new, immutable {@link PhoneNumbers}
     * @throws ConfigurationException if the default region is missing or unknown, a listed region
     *     is unknown, the two lists overlap, or the default region itself would be refused
     */
    public PhoneNumbers build() {
      if (defaultRegion == null || defaultRegion.isBlank()) {
        throw new ConfigurationException("phone.defaultRegion is required (e.g. \"US\")");
      }
      String region = defaultRegion.strip().toUpperCase(Locale.ROOT);
      if (!UTIL.getSupportedRegions().contains(region)) {
        throw new ConfigurationException(
            "phone.defaultRegion must be an ISO 3166-1 alpha-2 region code but was \""
                + region
                + "\"");
      }
      Set<String> allowed = checkRegions("phone.allowedRegions", allowedRegions);
      Set<String> denied = checkRegions("phone.deniedRegions", deniedRegions);
      Set<String> overlap = new TreeSet<>(allowed);
      overlap.retainAll(denied);
      if (!overlap.isEmpty()) {
        throw new ConfigurationException(
            "phone.allowedRegions and phone.deniedRegions both name " + overlap);
      }
      // A default region the policy refuses would reject every nationally typed number.
      if (!allowed.isEmpty() && !allowed.contains(region)) {
        throw new ConfigurationException(
            "phone.defaultRegion " + region + " is not in phone.allowedRegions");
      }
      if (denied.contains(region)) {
        throw new ConfigurationException(
            "phone.defaultRegion " + region + " is in phone.deniedRegions");
      }
      return new PhoneNumbers(region, allowed, denied, acceptPossibleNumbers);
    }

    private static Set<String> copy(Collection<String> regions) {
      requireNonNull(regions, "regions");
      Set<String> copy = new TreeSet<>();
      for (String region : regions) {
        copy.add(requireNonNull(region, "region in regions"));
      }
      return copy;
    }

    private static Set<String> checkRegions(String key, Set<String> regions) {
      Set<String> checked = new TreeSet<>();
      for (String region : regions) {
        String code = region.strip().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(code) && !NON_GEOGRAPHIC_REGION.equals(code)) {
          throw new ConfigurationException(
              key + " contains \"" + region + "\", which is not an ISO 3166-1 alpha-2 region code");
        }
        checked.add(code);
      }
      return Collections.unmodifiableSet(checked);
    }
  }
}
