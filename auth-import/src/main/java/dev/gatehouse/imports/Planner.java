package dev.gatehouse.imports;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.Identifiers.Lookalikes;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.Thresholds;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.internal.Decider;
import dev.gatehouse.imports.internal.Decision;
import dev.gatehouse.imports.internal.Ledger;
import dev.gatehouse.imports.internal.PlanView;
import dev.gatehouse.imports.internal.PreparedUser;
import dev.gatehouse.jpa.JpaAuthStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dry run: reads the whole source and counts what a run would do, deciding each record the way
 * the run would (against the target plus what the plan would already have created), writing
 * nothing. Thread-safe.
 */
final class Planner {
  private static final int MAX_SAMPLES = 200;

  private final JpaAuthStore store;
  private final Ledger ledger;
  private final PasswordHashing hashing;
  private final Clock clock;

  Planner(JpaAuthStore store, Ledger ledger, PasswordHashing hashing, Clock clock) {
    this.store = store;
    this.ledger = ledger;
    this.hashing = hashing;
    this.clock = clock;
  }

  /** See {@link Importer#plan}. */
  PlanReport plan(LegacySource source, ImportOptions options) {
    Decider decider = new Decider(options);
    return ledger.read(
        reader ->
            store.inTransaction(
                tx -> {
                  try (LegacySource.RecordStream stream = source.open()) {
                    PlanCounter k = new PlanCounter();
                    PlanView view = new PlanView(tx, reader, options.sourceName(), clock.instant());
                    Set<String> seenEmails = new HashSet<>();
                    Set<String> seenPhones = new HashSet<>();
                    Map<String, String> skeletons = new HashMap<>();
                    while (stream.hasNext()) {
                      LegacyRecord r = stream.next();
                      k.records++;
                      if (!r.readable()) {
                        k.unreadable++;
                        k.count(Decision.Action.QUARANTINE, "unreadable", r, r.error());
                        continue;
                      }
                      PreparedUser u = PreparedUser.of(r.user(), options, hashing);
                      k.hashFormats.merge(u.hashLabel(), 1L, Long::sum);
                      if (u.hasUsablePassword() && !u.hashSupported) {
                        k.unsupported.merge(u.hashLabel(), 1L, Long::sum);
                        k.sample(r, "unsupported_hash", u.hashLabel());
                      }
                      if (u.invalidPhone) {
                        k.invalidPhones++;
                        k.sample(r, ErrorCode.INVALID_PHONE.code(), u.phoneNote);
                      }
                      if (u.problems.contains(ErrorCode.INVALID_EMAIL.code())) {
                        k.invalidEmails++;
                        k.sample(r, ErrorCode.INVALID_EMAIL.code(), null);
                      }
                      if (!u.hasUsableIdentifier()) {
                        k.noIdentifier++;
                      }
                      if ((u.email != null && !u.emailVerified)
                          || (u.phone != null && !u.phoneVerified)) {
                        k.unverified++;
                      }
                      if (!r.user().active()) {
                        k.inactive++;
                      }
                      if (r.user().deletedAt() != null) {
                        k.softDeleted++;
                      }
                      if (u.emailCanonical != null) {
                        k.lookalike(r, u.emailCanonical, skeletons);
                        if (!seenEmails.add(u.emailCanonical)) {
                          k.emailInSource++;
                        } else if (tx.users().findByEmail(u.emailCanonical).isPresent()) {
                          k.emailInTarget++;
                        }
                      }
                      if (u.phone != null) {
                        if (!seenPhones.add(u.phone)) {
                          k.phoneInSource++;
                        } else if (tx.users().findByPhone(u.phone).isPresent()) {
                          k.phoneInTarget++;
                        }
                      }
                      // The run's own decision engine, against what the run would have written so
                      // far: the plan predicts the run, cascading merges included.
                      Decision d = decider.decide(u, view);
                      view.apply(u, d);
                      k.count(d.action(), d.reason(), r, d.detail());
                      for (Decider.Note note : Decider.notes(u, d)) {
                        k.note(d.action(), note.reason(), r, note.detail());
                      }
                      if (d.credential() != null) {
                        k.reasons.merge("merge:credential_" + d.credential(), 1L, Long::sum);
                        k.reasons.merge("merge:" + Decider.DISCARDED_CREDENTIAL, 1L, Long::sum);
                      }
                    }
                    return k.report(source, options);
                  }
                }));
  }

  private static final class PlanCounter {
    long records;
    long unreadable;
    long invalidPhones;
    long invalidEmails;
    long noIdentifier;
    long unverified;
    long inactive;
    long softDeleted;
    long emailInSource;
    long phoneInSource;
    long emailInTarget;
    long phoneInTarget;
    long lookalikes;
    final Map<String, Long> hashFormats = new TreeMap<>();
    final Map<String, Long> unsupported = new TreeMap<>();
    final Map<Decision.Action, Long> actions = new HashMap<>();
    final Map<String, Long> reasons = new TreeMap<>();
    final List<Map<String, Object>> samples = new ArrayList<>();

    /**
     * Counts a note of a decision: phone notes under {@code phone:<reason>} whatever the decision,
     * others under {@code <action>:<reason>}, the key the run's issue rows are counted by.
     */
    void note(Decision.Action action, String reason, LegacyRecord r, String detail) {
      if (reason.startsWith("phone:")) {
        reasons.merge(reason, 1L, Long::sum);
      } else {
        reasons.merge(action.name().toLowerCase(Locale.ROOT) + ":" + reason, 1L, Long::sum);
        sample(r, reason, detail);
      }
    }

    void count(Decision.Action action, String reason, LegacyRecord r, String detail) {
      actions.merge(action, 1L, Long::sum);
      if (reason != null) {
        reasons.merge(action.name().toLowerCase(Locale.ROOT) + ":" + reason, 1L, Long::sum);
        if (action != Decision.Action.SKIP || !"already_imported".equals(reason)) {
          sample(r, reason, detail);
        }
      }
    }

    /** Counts an email that mixes scripts or looks like a different earlier one (UTS #39). */
    void lookalike(LegacyRecord r, String canonical, Map<String, String> skeletons) {
      int at = canonical.lastIndexOf('@');
      String local = at < 0 ? canonical : canonical.substring(0, at);
      String skeleton = Lookalikes.skeleton(local) + canonical.substring(Math.max(at, 0));
      String earlier = skeletons.putIfAbsent(skeleton, canonical);
      if (earlier != null && !earlier.equals(canonical)) {
        lookalikes++;
        sample(r, "lookalike_email", null);
      } else if (Lookalikes.isSuspicious(local)) {
        lookalikes++;
        sample(r, "mixed_script_email", null);
      }
    }

    void sample(LegacyRecord r, String reason, String detail) {
      if (samples.size() < MAX_SAMPLES) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", r.line());
        m.put("legacyId", r.legacyId());
        m.put("reason", reason);
        if (detail != null) {
          m.put("detail", detail);
        }
        samples.add(m);
      }
    }

    PlanReport report(LegacySource source, ImportOptions options) {
      List<String> failures = new ArrayList<>();
      Thresholds t = options.thresholds();
      long unsupportedCount = unsupported.values().stream().mapToLong(Long::longValue).sum();
      check(failures, "unsupported hashes", unsupportedCount, t.maxUnsupportedHashesPercent());
      check(failures, "invalid phones", invalidPhones, t.maxInvalidPhonesPercent());
      check(
          failures,
          "quarantined users",
          actions.getOrDefault(Decision.Action.QUARANTINE, 0L),
          t.maxQuarantinedPercent());
      check(failures, "unreadable rows", unreadable, t.maxUnreadablePercent());
      return new PlanReport(
          source.describe(),
          options.sourceName(),
          records,
          unreadable,
          hashFormats,
          unsupported,
          invalidPhones,
          invalidEmails,
          noIdentifier,
          unverified,
          inactive,
          softDeleted,
          emailInSource,
          phoneInSource,
          emailInTarget,
          phoneInTarget,
          actions.getOrDefault(Decision.Action.CREATE, 0L),
          actions.getOrDefault(Decision.Action.MERGE, 0L),
          actions.getOrDefault(Decision.Action.SKIP, 0L),
          actions.getOrDefault(Decision.Action.QUARANTINE, 0L),
          reasons,
          List.copyOf(failures),
          samples,
          lookalikes);
    }

    private void check(List<String> failures, String what, long count, Double maxPercent) {
      if (maxPercent == null || records == 0) {
        return;
      }
      double percent = 100.0 * count / records;
      if (percent > maxPercent) {
        failures.add(
            String.format(
                Locale.ROOT,
                "%s: %d of %d (%.2f%%) exceeds %.2f%%",
                what,
                count,
                records,
                percent,
                maxPercent));
      }
    }
  }
}
