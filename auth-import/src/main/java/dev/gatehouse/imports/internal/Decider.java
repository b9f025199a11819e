package dev.gatehouse.imports.internal;

import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides create / merge / skip / quarantine for one record, the same way for the plan (against the
 * database plus what the plan would have created) and the run (against the database inside the
 * batch's transaction), so that the plan predicts the run. Internal: not API.
 */
public final class Decider {
  /** The reason of the note left when an incoming username is not imported. */
  public static final String USERNAME_DROPPED = "username_dropped";

  /** The note of a created account whose profile settings were too long to store. */
  public static final String PROFILE_SETTINGS_TOO_LONG = "profile_settings_too_long";

  /** The note of a created account whose profile's person fields were too long to keep. */
  public static final String PROFILE_PERSON_TOO_LONG = "profile_person_too_long";

  /** The reason of the note holding a merge's losing password. */
  public static final String DISCARDED_CREDENTIAL = "discarded_credential";

  /**
   * An account that already exists (or would, in a plan): what the decider and a merge need of it.
   *
   * @param publicId its public id (in a plan, a placeholder for an account the plan would create)
   * @param verified whether it is verified
   * @param hasPassword whether it has a password hash
   * @param lastLoginAt its last login, or {@code null}
   * @param joinedAt when it was created, or {@code null}
   * @param emailCanonical its canonical email, or {@code null}
   * @param phone its E.164 phone, or {@code null}
   * @param usernameCanonical its canonical username, or {@code null} (a merge never changes it)
   */
  public record Existing(
      String publicId,
      boolean verified,
      boolean hasPassword,
      Instant lastLoginAt,
      Instant joinedAt,
      String emailCanonical,
      String phone,
      String usernameCanonical) {

    /**
     * This account after {@code user} is merged into it as {@code d} decides: the one rule for what
     * a merge changes, which the run writes and the plan simulates. The account takes the incoming
     * email and phone where it has none (so a merge can carry a phone that later records collide
     * with), and, when it takes the credentials, the password, verification and latest login.
     *
     * @param user the incoming user
     * @param d the merge decision
     * @return the merged account
     */
    public Existing merged(PreparedUser user, Decision d) {
      String email = emailCanonical != null ? emailCanonical : user.emailCanonical;
      String phoneAfter = phone != null ? phone : user.phone;
      if (!d.takeCredentials()) {
        return new Existing(
            publicId,
            verified,
            hasPassword,
            lastLoginAt,
            joinedAt,
            email,
            phoneAfter,
            usernameCanonical);
      }
      return new Existing(
          publicId,
          true,
          hasPassword || user.hasUsablePassword(),
          latest(lastLoginAt, user.source.lastLoginAt()),
          joinedAt,
          email,
          phoneAfter,
          usernameCanonical);
    }
  }

  /**
   * @param u a stored account
   * @return what the decider needs of it
   */
  public static Existing existing(UserRecord u) {
    return new Existing(
        u.publicId().toString(),
        u.verified(),
        u.passwordHash() != null,
        u.lastLoginAt(),
        u.dateJoined(),
        u.emailCanonical(),
        u.phone(),
        u.usernameCanonical());
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
    String usernameHolder = null;
    if (user.usernameCanonical != null) {
      Optional<Existing> e = targets.byUsername(user.usernameCanonical);
      // A shared username alone does not make two people one: the newcomer loses the username.
      if (e.isPresent() && !hits.containsKey(e.get().publicId())) {
        usernameHolder = e.get().publicId();
      }
    }
    if (hits.isEmpty()) {
      if (usernameHolder != null && user.email == null && user.phone == null) {
        return Decision.quarantine(
            "conflict_username", usernameHolder, "username taken, no other identifier");
      }
      return Decision.create(usernameHolder);
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
    if (usernameHolder == null
        && user.usernameCanonical != null
        && !user.usernameCanonical.equals(existing.usernameCanonical())) {
      // A merge keeps the account's own username (or none): the incoming one is left out.
      usernameHolder = existing.publicId();
    }
    return mergeDecision(user, existing, reason, usernameHolder);
  }

  /**
   * An issue-log row a decision leaves besides its own (the decision's own row is written for every
   * merge, quarantine and skip but {@code already_imported}).
   *
   * @param reason the reason ({@code phone:not_possible}, {@code username_dropped})
   * @param existingPublicId the other account involved, or {@code null}
   * @param detail human detail, or {@code null}
   */
  public record Note(String reason, String existingPublicId, String detail) {}

  /**
   * The notes of one decision, the same for the plan (which counts them) and the run (which writes
   * them): the phone that was dropped or read leniently, the username that was left out, the
   * profile settings and person fields too long to store. A merge's discarded password is noted by
   * the run, which holds the hash.
   *
   * @param user the prepared user
   * @param d its decision
   * @return the notes, possibly empty
   */
  public static List<Note> notes(PreparedUser user, Decision d) {
    if (d.action() == Decision.Action.SKIP && "already_imported".equals(d.reason())) {
      return List.of();
    }
    List<Note> notes = new ArrayList<>(2);
    if (user.phoneNote != null) {
      notes.add(new Note("phone:" + user.phoneNote, d.existingPublicId(), null));
    }
    boolean kept = d.action() == Decision.Action.CREATE || d.action() == Decision.Action.MERGE;
    if (kept && d.dropUsername()) {
      notes.add(
          new Note(
              USERNAME_DROPPED,
              d.usernameHolder(),
              d.action() == Decision.Action.CREATE
                  ? "username taken (case-folded) by account " + d.usernameHolder()
                  : "the account keeps its own username"));
    }
    if (d.action() == Decision.Action.CREATE && user.profileSettingsTooLong > 0) {
      // Only a created account gets the record's profiles; a merge keeps the account's own.
      notes.add(
          new Note(
              PROFILE_SETTINGS_TOO_LONG,
              null,
              user.profileSettingsTooLong
                  + " profile settings document(s) over "
                  + PreparedUser.MAX_PROFILE_SETTINGS
                  + " characters: the profile was imported without its settings"));
    }
    if (d.action() == Decision.Action.CREATE && user.profilePersonTooLong > 0) {
      // The detail names the fields and their limits, never the values (personal data).
      List<String> fields = new ArrayList<>(user.personFieldsTooLong.size());
      for (String field : user.personFieldsTooLong) {
        fields.add(field + " over " + PreparedUser.personLimit(field));
      }
      notes.add(
          new Note(
              PROFILE_PERSON_TOO_LONG,
              null,
              user.profilePersonTooLong
                  + " profile(s) with "
                  + String.join(", ", fields)
                  + " characters: the profile was imported without those fields"));
    }
    return notes;
  }

  /**
   * A merge into {@code existing}: whose password the account keeps. Only a verified newcomer can
   * bring its password (an unverified one could be anybody); between two verified accounts the most
   * recently used one wins (last login, then the newer account), so the password people use today
   * keeps working. The password that loses is recorded by the writer.
   */
  private static Decision mergeDecision(
      PreparedUser user, Existing existing, String reason, String usernameHolder) {
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
        Decision.Action.MERGE,
        reason,
        existing.publicId(),
        take,
        usernameHolder,
        detail,
        credential);
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
