package dev.gatehouse.cohorts;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The cut-over by cohort: which cohort a legacy account is in (decided once by the {@link
 * CohortRule}, then kept), which system serves its user, and the steps that move a cohort forward
 * or back. Thread-safe. Reached with {@code gatehouse.feature(CohortService.class)} once {@link
 * Cohorts} is installed.
 *
 * <pre>{@code
 * CohortService cohorts = gatehouse.feature(CohortService.class);
 * Server server = cohorts.forSignIn(CohortMember.of("42", "ana@example.com"));
 * cohorts.move(staffToken, "pilot", CohortState.GATEHOUSE, "10 % after a clean week", client);
 * }</pre>
 *
 * <p>The states are read through a short cache ({@link CohortSettings#STATE_REFRESH}): a step taken
 * on one instance holds on every instance within that time, and at once on the instance that took
 * it.
 */
public interface CohortService {

  /**
   * The account's cohort: the kept assignment, or, the first time, the rule's decision, kept in the
   * same call (of two instances deciding at once, one keeps its decision and both answer it).
   *
   * @param member the legacy account
   * @return its assignment
   */
  Assignment assign(CohortMember member);

  /**
   * The account's kept assignment, deciding nothing.
   *
   * @param legacyId the legacy id
   * @return the assignment, or empty when the account has none yet
   */
  Optional<Assignment> assignment(String legacyId);

  /**
   * Which system answers the account's sign-in: the legacy system while its cohort is {@link
   * CohortState#LEGACY}, Gatehouse once it is {@link CohortState#GATEHOUSE}; while it is {@link
   * CohortState#MOVING}, Gatehouse. This only decides: the account is recorded as moved (its
   * sessions Gatehouse's from then on, {@link #forSession}) by the sign-in itself, in its
   * transaction, once it completes (its second step answered, no module refusing it), so a refused
   * or unfinished sign-in moves no one. That record needs the host's {@code LegacyAccountResolver}
   * ({@code Gatehouse.Builder#legacyAccounts}) to answer {@code legacyUserIdOf} for the account;
   * the importer's mapping ({@code GatehouseImports}) does.
   *
   * @param member the legacy account signing in
   * @return the system
   */
  Server forSignIn(CohortMember member);

  /**
   * Which system answers a request of the account's session (a refresh, {@code me/}, a change): as
   * {@link #forSignIn}, except that in a {@link CohortState#MOVING} cohort an account that has not
   * signed in since the step is still the legacy system's.
   *
   * @param member the legacy account
   * @return the system
   */
  Server forSession(CohortMember member);

  /**
   * Which system answers a sign-in by an identifier that no legacy account has (a typo, a probe, a
   * sign-up): Gatehouse when a Gatehouse account of its own has it (an operator or staff account
   * created on Gatehouse, one no legacy account became: {@code
   * LegacyAccountResolver#legacyUserIdOf} answers nothing for it), from the first step on;
   * otherwise the system that would answer a random known account, so that which system answers
   * tells an outsider nothing about whether an address has a legacy account. The identifier
   * (stripped, case folded) is given a cohort drawn with the weight of the accounts assigned to
   * each cohort, by a keyed hash under the host's secret ({@code gatehouse.secret-key}): the same
   * identifier is answered the same way while the weights and states hold (asking again does not
   * flip it), and no one without the secret computes it. The weights are counted once per {@link
   * CohortSettings#STATE_REFRESH}; before any account is assigned, the rule's shares decide on the
   * same hash. Nothing is kept.
   *
   * @param identifier the identifier as typed (an email, a username, a phone)
   * @return the system
   */
  Server forUnknown(String identifier);

  /**
   * The cohort's state, as this instance last read it (at most {@link CohortSettings#STATE_REFRESH}
   * ago).
   *
   * @param cohort the cohort's name
   * @return its state; for a cohort never moved, the state it starts in ({@link
   *     CohortRule#initialState}: {@link CohortState#LEGACY} unless the rule starts it on
   *     Gatehouse)
   * @throws dev.gatehouse.core.error.AuthException.NotFoundException {@code cohort_not_found} when
   *     the rule names no such cohort
   */
  CohortState state(String cohort);

  /**
   * Every cohort of the rule with its state and how many accounts are assigned to it, for staff.
   *
   * @param caller a live session of an active staff or superuser account
   * @return the cohorts, in the rule's order
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} (kept
   *     in the audit trail) for anyone else
   */
  List<CohortStatus> cohorts(VerifiedAccessToken caller);

  /**
   * Moves a cohort to another state, forward or back, as one operation: the state and its new
   * version written and the step audited ({@link CohortMoved}) in one transaction; no other cohort
   * and no assignment changes. Moving a cohort to the state it is in changes and audits nothing.
   *
   * @param caller a live session of an active staff or superuser account
   * @param cohort the cohort's name
   * @param to the state to move it to ({@code null} is refused: {@code invalid_cohort_step})
   * @param reason why, 1 to 150 characters (kept in the audit trail)
   * @param client who is calling, or {@code null}
   * @return the cohort's state after the step
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} for a
   *     caller who is not staff (audited), {@code invalid_cohort_step} for a missing reason, {@code
   *     cohort_changed} when another step of the cohort was taken at the same time
   * @throws dev.gatehouse.core.error.AuthException.NotFoundException {@code cohort_not_found}
   */
  CohortStatus move(
      VerifiedAccessToken caller,
      String cohort,
      @Nullable CohortState to,
      String reason,
      @Nullable ClientInfo client);

  /**
   * Counts how a sign-in of the account was answered, for the signals of its cohort ({@link
   * CohortSignals}): called by the forwarding ({@code CohortForwarding}) once the system that
   * served it answered. In memory, per instance.
   *
   * @param member the legacy account that tried to sign in
   * @param server the system that answered
   * @param accepted whether it signed the user in (a 2xx answer)
   */
  void signInAnswered(CohortMember member, Server server, boolean accepted);

  /**
   * Counts a request of the account that the forwarding could not pass to the legacy system (the
   * connection refused, or no answer within its time-outs) and answered 503 itself, for the signals
   * of its cohort ({@link CohortSignals.Signal#legacyUnavailable}). In memory, per instance.
   *
   * @param member the legacy account whose request it was
   */
  void legacyUnavailable(CohortMember member);

  /**
   * The cohort's accounts that Gatehouse does not serve yet, or cannot, and why, for staff: in a
   * {@link CohortState#LEGACY} cohort every account, in a {@link CohortState#MOVING} one those that
   * have not signed in since its step, in a {@link CohortState#GATEHOUSE} one those it cannot sign
   * in (not imported, no readable hash). Only accounts with an assignment are known (those the
   * forwarding has decided for). Paged by legacy id.
   *
   * @param caller a live session of an active staff or superuser account
   * @param cohort the cohort
   * @param after the last legacy id of the previous page, or {@code null} for the first
   * @param limit the most accounts, 1 to 500
   * @return the accounts, by legacy id
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} for a
   *     caller who is not staff (audited)
   * @throws dev.gatehouse.core.error.AuthException.NotFoundException {@code cohort_not_found}
   * @throws IllegalArgumentException when the limit is out of range
   */
  List<NotMoved> notMoved(
      VerifiedAccessToken caller, String cohort, @Nullable String after, int limit);

  /**
   * One account not yet moved.
   *
   * @param legacyId its legacy id
   * @param reason why, the first of the reasons in their order that holds
   */
  record NotMoved(String legacyId, Reason reason) {}

  /** Why an account is not yet served by Gatehouse, in the order they are looked at. */
  enum Reason {
    /** No Gatehouse account is mapped to it: the import has not taken it, or set it aside. */
    NOT_IMPORTED,
    /**
     * Its Gatehouse account has no password hash Gatehouse can check (the import's report says).
     */
    UNREADABLE_HASH,
    /** The sync last found its fields changed on both sides ({@link SyncConflicts}). */
    CONFLICT,
    /** Its cohort is still on the legacy system. */
    COHORT_ON_LEGACY,
    /** It has not signed in since its cohort's step. */
    NOT_SIGNED_IN_SINCE
  }

  /**
   * A legacy account's kept cohort.
   *
   * @param legacyId the legacy id
   * @param cohort the cohort
   * @param state the cohort's state, as this instance last read it
   * @param decidedAt when the rule decided it
   * @param moved whether the account signed in while its cohort was moving, in the cohort's current
   *     step (a step back and forward again starts the moving afresh)
   */
  record Assignment(
      String legacyId, String cohort, CohortState state, Instant decidedAt, boolean moved) {}

  /**
   * One cohort's state.
   *
   * @param cohort the cohort
   * @param state its state
   * @param version how many steps the cohort was moved (0 for one never moved)
   * @param changedAt when the last step was taken, or {@code null}
   * @param assigned how many accounts are assigned to it ({@code -1} where not counted)
   */
  record CohortStatus(
      String cohort, CohortState state, long version, @Nullable Instant changedAt, long assigned) {}
}
