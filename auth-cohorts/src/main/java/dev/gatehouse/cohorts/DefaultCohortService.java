package dev.gatehouse.cohorts;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.cohorts.CohortTables.Member;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.migration.LegacyServing;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.SignInCompleted;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInGuard;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CohortService} the module builds on Gatehouse's sign-in SPI: the store and the clock
 * of the {@link SignInContext}, the caller's account ({@code ModuleAccounts}) and the audit trail
 * ({@code ModuleAudit}). Not API.
 */
final class DefaultCohortService
    implements CohortService, CohortSignals, SignInCompleted, SignInGuard, LegacyServing {
  /** The sign-ins the forwarding decides by the identifier: a password's and a code's. */
  private static final Set<String> ROUTED_METHODS = Set.of("pwd", "otp");

  private static final int MAX_PAGE = 500;

  /**
   * Sign-ins answered on this instance, by cohort: Gatehouse's accepted, refused, legacy's; then
   * the requests the legacy system could not be reached for.
   */
  private final Map<String, LongAdder[]> answered = new ConcurrentHashMap<>();

  private static final int MAX_REASON = 150;

  /** The index of the requests the legacy system could not be reached for, in a cohort's counts. */
  private static final int UNAVAILABLE = 4;

  private final SignInContext context;
  private final ModuleAudit audit;
  private final ModuleAccounts accounts;
  private final CohortRule rule;
  private final Refreshed<Map<String, CohortStatus>> states;
  private final Refreshed<Map<String, Long>> assigned;
  private final SecretHasher secrets;

  private final @Nullable SyncConflicts conflicts;

  DefaultCohortService(SignInContext context, CohortRule rule, @Nullable SyncConflicts conflicts) {
    this.context = context;
    this.conflicts = conflicts;
    this.audit = context.capability(ModuleAudit.class);
    this.accounts = context.capability(ModuleAccounts.class);
    this.rule = rule;
    this.states =
        new Refreshed<>(
            context.clock(),
            context.config().get(CohortSettings.STATE_REFRESH),
            () -> Map.copyOf(context.store().inTransaction(CohortTables::states)));
    this.assigned =
        new Refreshed<>(
            context.clock(),
            context.config().get(CohortSettings.STATE_REFRESH),
            () ->
                context
                    .store()
                    .inTransaction(
                        tx -> {
                          Map<String, Long> counts = new java.util.HashMap<>();
                          for (String c : rule.cohorts()) {
                            counts.put(c, CohortTables.assigned(tx, c));
                          }
                          return Map.copyOf(counts);
                        }));
    this.secrets = context.capability(SecretHasher.class);
  }

  @Override
  public Assignment assign(CohortMember member) {
    requireNonNull(member, "member");
    String id = member.legacyId();
    Optional<Member> kept = context.store().inTransaction(tx -> CohortTables.member(tx, id));
    if (kept.isEmpty()) {
      String decided = rule.decide(member);
      Instant now = context.clock().instant().truncatedTo(ChronoUnit.MICROS);
      try {
        // A transaction of its own: a duplicate key aborts a PostgreSQL transaction.
        context
            .store()
            .inTransaction(
                tx -> {
                  CohortTables.insertMember(tx, id, decided, now);
                  return null;
                });
      } catch (StoreTransaction.DuplicateKeyException e) {
        // Another instance kept its decision first; it is the one that holds.
      }
      kept = context.store().inTransaction(tx -> CohortTables.member(tx, id));
    }
    return assignment(id, kept.orElseThrow());
  }

  @Override
  public Optional<Assignment> assignment(String legacyId) {
    requireNonNull(legacyId, "legacyId");
    return context
        .store()
        .inTransaction(tx -> CohortTables.member(tx, legacyId))
        .map(m -> assignment(legacyId, m));
  }

  private Assignment assignment(String legacyId, Member m) {
    CohortStatus status = status(m.cohort());
    boolean moved =
        status.state() == CohortState.MOVING
            && m.movedIn() != null
            && m.movedIn() == status.version();
    return new Assignment(legacyId, m.cohort(), status.state(), m.decidedAt(), moved);
  }

  @Override
  public Server forSignIn(CohortMember member) {
    // Decides only: the move is recorded by the sign-in itself once it completes (completed
    // below), so a wrong password, a pending second factor or a refusing guard moves no one.
    Assignment a = assign(member);
    return a.state() == CohortState.LEGACY ? Server.LEGACY : Server.GATEHOUSE;
  }

  /**
   * Records, in the transaction that starts its session, that an account of a {@link
   * CohortState#MOVING} cohort signed in on Gatehouse: its sessions are Gatehouse's from then on
   * ({@link #forSession}). Told only of sign-ins that complete (second step answered, every guard
   * passed), so the right password alone before a second factor, or a sign-in another module
   * refuses, moves no one. While no cohort is moving it answers from memory; otherwise it reads the
   * account's legacy id (the host's {@code LegacyAccountResolver#legacyUserIdOf}) and its kept
   * assignment, and writes at most one row.
   */
  @Override
  public void completed(StoreTransaction tx, UserRecord account, String method, Instant now) {
    if (states.current().values().stream().noneMatch(s -> s.state() == CohortState.MOVING)) {
      return;
    }
    Optional<String> legacyId =
        accounts.legacyAccounts().flatMap(r -> r.legacyUserIdOf(account.publicId()));
    if (legacyId.isEmpty()) {
      return;
    }
    Optional<Member> kept = CohortTables.member(tx, legacyId.get());
    if (kept.isPresent()) {
      CohortStatus status = status(kept.get().cohort());
      Long movedIn = kept.get().movedIn();
      if (status.state() == CohortState.MOVING
          && (movedIn == null || movedIn != status.version())) {
        CohortTables.moved(tx, legacyId.get(), status.version());
      }
    }
  }

  /**
   * Refuses a password or code sign-in on Gatehouse of an account whose cohort the legacy system
   * serves for sign-ins ({@link #forSignIn} would answer {@link Server#LEGACY}): the contract's
   * forwarding never lets one reach Gatehouse, and the surfaces outside it (the pages' {@code
   * /login/}, a host's own form) apply the same rule. An account no legacy account became is not
   * concerned; one not assigned yet is decided by the rule on its legacy id and email, and nothing
   * is kept. While no cohort is on the legacy system it answers from memory.
   */
  @Override
  public @Nullable AuthException refusal(
      StoreTransaction tx, UserRecord account, String method, Instant now) {
    if (!ROUTED_METHODS.contains(method) || !servesAnyone()) {
      return null;
    }
    Optional<String> legacyId =
        accounts.legacyAccounts().flatMap(r -> r.legacyUserIdOf(account.publicId()));
    if (legacyId.isEmpty()) {
      return null;
    }
    String cohort =
        CohortTables.member(tx, legacyId.get())
            .map(Member::cohort)
            .orElseGet(() -> rule.decide(CohortMember.of(legacyId.get(), account.email())));
    return status(cohort).state() == CohortState.LEGACY
        ? new RejectedInputException(
            CohortErrors.COHORT_ON_LEGACY, "the account's cohort is served by the legacy system")
        : null;
  }

  /**
   * Whether any cohort of the rule is not yet {@link CohortState#GATEHOUSE} (a cohort never moved
   * is on the legacy system), as this instance last read the states: {@code auth-legacy}'s
   * write-back stays open while it is.
   */
  @Override
  public boolean servesAnyone() {
    Map<String, CohortStatus> kept = states.current();
    return rule.cohorts().stream()
        .anyMatch(
            c ->
                (kept.get(c) == null ? rule.initialState(c) : kept.get(c).state())
                    != CohortState.GATEHOUSE);
  }

  @Override
  public Server forSession(CohortMember member) {
    Assignment a = assign(member);
    return switch (a.state()) {
      case LEGACY -> Server.LEGACY;
      case GATEHOUSE -> Server.GATEHOUSE;
      case MOVING -> a.moved() ? Server.GATEHOUSE : Server.LEGACY;
    };
  }

  /**
   * An identifier no legacy account has is answered as the cohort of a random known account would
   * be: a cohort drawn with the weight of its assigned accounts, by a keyed hash of the identifier
   * (the host's secret, so no one outside computes it), then that cohort's sign-in. So the share of
   * unknown identifiers a system answers is the share of known accounts it answers, and which
   * system answers tells nothing of whether an account exists; the same identifier is answered the
   * same way while the weights and states hold, so asking again does not flip it. The weights are
   * counted with the states, once per {@link CohortSettings#STATE_REFRESH}. Before any account is
   * assigned, the rule's shares decide on the same hash.
   */
  @Override
  public Server forUnknown(String identifier) {
    requireNonNull(identifier, "identifier");
    if (gatehouseOwn(identifier)) {
      return Server.GATEHOUSE;
    }
    String keyed = secrets.hash("cohorts-unknown", identifier.strip().toLowerCase(Locale.ROOT));
    long point = Long.parseUnsignedLong(keyed.substring(0, 15), 16);
    Map<String, Long> weights = assigned.current();
    long total = weights.values().stream().mapToLong(Long::longValue).sum();
    String cohort = null;
    if (total > 0) {
      long at = point % total;
      for (String c : rule.cohorts()) {
        long w = weights.getOrDefault(c, 0L);
        if (at < w) {
          cohort = c;
          break;
        }
        at -= w;
      }
    }
    if (cohort == null) {
      cohort = rule.byBucket((int) (point % CohortRule.BUCKETS));
    }
    return status(cohort).state() == CohortState.LEGACY ? Server.LEGACY : Server.GATEHOUSE;
  }

  /**
   * Whether a live Gatehouse account has the identifier (as an email or a username, compared in
   * lower case) and no legacy account became it: an operator's or a staff member's account created
   * on Gatehouse, which the legacy system has never had. One indexed read.
   */
  private boolean gatehouseOwn(String identifier) {
    String folded = identifier.strip().toLowerCase(Locale.ROOT);
    Optional<UserRecord> own =
        context
            .store()
            .inTransaction(
                tx ->
                    folded.indexOf('@') >= 0
                        ? tx.users().findByEmail(folded)
                        : tx.users().findByUsername(folded));
    Optional<LegacyAccountResolver> mapping = accounts.legacyAccounts();
    return own.filter(u -> !u.deleted())
        .filter(u -> mapping.flatMap(m -> m.legacyUserIdOf(u.publicId())).isEmpty())
        .isPresent();
  }

  @Override
  public void signInAnswered(CohortMember member, Server server, boolean accepted) {
    requireNonNull(member, "member");
    requireNonNull(server, "server");
    Optional<Assignment> a = assignment(member.legacyId());
    if (a.isEmpty()) {
      return;
    }
    counts(a.get().cohort())[(server == Server.GATEHOUSE ? 0 : 2) + (accepted ? 0 : 1)].increment();
  }

  @Override
  public void legacyUnavailable(CohortMember member) {
    requireNonNull(member, "member");
    assignment(member.legacyId()).ifPresent(a -> counts(a.cohort())[UNAVAILABLE].increment());
  }

  private LongAdder[] counts(String cohort) {
    return answered.computeIfAbsent(
        cohort,
        c -> {
          LongAdder[] n = new LongAdder[UNAVAILABLE + 1];
          for (int i = 0; i < n.length; i++) {
            n[i] = new LongAdder();
          }
          return n;
        });
  }

  @Override
  public Set<String> cohorts() {
    return rule.cohorts();
  }

  @Override
  public List<Signal> read() {
    return context
        .store()
        .inTransaction(
            tx ->
                rule.cohorts().stream()
                    .map(
                        c -> {
                          CohortStatus s = status(c);
                          long[] n = new long[UNAVAILABLE + 1];
                          LongAdder[] counts = answered.get(c);
                          for (int i = 0; counts != null && i < n.length; i++) {
                            n[i] = counts[i].sum();
                          }
                          return new Signal(
                              c,
                              s.state(),
                              s.version(),
                              CohortTables.assigned(tx, c),
                              s.state() == CohortState.MOVING
                                  ? CohortTables.movedCount(tx, c, s.version())
                                  : 0,
                              n[0],
                              n[1],
                              n[2],
                              n[3],
                              n[UNAVAILABLE]);
                        })
                    .toList());
  }

  @Override
  public List<NotMoved> notMoved(
      VerifiedAccessToken caller, String cohort, @Nullable String after, int limit) {
    accounts.staff(caller, "cohort_not_moved");
    String name = known(cohort);
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("a page is 1 to " + MAX_PAGE + " accounts, not " + limit);
    }
    CohortStatus status = status(name);
    Optional<LegacyAccountResolver> mapping = accounts.legacyAccounts();
    return context
        .store()
        .inTransaction(
            tx -> {
              List<NotMoved> out = new ArrayList<>();
              String from = after;
              // A Gatehouse cohort lists only the accounts it cannot sign in: read on until the
              // page is full or the members end.
              while (out.size() < limit) {
                List<CohortTables.Paged> page = CohortTables.page(tx, name, from, MAX_PAGE);
                if (page.isEmpty()) {
                  break;
                }
                Set<String> conflicted =
                    conflicts == null
                        ? Set.of()
                        : conflicts.among(page.stream().map(CohortTables.Paged::legacyId).toList());
                for (CohortTables.Paged m : page) {
                  Reason why = reason(tx, status, m, mapping, conflicted);
                  if (why != null && out.size() < limit) {
                    out.add(new NotMoved(m.legacyId(), why));
                  }
                }
                from = page.get(page.size() - 1).legacyId();
                if (page.size() < MAX_PAGE) {
                  break;
                }
              }
              return out;
            });
  }

  /** Why the member is not served by Gatehouse yet, or {@code null} when it is. */
  private static @Nullable Reason reason(
      StoreTransaction tx,
      CohortStatus status,
      CohortTables.Paged m,
      Optional<LegacyAccountResolver> mapping,
      Set<String> conflicted) {
    if (mapping.isPresent()) {
      Optional<UUID> account = mapping.get().accountOf(m.legacyId());
      if (account.isEmpty()) {
        return Reason.NOT_IMPORTED;
      }
      Optional<UserRecord> user = tx.users().findByPublicId(account.get());
      if (user.isEmpty() || user.get().deleted()) {
        return Reason.NOT_IMPORTED;
      }
      if (user.get().passwordHash() == null) {
        return Reason.UNREADABLE_HASH;
      }
    }
    if (conflicted.contains(m.legacyId())) {
      return Reason.CONFLICT;
    }
    return switch (status.state()) {
      case LEGACY -> Reason.COHORT_ON_LEGACY;
      case MOVING ->
          m.movedIn() != null && m.movedIn() == status.version()
              ? null
              : Reason.NOT_SIGNED_IN_SINCE;
      case GATEHOUSE -> null;
    };
  }

  @Override
  public CohortState state(String cohort) {
    return status(known(cohort)).state();
  }

  /** The cohort's state as cached; a cohort never moved is in its first state, version 0. */
  private CohortStatus status(String cohort) {
    CohortStatus s = states.current().get(cohort);
    return s != null ? s : never(cohort);
  }

  /** A cohort never moved: in the state the rule starts it in, version 0. */
  private CohortStatus never(String cohort) {
    return new CohortStatus(cohort, rule.initialState(cohort), 0, null, -1);
  }

  @Override
  public List<CohortStatus> cohorts(VerifiedAccessToken caller) {
    accounts.staff(caller, "cohorts");
    return context
        .store()
        .inTransaction(
            tx -> {
              var kept = CohortTables.states(tx);
              return rule.cohorts().stream()
                  .map(
                      c -> {
                        CohortStatus s = kept.get(c);
                        long assigned = CohortTables.assigned(tx, c);
                        return s == null
                            ? new CohortStatus(c, rule.initialState(c), 0, null, assigned)
                            : new CohortStatus(c, s.state(), s.version(), s.changedAt(), assigned);
                      })
                  .toList();
            });
  }

  @Override
  public CohortStatus move(
      VerifiedAccessToken caller,
      String cohort,
      @Nullable CohortState to,
      String reason,
      @Nullable ClientInfo client) {
    UserRecord staff = accounts.staff(caller, CohortMoved.METHOD);
    String name = known(cohort);
    if (to == null) {
      throw new RejectedInputException(
          CohortErrors.INVALID_COHORT_STEP, "a step names the state to move the cohort to");
    }
    String why = reason(reason);
    CohortState target = to;
    Instant now = context.clock().instant().truncatedTo(ChronoUnit.MICROS);
    CohortStatus after;
    try {
      after = step(staff, name, target, why, now, client);
    } catch (StoreTransaction.DuplicateKeyException e) {
      // Another instance wrote the cohort's first step between this one's read and its write: the
      // transaction is over (on PostgreSQL the failed insert aborted it), nothing of it was kept.
      throw changedMeanwhile(name);
    }
    states.update(
        before -> {
          Map<String, CohortStatus> changed = new java.util.HashMap<>(before);
          changed.put(after.cohort(), after);
          return Map.copyOf(changed);
        });
    return after;
  }

  private static RejectedInputException changedMeanwhile(String cohort) {
    return new RejectedInputException(
        CohortErrors.COHORT_CHANGED,
        "the cohort " + cohort + " was moved by another step at the same time");
  }

  /** The step's one transaction: the state and its version written, and the step audited. */
  private CohortStatus step(
      UserRecord staff,
      String name,
      CohortState target,
      String why,
      Instant now,
      @Nullable ClientInfo client) {
    return context
        .store()
        .inTransaction(
            tx -> {
              CohortStatus before = CohortTables.state(tx, name).orElseGet(() -> never(name));
              if (before.state() == target) {
                return before;
              }
              if (!CohortTables.writeState(
                  tx, name, target, before.version(), now, staff.publicId())) {
                throw changedMeanwhile(name);
              }
              long version = before.version() + 1;
              audit.publishByAdmin(
                  tx,
                  staff.publicId(),
                  new CohortMoved(
                      now,
                      staff.publicId(),
                      name,
                      before.state(),
                      target,
                      version,
                      why,
                      ClientInfo.originOf(context.config(), client)));
              return new CohortStatus(name, target, version, now, -1);
            });
  }

  private String known(String cohort) {
    if (cohort == null || !rule.cohorts().contains(cohort)) {
      throw new NotFoundException(CohortErrors.COHORT_NOT_FOUND);
    }
    return cohort;
  }

  private static String reason(@Nullable String reason) {
    String r = reason == null ? "" : reason.strip();
    if (r.isEmpty() || r.length() > MAX_REASON || r.chars().anyMatch(Character::isISOControl)) {
      throw new RejectedInputException(
          CohortErrors.INVALID_COHORT_STEP,
          "a step's reason is 1 to " + MAX_REASON + " characters");
    }
    return r;
  }
}
