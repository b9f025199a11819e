package dev.gatehouse.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/**
 * What a dry run found and what a run with the same options would do. Nothing in it is secret: no
 * password, no hash, identifiers only as legacy ids.
 *
 * @param source the source's description
 * @param sourceName the name keying the mapping
 * @param records records in the source (readable or not)
 * @param unreadable rows that could not be read
 * @param hashFormats users per stored hash format and parameters (e.g. {@code pbkdf2_sha256
 *     i=260000}), unusable passwords under {@code unusable}
 * @param unsupportedHashes users per format that no login could verify (unknown format, malformed,
 *     or parameters beyond the configured caps)
 * @param invalidPhones users whose phone is not a valid number (imported without it)
 * @param invalidEmails users whose email is not a valid address (imported without it)
 * @param noIdentifier users with nothing to sign in with
 * @param unverified users whose email/phone is not verified after the verification policy
 * @param inactive users marked inactive
 * @param softDeleted users soft-deleted in the source
 * @param emailCollisionsInSource users whose case-folded email an earlier record of the source has
 * @param phoneCollisionsInSource users whose E.164 phone an earlier record of the source has
 * @param emailCollisionsWithTarget users whose email belongs to an account already in the target
 * @param phoneCollisionsWithTarget users whose phone belongs to an account already in the target
 * @param create users a run would create
 * @param update users a run would merge into an existing account
 * @param skip users a run would skip
 * @param quarantine users a run would quarantine
 * @param reasons counts of skip/quarantine/merge reasons
 * @param failures thresholds that were exceeded (empty when the plan passes)
 * @param samples up to 200 individual findings: {@code line}, {@code legacyId}, {@code reason}
 * @param lookalikeEmails users whose email local part mixes scripts the way spoofed addresses do,
 *     or looks the same (UTS #39 skeleton, same domain) as a different email of an earlier record
 *     of the source ({@code cоnfuse-x@} with a Cyrillic {@code о} beside {@code confuse-x@}); the
 *     run imports them as they are, the report is for the operator to review
 */
public record PlanReport(
    String source,
    String sourceName,
    long records,
    long unreadable,
    Map<String, Long> hashFormats,
    Map<String, Long> unsupportedHashes,
    long invalidPhones,
    long invalidEmails,
    long noIdentifier,
    long unverified,
    long inactive,
    long softDeleted,
    long emailCollisionsInSource,
    long phoneCollisionsInSource,
    long emailCollisionsWithTarget,
    long phoneCollisionsWithTarget,
    long create,
    long update,
    long skip,
    long quarantine,
    Map<String, Long> reasons,
    List<String> failures,
    List<Map<String, Object>> samples,
    long lookalikeEmails) {

  /**
   * A report without look-alike counts (as before they were counted).
   *
   * @param source the source's description
   * @param sourceName the name keying the mapping
   * @param records records in the source
   * @param unreadable rows that could not be read
   * @param hashFormats users per stored hash format
   * @param unsupportedHashes users per unsupported format
   * @param invalidPhones users with an invalid phone
   * @param invalidEmails users with an invalid email
   * @param noIdentifier users with nothing to sign in with
   * @param unverified users not verified
   * @param inactive users marked inactive
   * @param softDeleted users soft-deleted in the source
   * @param emailCollisionsInSource email collisions within the source
   * @param phoneCollisionsInSource phone collisions within the source
   * @param emailCollisionsWithTarget email collisions with the target
   * @param phoneCollisionsWithTarget phone collisions with the target
   * @param create users a run would create
   * @param update users a run would merge
   * @param skip users a run would skip
   * @param quarantine users a run would quarantine
   * @param reasons counts of reasons
   * @param failures thresholds exceeded
   * @param samples individual findings
   */
  public PlanReport(
      String source,
      String sourceName,
      long records,
      long unreadable,
      Map<String, Long> hashFormats,
      Map<String, Long> unsupportedHashes,
      long invalidPhones,
      long invalidEmails,
      long noIdentifier,
      long unverified,
      long inactive,
      long softDeleted,
      long emailCollisionsInSource,
      long phoneCollisionsInSource,
      long emailCollisionsWithTarget,
      long phoneCollisionsWithTarget,
      long create,
      long update,
      long skip,
      long quarantine,
      Map<String, Long> reasons,
      List<String> failures,
      List<Map<String, Object>> samples) {
    this(
        source,
        sourceName,
        records,
        unreadable,
        hashFormats,
        unsupportedHashes,
        invalidPhones,
        invalidEmails,
        noIdentifier,
        unverified,
        inactive,
        softDeleted,
        emailCollisionsInSource,
        phoneCollisionsInSource,
        emailCollisionsWithTarget,
        phoneCollisionsWithTarget,
        create,
        update,
        skip,
        quarantine,
        reasons,
        failures,
        samples,
        0);
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** {@return whether every threshold held, that is, {@link #failures()} is empty} */
  public boolean passed() {
    return failures.isEmpty();
  }

  /**
   * {@return the report as indented JSON}
   *
   * @throws IllegalStateException when the report cannot be serialised
   */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the plan report", e);
    }
  }

  /** {@return a readable summary, a few lines long} */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append("Plan for ").append(sourceName).append(" (").append(source).append(")\n");
    s.append("  records: ")
        .append(records)
        .append(" (unreadable ")
        .append(unreadable)
        .append(")\n");
    s.append("  would create ").append(create).append(", update ").append(update);
    s.append(", skip ").append(skip).append(", quarantine ").append(quarantine).append('\n');
    s.append("  hash formats:\n");
    hashFormats.forEach((k, v) -> s.append("    ").append(k).append(": ").append(v).append('\n'));
    if (!unsupportedHashes.isEmpty()) {
      s.append("  UNSUPPORTED hashes: ").append(unsupportedHashes).append('\n');
    }
    s.append("  invalid phones ").append(invalidPhones).append(", invalid emails ");
    s.append(invalidEmails).append(", no identifier ").append(noIdentifier).append('\n');
    s.append("  unverified ").append(unverified).append(", inactive ").append(inactive);
    s.append(", soft-deleted ").append(softDeleted).append('\n');
    s.append("  collisions in source: email ").append(emailCollisionsInSource);
    s.append(", phone ").append(phoneCollisionsInSource).append("; with target: email ");
    s.append(emailCollisionsWithTarget).append(", phone ").append(phoneCollisionsWithTarget);
    s.append('\n');
    if (lookalikeEmails > 0) {
      s.append("  LOOK-ALIKE emails (review): ").append(lookalikeEmails).append('\n');
    }
    if (!reasons.isEmpty()) {
      s.append("  reasons: ").append(reasons).append('\n');
    }
    s.append(failures.isEmpty() ? "  PASSED\n" : "  FAILED: " + String.join("; ", failures) + "\n");
    return s.toString();
  }
}
