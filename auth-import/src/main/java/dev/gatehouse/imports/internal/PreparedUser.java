package dev.gatehouse.imports.internal;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.identity.Usernames;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.VerificationPolicy;
import dev.gatehouse.imports.api.LegacyUser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A legacy user with its identifiers normalised the way Gatehouse stores them, its hash classified
 * and its verification decided. Internal: not API.
 */
public final class PreparedUser {
  /** The longest profile settings document the profile's {@code settings} column holds. */
  public static final int MAX_PROFILE_SETTINGS = 4000;

  private static final Map<String, PhoneNumbers> BY_REGION = new ConcurrentHashMap<>();

  public final LegacyUser source;
  public final String email;
  public final String emailCanonical;
  public final String phone;
  public final String username;
  public final String usernameCanonical;
  public final String passwordHash;
  public final boolean hashSupported;
  public final boolean verified;
  public final boolean emailVerified;
  public final boolean phoneVerified;
  public final boolean invalidPhone;

  /** Why the phone was dropped or accepted leniently ({@code phone:} reasons), or null. */
  public final String phoneNote;

  public final List<String> problems;

  /**
   * How many of the user's profiles have a settings document too long for the column (imported
   * without it, see {@link #storableSettings}).
   */
  public final int profileSettingsTooLong;

  /**
   * How many of the user's profiles had person fields too long to keep (imported without them, see
   * {@link LegacyUser.LegacyProfile#personFieldsTooLong}).
   */
  public final int profilePersonTooLong;

  /** Which person fields were left out as too long, by component name in order; empty if none. */
  public final SortedSet<String> personFieldsTooLong;

  private PreparedUser(LegacyUser u, ImportOptions options, PasswordHashing hashing) {
    this.source = u;
    List<String> issues = new ArrayList<>();
    String e = null;
    String ec = null;
    if (u.email() != null && !u.email().isBlank()) {
      try {
        String normalized = EmailAddresses.normalize(u.email());
        String domain = normalized.substring(normalized.indexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (!options.ignoredEmailDomains().contains(domain)) {
          e = normalized;
          ec = EmailAddresses.canonical(normalized);
        }
      } catch (RejectedInputException ex) {
        issues.add(ErrorCode.INVALID_EMAIL.code());
      }
    }
    this.email = e;
    this.emailCanonical = ec;
    String p = null;
    boolean badPhone = false;
    String note = null;
    if (u.phone() != null && !u.phone().isBlank()) {
      String raw = u.phone();
      PhoneReading.Result read;
      if (u.phoneCountryCode() != null && !u.phoneCountryCode().isBlank()) {
        String code = u.phoneCountryCode().strip();
        String withCode = (code.startsWith("+") ? code : "+" + code) + " " + raw.strip();
        read =
            PhoneReading.read(
                raw.strip().startsWith("+") ? raw : withCode,
                options.phones(),
                options.lenientPhones(),
                false,
                () -> options.phones().normalize(raw, code));
      } else {
        PhoneNumbers in =
            u.phoneRegionHint() != null && !raw.strip().startsWith("+")
                ? BY_REGION.computeIfAbsent(u.phoneRegionHint(), PhoneNumbers::forRegion)
                : options.phones();
        read = PhoneReading.read(raw, in, options.lenientPhones(), true, () -> in.normalize(raw));
      }
      p = read.e164();
      note = read.reason();
      if (p == null) {
        badPhone = true;
        issues.add(ErrorCode.INVALID_PHONE.code());
      }
    }
    this.phone = p;
    this.invalidPhone = badPhone;
    this.phoneNote = note;
    String n = null;
    String nc = null;
    if (u.username() != null && !u.username().isBlank()) {
      try {
        n = Usernames.normalize(u.username());
        nc = Usernames.canonical(u.username());
      } catch (RejectedInputException ex) {
        issues.add(ErrorCode.INVALID_USERNAME.code());
      }
    }
    this.username = n;
    this.usernameCanonical = nc;
    String hash = u.passwordHash();
    boolean usable = hash != null && !hash.isEmpty() && !hash.startsWith("!");
    this.passwordHash = usable ? hash : null;
    this.hashSupported = usable && hashing.formatOf(hash).isPresent();
    Verification v = verification(u, options.verificationPolicy(), email != null, phone != null);
    this.emailVerified = v.emailVerified();
    this.phoneVerified = v.phoneVerified();
    this.verified = v.verified();
    this.problems = List.copyOf(issues);
    int tooLong = 0;
    for (LegacyUser.LegacyProfile profile : u.profiles()) {
      if (profile.settingsJson() != null && storableSettings(profile.settingsJson()) == null) {
        tooLong++;
      }
    }
    this.profileSettingsTooLong = tooLong;
    int personTooLong = 0;
    SortedSet<String> fields = new TreeSet<>();
    for (LegacyUser.LegacyProfile profile : u.profiles()) {
      if (!profile.personFieldsTooLong().isEmpty()) {
        personTooLong++;
        fields.addAll(profile.personFieldsTooLong());
      }
    }
    this.profilePersonTooLong = personTooLong;
    this.personFieldsTooLong = Collections.unmodifiableSortedSet(fields);
  }

  /**
   * The most characters a {@link Person} keeps of one of its text components.
   *
   * @param component a text component's name, e.g. {@code firstName}
   * @return the limit
   */
  public static int personLimit(String component) {
    return switch (component) {
      case "firstName" -> Person.MAX_FIRST_NAME;
      case "lastName1", "lastName2" -> Person.MAX_LAST_NAME;
      case "gender" -> Person.MAX_GENDER;
      case "picture" -> Person.MAX_PICTURE;
      default -> throw new IllegalArgumentException("not a text component of Person: " + component);
    };
  }

  /**
   * A profile's settings document as the import stores it: as it is when the column holds it
   * (counted in UTF-16 units, at most the characters every database counts), otherwise none.
   *
   * @param settingsJson the legacy profile's settings, or null
   * @return the settings to store, or null
   */
  public static String storableSettings(String settingsJson) {
    return settingsJson != null && settingsJson.length() <= MAX_PROFILE_SETTINGS
        ? settingsJson
        : null;
  }

  /**
   * What a legacy user's verification becomes under a policy: the one rule the bulk import and lazy
   * migration share.
   *
   * @param verified the account-level flag
   * @param emailVerified whether the email is verified
   * @param phoneVerified whether the phone is verified
   */
  public record Verification(boolean verified, boolean emailVerified, boolean phoneVerified) {}

  /**
   * Decides verification: carried over (a missing per-identifier flag follows the legacy
   * account-level flag) or assumed.
   *
   * @param u the legacy user
   * @param policy the policy
   * @param hasEmail whether the user keeps an email
   * @param hasPhone whether the user keeps a phone
   * @return the flags
   */
  public static Verification verification(
      LegacyUser u, VerificationPolicy policy, boolean hasEmail, boolean hasPhone) {
    if (policy == VerificationPolicy.ASSUME_VERIFIED) {
      return new Verification(true, hasEmail, hasPhone);
    }
    boolean legacyVerified = Boolean.TRUE.equals(u.verified());
    boolean emailVerified =
        hasEmail && (u.emailVerified() != null ? u.emailVerified() : legacyVerified);
    boolean phoneVerified =
        hasPhone && (u.phoneVerified() != null ? u.phoneVerified() : legacyVerified);
    boolean verified = u.verified() != null ? legacyVerified : (emailVerified || phoneVerified);
    return new Verification(verified, emailVerified, phoneVerified);
  }

  /** Normalises one legacy user. */
  public static PreparedUser of(LegacyUser u, ImportOptions options, PasswordHashing hashing) {
    return new PreparedUser(u, options, hashing);
  }

  /**
   * {@return the label of the stored hash's family and cost ({@link HashLabels}), for the plan's
   * report: made when asked, since a run never needs it}
   */
  public String hashLabel() {
    return HashLabels.label(source.passwordHash());
  }

  /** Whether the user has a password a login can use. */
  public boolean hasUsablePassword() {
    return passwordHash != null;
  }

  /**
   * Whether anything can sign this user in: an email or a phone (a code can be sent), or a username
   * together with a password.
   */
  public boolean hasUsableIdentifier() {
    return email != null || phone != null || (username != null && passwordHash != null);
  }
}
