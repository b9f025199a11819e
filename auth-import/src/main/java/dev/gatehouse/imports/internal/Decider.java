package dev.gatehouse.imports.internal;

import dev.gatehouse.imports.ConflictPolicy;
import dev.gatehouse.imports.ImportOptions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides create / merge / skip / quarantine for one record, the same way for the plan (against the
 * database plus what the plan would have created) and the run (against the database inside the
 * batch's transaction), so that the plan predicts the run. Internal: not API.
 */
public final class Decider {

  /**
   * An account that already exists (or would, in a plan).
   *
   * @param publicId its public id (in a plan, a placeholder for an account the plan would create)
   * @param verified whether it is verified
   * @param hasPassword whether it has a password hash
   * @param lastLoginAt its last login, or {@code null}
   * @param joinedAt when it was created, or {@code null}
   */
  public record Existing(
      String publicId,
      boolean verified,
      boolean hasPassword,
      Instant lastLoginAt,
      Instant joinedAt) {

    /** {@return this account after a merge of {@code user} decided by {@code d}} */
    public Existing merged(PreparedUser user, Decision d) {
      if (!d.takeCredentials()) {
        return this;
      }
      return new Existing(
          publicId,
          true,
          hasPassword || user.hasUsablePassword(),
          latest(lastLoginAt, user.source.lastLoginAt()),
          joinedAt);
    }
  }

  /** {@return the later of two instants, either may be null} */
  public static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

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
    if (!existing.verified() && !user.verified) {
      return Decision.quarantine(
          reason, existing.publicId(), "neither account is verified; a person must decide");
    }
    return mergeDecision(user, existing, reason, dropUsername);
  }

  /**
   * A merge into {@code existing}: whose password the account keeps. Only a verified newcomer can
   * bring its password (an unverified one could be anybody); between two verified accounts the most
   * recently used one wins (last login, then the newer account), so the password people use today
   * keeps working. The password that loses is recorded by the writer.
   */
  private static Decision mergeDecision(
      PreparedUser user, Existing existing, String reason, boolean dropUsername) {
    boolean take;
    if (!existing.verified()) {
      take = true;
    } else if (!user.verified || !user.hasUsablePassword()) {
      take = false;
    } else if (!existing.hasPassword()) {
      take = true;
    } else {
      take = newer(user, existing);
    }
    boolean choice = existing.hasPassword() && user.hasUsablePassword();
    String credential = null;
    String detail = null;
    if (choice) {
      credential = take ? "from_incoming" : "kept";
      String incoming =
          "legacy id "
              + user.source.legacyId()
              + " (last login "
              + when(user.source.lastLoginAt())
              + ")";
      String account =
          "account " + existing.publicId() + " (last login " + when(existing.lastLoginAt()) + ")";
      detail =
          take
              ? "keeps the password of " + incoming + "; discards that of " + account
              : "keeps the password of " + account + "; discards that of " + incoming;
    }
    return new Decision(
        Decision.Action.MERGE, reason, existing.publicId(), take, dropUsername, detail, credential);
  }

  private static boolean newer(PreparedUser user, Existing existing) {
    Instant mine = user.source.lastLoginAt();
    Instant theirs = existing.lastLoginAt();
    if (mine != null || theirs != null) {
      return theirs == null || (mine != null && mine.isAfter(theirs));
    }
    Instant joined = user.source.createdAt();
    return joined != null && (existing.joinedAt() == null || joined.isAfter(existing.joinedAt()));
  }

  private static String when(Instant t) {
    return t == null ? "never" : t.toString();
  }
}
