package dev.gatehouse.imports.internal;

import dev.gatehouse.core.RejectedInputException;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.identity.Usernames;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.imports.ImportOptions;
import dev.gatehouse.imports.LegacyUser;
import dev.gatehouse.imports.VerificationPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A legacy user with its identifiers normalised the way Gatehouse stores them, its hash classified
 * and its verification decided. Internal: not API.
 */
public final class PreparedUser {
  private static final Map<String, PhoneNumbers> BY_REGION = new ConcurrentHashMap<>();

  public final LegacyUser source;
  public final String email;
  public final String emailCanonical;
  public final String phone;
  public final String username;
  public final String usernameCanonical;
  public final String passwordHash;
  public final String hashLabel;
  public final boolean hashSupported;
  public final boolean verified;
  public final boolean emailVerified;
  public final boolean phoneVerified;
  public final boolean invalidPhone;
  public final List<String> problems;

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
        issues.add("invalid_email");
      }
    }
    this.email = e;
    this.emailCanonical = ec;
    String p = null;
    boolean badPhone = false;
    if (u.phone() != null && !u.phone().isBlank()) {
      try {
        if (u.phoneCountryCode() != null && !u.phoneCountryCode().isBlank()) {
          p = options.phones().normalize(u.phone(), u.phoneCountryCode().strip());
        } else if (u.phoneRegionHint() != null && !u.phone().strip().startsWith("+")) {
          p =
              BY_REGION
                  .computeIfAbsent(u.phoneRegionHint(), PhoneNumbers::forRegion)
                  .normalize(u.phone());
        } else {
          p = options.phones().normalize(u.phone());
        }
      } catch (RejectedInputException ex) {
        badPhone = true;
        issues.add("invalid_phone");
      }
    }
    this.phone = p;
    this.invalidPhone = badPhone;
    String n = null;
    String nc = null;
    if (u.username() != null && !u.username().isBlank()) {
      try {
        n = Usernames.normalize(u.username());
        nc = Usernames.canonical(u.username());
      } catch (RejectedInputException ex) {
        issues.add("invalid_username");
      }
    }
    this.username = n;
    this.usernameCanonical = nc;
    String hash = u.passwordHash();
    boolean usable = hash != null && !hash.isEmpty() && !hash.startsWith("!");
    this.passwordHash = usable ? hash : null;
    this.hashLabel = HashLabels.label(hash);
    this.hashSupported = usable && hashing.formatOf(hash).isPresent();
    if (options.verificationPolicy() == VerificationPolicy.ASSUME_VERIFIED) {
      this.emailVerified = email != null;
      this.phoneVerified = phone != null;
      this.verified = true;
    } else {
      boolean legacyVerified = Boolean.TRUE.equals(u.verified());
      this.emailVerified =
          email != null && (u.emailVerified() != null ? u.emailVerified() : legacyVerified);
      this.phoneVerified =
          phone != null && (u.phoneVerified() != null ? u.phoneVerified() : legacyVerified);
      this.verified = u.verified() != null ? legacyVerified : (emailVerified || phoneVerified);
    }
    this.problems = List.copyOf(issues);
  }

  /** Normalises one legacy user. */
  public static PreparedUser of(LegacyUser u, ImportOptions options, PasswordHashing hashing) {
    return new PreparedUser(u, options, hashing);
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
