package dev.gatehouse.cohorts;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the cohort rule reads of one legacy account: its id in the legacy system, its email and the
 * organisations it belongs to. The host reads them from the legacy system (its user table, its
 * groups) when a user first needs a decision.
 *
 * <p>{@link #toString()} leaves the email out: it is personal data.
 *
 * @param legacyId the account's key in the legacy system (e.g. Django's {@code auth_user.id}), 1 to
 *     150 characters
 * @param email the account's email as stored, or {@code null}
 * @param organisations the names or ids of the organisations the account belongs to, as the rule's
 *     cohorts name them (may be empty)
 */
public record CohortMember(String legacyId, @Nullable String email, Set<String> organisations) {
  /** The longest legacy id kept (the assignment table's key). */
  public static final int MAX_LEGACY_ID = 150;

  /**
   * Checks the legacy id and copies the organisations.
   *
   * @param legacyId the legacy id
   * @param email the email, or {@code null}
   * @param organisations the organisations
   * @throws IllegalArgumentException when the legacy id is blank or longer than {@value
   *     #MAX_LEGACY_ID} characters
   */
  public CohortMember {
    requireNonNull(legacyId, "legacyId");
    if (legacyId.isBlank() || legacyId.length() > MAX_LEGACY_ID) {
      throw new IllegalArgumentException(
          "a legacy id is 1 to " + MAX_LEGACY_ID + " characters, not " + legacyId.length());
    }
    organisations = Set.copyOf(requireNonNull(organisations, "organisations"));
  }

  /**
   * A legacy account known by its id and email, in no organisation.
   *
   * @param legacyId the legacy id
   * @param email the email, or {@code null}
   * @return the member
   */
  public static CohortMember of(String legacyId, @Nullable String email) {
    return new CohortMember(legacyId, email, Set.of());
  }

  /** {@return the email's domain in lower case, or empty when there is no email or no domain} */
  String emailDomain() {
    if (email == null) {
      return "";
    }
    int at = email.lastIndexOf('@');
    return at < 0 ? "" : email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "CohortMember[legacyId=" + legacyId + ", organisations=" + organisations + "]";
  }
}
