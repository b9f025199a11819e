package dev.gatehouse.imports.internal;

import dev.gatehouse.imports.ConflictPolicy;
import dev.gatehouse.imports.ImportOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides create / merge / skip / quarantine for one record, the same way for the plan (against the
 * database plus what the plan would have created) and the run (against the database inside the
 * batch's transaction), so that the plan predicts the run. Internal: not API.
 */
public final class Decider {

  /** An account that already exists (or would, in a plan). */
  public record Existing(String publicId, boolean verified) {}

  /** How the decider sees the target; implemented by the plan and by the run. */
  public interface Targets {
    /** The account a legacy id of this source was already imported into. */
    Optional<String> mapped(String legacyId);

    /** The account with this canonical email. */
    Optional<Existing> byEmail(String canonical);

    /** The account with this E.164 phone. */
    Optional<Existing> byPhone(String e164);

    /** The account with this canonical username. */
    Optional<Existing> byUsername(String canonical);
  }

  private final ImportOptions options;

  /**
   * @param options the import's options
   */
  public Decider(ImportOptions options) {
    this.options = options;
  }

  /**
   * @param user the prepared user
   * @param targets the view of the target
   * @return the decision
   */
  public Decision decide(PreparedUser user, Targets targets) {
    Optional<String> mapped = targets.mapped(user.source.legacyId());
    if (mapped.isPresent()) {
      return Decision.skip("already_imported", mapped.get());
    }
    if (user.source.deletedAt() != null && !options.importSoftDeleted()) {
      return Decision.skip("deleted_in_source", null);
    }
    if (!user.hasUsableIdentifier()) {
      return Decision.quarantine(
          "no_identifier",
          null,
          user.problems.isEmpty()
              ? "no email, phone or username"
              : String.join(",", user.problems));
    }
    Map<String, Existing> hits = new LinkedHashMap<>();
    String field = null;
    if (user.emailCanonical != null) {
      Optional<Existing> e = targets.byEmail(user.emailCanonical);
      if (e.isPresent()) {
        hits.put(e.get().publicId(), e.get());
        field = "email";
      }
    }
    if (user.phone != null) {
      Optional<Existing> e = targets.byPhone(user.phone);
      if (e.isPresent()) {
        hits.put(e.get().publicId(), e.get());
        field = field == null ? "phone" : field;
      }
    }
    boolean dropUsername = false;
    if (user.usernameCanonical != null) {
      Optional<Existing> e = targets.byUsername(user.usernameCanonical);
      // A shared username alone does not make two people one: the newcomer loses the username.
      if (e.isPresent() && !hits.containsKey(e.get().publicId())) {
        dropUsername = true;
      }
    }
    if (hits.isEmpty()) {
      if (dropUsername && user.email == null && user.phone == null) {
        return Decision.quarantine(
            "conflict_username", null, "username taken, no other identifier");
      }
      return Decision.create(dropUsername);
    }
    if (hits.size() > 1) {
      return Decision.quarantine(
          "conflict_ambiguous",
          hits.keySet().iterator().next(),
          "email and phone belong to different accounts: " + String.join(",", hits.keySet()));
    }
    Existing existing = hits.values().iterator().next();
    String reason = "conflict_" + field;
    ConflictPolicy policy = options.conflictPolicy();
    if (policy == ConflictPolicy.SKIP) {
      return Decision.skip(reason, existing.publicId());
    }
    if (policy == ConflictPolicy.QUARANTINE) {
      return Decision.quarantine(reason, existing.publicId(), null);
    }
    if (existing.verified()) {
      return new Decision(
          Decision.Action.MERGE, reason, existing.publicId(), false, dropUsername, null);
    }
    if (user.verified) {
      return new Decision(
          Decision.Action.MERGE, reason, existing.publicId(), true, dropUsername, null);
    }
    return Decision.quarantine(
        reason, existing.publicId(), "neither account is verified; a person must decide");
  }
}
