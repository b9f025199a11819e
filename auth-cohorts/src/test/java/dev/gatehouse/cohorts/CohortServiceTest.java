package dev.gatehouse.cohorts;

import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.cohorts.CohortService.CohortStatus;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.fixture.JpaFixture;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Cohorts (issue 76, item 1) on every store: the in-memory one, and H2, PostgreSQL and MariaDB with
 * the module's changelog. Each test names cohorts of its own, since the tests of a store share its
 * database.
 */
class CohortServiceTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");
  private static final Set<String> MIGRATED = new HashSet<>();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** The kind's store, migrated with the module's changelog too. */
  private static synchronized StoreFixture store(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    if (db instanceof JpaFixture jpa && MIGRATED.add(kind.name())) {
      GatehouseMigrations.migrate(jpa.db.dataSource(), Cohorts.CHANGELOG, jpa.entities);
    }
    return db;
  }

  /** An instance of Gatehouse with the rule, on the kind's store, with a clock of its own. */
  private static GatehouseFixture instance(StoreKind kind, CohortRule rule) {
    return new GatehouseFixture(store(kind), b -> b, b -> b.install(new Cohorts(rule)));
  }

  private static CohortService cohorts(GatehouseFixture g) {
    return g.gatehouse.feature(CohortService.class);
  }

  /** A cohort name no other test uses. */
  private static String fresh(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String legacyId() {
    return UUID.randomUUID().toString();
  }

  private static VerifiedAccessToken staff(GatehouseFixture g) {
    String address = email();
    UUID id = confirmed(g, address);
    updateUser(g, id, u -> u.staff(true));
    return signedIn(g, address, CLIENT);
  }

  private static List<AuditEntry> audit(GatehouseFixture g, UUID subject, String event) {
    return g.db.store.inTransaction(tx -> tx.audit().forSubject(subject, 50)).stream()
        .filter(e -> e.event().equals(event))
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anAssignmentIsKeptWhenTheRuleChangesLater(StoreKind kind) {
    String a = fresh("a");
    String b = fresh("b");
    GatehouseFixture before = instance(kind, CohortRule.builder().rest(a).build());
    String id = legacyId();
    CohortMember member = CohortMember.of(id, "ana@example.test");
    assertThat(cohorts(before).assignment(id)).isEmpty();
    assertThat(cohorts(before).assign(member).cohort()).isEqualTo(a);

    // The host deploys a rule that would put everyone in b: the account stays in a.
    GatehouseFixture after =
        instance(kind, CohortRule.builder().legacyIds(b, id).share(b, 10_000).rest(a).build());
    assertThat(cohorts(after).assign(member).cohort()).isEqualTo(a);
    assertThat(cohorts(after).assignment(id).orElseThrow().cohort()).isEqualTo(a);
    // A new account is decided by the new rule.
    assertThat(cohorts(after).assign(CohortMember.of(legacyId(), null)).cohort()).isEqualTo(b);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aStepMovesOneCohortIsAuditedAndLeavesTheOthersAsTheyWere(StoreKind kind) {
    String pilot = fresh("pilot");
    String rest = fresh("rest");
    String inPilot = legacyId();
    String inRest = legacyId();
    GatehouseFixture g =
        instance(kind, CohortRule.builder().legacyIds(pilot, inPilot).rest(rest).build());
    CohortService cohorts = cohorts(g);
    VerifiedAccessToken staff = staff(g);
    CohortMember p = CohortMember.of(inPilot, null);
    CohortMember r = CohortMember.of(inRest, null);
    assertThat(cohorts.forSignIn(p)).isEqualTo(Server.LEGACY);
    assertThat(cohorts.forSignIn(r)).isEqualTo(Server.LEGACY);

    CohortStatus moved = cohorts.move(staff, pilot, CohortState.GATEHOUSE, "pilot week", CLIENT);

    assertThat(moved.state()).isEqualTo(CohortState.GATEHOUSE);
    assertThat(moved.version()).isEqualTo(1);
    assertThat(cohorts.forSignIn(p)).isEqualTo(Server.GATEHOUSE);
    assertThat(cohorts.forSession(p)).isEqualTo(Server.GATEHOUSE);
    assertThat(cohorts.forSignIn(r)).isEqualTo(Server.LEGACY);
    assertThat(cohorts.state(rest)).isEqualTo(CohortState.LEGACY);
    assertThat(cohorts.cohorts(staff))
        .extracting(CohortStatus::cohort, CohortStatus::state, CohortStatus::assigned)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(pilot, CohortState.GATEHOUSE, 1L),
            org.assertj.core.groups.Tuple.tuple(rest, CohortState.LEGACY, 1L));
    List<AuditEntry> steps = audit(g, staff.userPublicId(), "CohortMoved");
    assertThat(steps).singleElement().extracting(AuditEntry::actor).isEqualTo("admin");
    assertThat(steps.get(0).method()).isEqualTo(CohortMoved.METHOD);
    assertThat(steps.get(0).detail())
        .contains(pilot + " LEGACY -> GATEHOUSE (version 1): pilot week");

    // And back: one more step, one more entry; moving to the state it is in changes nothing.
    assertThat(cohorts.move(staff, pilot, CohortState.LEGACY, "errors up", CLIENT).version())
        .isEqualTo(2);
    assertThat(cohorts.move(staff, pilot, CohortState.LEGACY, "again", CLIENT).version())
        .isEqualTo(2);
    assertThat(cohorts.forSignIn(p)).isEqualTo(Server.LEGACY);
    assertThat(audit(g, staff.userPublicId(), "CohortMoved")).hasSize(2);
  }

  /** An instance with the host's mapping of legacy ids and the module as given. */
  private static GatehouseFixture instance(StoreKind kind, Mapping mapping, Cohorts module) {
    return new GatehouseFixture(
        store(kind), b -> b, b -> b.legacyAccounts(mapping).install(module));
  }

  /** The host's mapping of legacy ids to the accounts they became, as the importer keeps it. */
  private static final class Mapping implements LegacyAccountResolver {
    private final Map<String, UUID> accounts = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Optional<UUID> accountOf(String legacyUserId) {
      return Optional.ofNullable(accounts.get(legacyUserId));
    }

    @Override
    public Optional<String> legacyUserIdOf(UUID account) {
      return accounts.entrySet().stream()
          .filter(e -> e.getValue().equals(account))
          .map(Map.Entry::getKey)
          .findFirst();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aMovingCohortMovesEachUserAtTheirSignInAndAStepBackStartsAfresh(StoreKind kind) {
    String moving = fresh("moving");
    Mapping mapping = new Mapping();
    GatehouseFixture g =
        instance(kind, mapping, new Cohorts(CohortRule.builder().rest(moving).build()));
    CohortService cohorts = cohorts(g);
    VerifiedAccessToken staff = staff(g);
    String address = email();
    CohortMember signsIn = CohortMember.of(legacyId(), address);
    mapping.accounts.put(signsIn.legacyId(), confirmed(g, address));
    CohortMember staysAway = CohortMember.of(legacyId(), null);
    cohorts.move(staff, moving, CohortState.MOVING, "start", CLIENT);

    assertThat(cohorts.forSession(signsIn)).isEqualTo(Server.LEGACY);
    assertThat(cohorts.forSignIn(signsIn)).isEqualTo(Server.GATEHOUSE);
    // Deciding who answers a sign-in moves no one, and neither does a wrong password.
    assertThat(
            codeOf(
                () ->
                    g.gatehouse
                        .accounts()
                        .login(new LoginRequest(address, "not-the-password-1", CLIENT))))
        .isNotNull();
    assertThat(cohorts.forSession(signsIn)).isEqualTo(Server.LEGACY);
    assertThat(cohorts.assignment(signsIn.legacyId()).orElseThrow().moved()).isFalse();

    // The sign-in that succeeds records the move in its transaction.
    signedIn(g, address, CLIENT);
    assertThat(cohorts.forSession(signsIn)).isEqualTo(Server.GATEHOUSE);
    assertThat(cohorts.assignment(signsIn.legacyId()).orElseThrow().moved()).isTrue();
    assertThat(cohorts.forSession(staysAway)).isEqualTo(Server.LEGACY);

    cohorts.move(staff, moving, CohortState.LEGACY, "back", CLIENT);
    assertThat(cohorts.forSession(signsIn)).isEqualTo(Server.LEGACY);
    cohorts.move(staff, moving, CohortState.MOVING, "again", CLIENT);
    // The legacy system served them meanwhile: they move again at their next sign-in.
    assertThat(cohorts.forSession(signsIn)).isEqualTo(Server.LEGACY);
    assertThat(cohorts.assignment(signsIn.legacyId()).orElseThrow().moved()).isFalse();
    signedIn(g, address, CLIENT);
    assertThat(cohorts.forSession(signsIn)).isEqualTo(Server.GATEHOUSE);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theReportSaysWhyEachAccountIsNotMovedAndTheSignalsCountTheCohort(StoreKind kind) {
    String cohort = fresh("watched");
    Mapping mapping = new Mapping();
    Set<String> inConflict = new HashSet<>();
    GatehouseFixture g =
        instance(
            kind,
            mapping,
            new Cohorts(CohortRule.builder().rest(cohort).build())
                .syncConflicts(
                    ids -> Set.copyOf(ids.stream().filter(inConflict::contains).toList())));
    CohortService cohorts = cohorts(g);
    VerifiedAccessToken staff = staff(g);
    String prefix = UUID.randomUUID().toString().substring(0, 8);
    String signsIn = prefix + "-a";
    String noHash = prefix + "-b";
    String notImported = prefix + "-c";
    String conflicted = prefix + "-d";
    String staysAway = prefix + "-e";
    String address = email();
    mapping.accounts.put(signsIn, confirmed(g, address));
    UUID hashless = confirmed(g, email());
    updateUser(g, hashless, u -> u.passwordHash(null));
    mapping.accounts.put(noHash, hashless);
    mapping.accounts.put(conflicted, confirmed(g, email()));
    mapping.accounts.put(staysAway, confirmed(g, email()));
    inConflict.add(conflicted);
    for (String id : List.of(signsIn, noHash, notImported, conflicted, staysAway)) {
      cohorts.assign(CohortMember.of(id, null));
    }

    assertThat(cohorts.notMoved(staff, cohort, null, 10))
        .extracting(CohortService.NotMoved::legacyId, CohortService.NotMoved::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(signsIn, CohortService.Reason.COHORT_ON_LEGACY),
            org.assertj.core.groups.Tuple.tuple(noHash, CohortService.Reason.UNREADABLE_HASH),
            org.assertj.core.groups.Tuple.tuple(notImported, CohortService.Reason.NOT_IMPORTED),
            org.assertj.core.groups.Tuple.tuple(conflicted, CohortService.Reason.CONFLICT),
            org.assertj.core.groups.Tuple.tuple(staysAway, CohortService.Reason.COHORT_ON_LEGACY));

    cohorts.move(staff, cohort, CohortState.MOVING, "watch it", CLIENT);
    signedIn(g, address, CLIENT);
    cohorts.signInAnswered(CohortMember.of(signsIn, address), Server.GATEHOUSE, true);
    cohorts.signInAnswered(CohortMember.of(staysAway, null), Server.GATEHOUSE, false);
    cohorts.signInAnswered(CohortMember.of(conflicted, null), Server.LEGACY, true);

    List<CohortService.NotMoved> first = cohorts.notMoved(staff, cohort, null, 2);
    assertThat(first)
        .extracting(CohortService.NotMoved::legacyId)
        .containsExactly(noHash, notImported);
    assertThat(cohorts.notMoved(staff, cohort, notImported, 10))
        .extracting(CohortService.NotMoved::legacyId, CohortService.NotMoved::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(conflicted, CohortService.Reason.CONFLICT),
            org.assertj.core.groups.Tuple.tuple(
                staysAway, CohortService.Reason.NOT_SIGNED_IN_SINCE));
    CohortSignals.Signal signal =
        g.gatehouse.feature(CohortSignals.class).read().stream()
            .filter(x -> x.cohort().equals(cohort))
            .findFirst()
            .orElseThrow();
    assertThat(signal)
        .isEqualTo(new CohortSignals.Signal(cohort, CohortState.MOVING, 1, 5, 1, 1, 1, 1, 0, 0));

    // Moved to Gatehouse, only those it cannot sign in remain.
    cohorts.move(staff, cohort, CohortState.GATEHOUSE, "all in", CLIENT);
    assertThat(cohorts.notMoved(staff, cohort, null, 10))
        .extracting(CohortService.NotMoved::legacyId)
        .containsExactly(noHash, notImported, conflicted);
    VerifiedAccessToken someone = signedIn(g, address, CLIENT);
    assertThat(codeOf(() -> cohorts.notMoved(someone, cohort, null, 10))).isEqualTo("forbidden");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void unknownIdentifiersAreAnsweredInTheShareOfKnownAccountsAlwaysAlikeAndKeepNothing(
      StoreKind kind) {
    // The documented rollout: a staff list moves first. A quarter of the known accounts are staff.
    String staff = fresh("staff");
    String everyone = fresh("everyone");
    String[] listed = new String[10];
    for (int i = 0; i < listed.length; i++) {
      listed[i] = legacyId();
    }
    GatehouseFixture g =
        instance(kind, CohortRule.builder().legacyIds(staff, listed).rest(everyone).build());
    CohortService cohorts = cohorts(g);
    for (String id : listed) {
      cohorts.assign(CohortMember.of(id, null));
    }
    for (int i = 0; i < 30; i++) {
      cohorts.assign(CohortMember.of(legacyId(), null));
    }
    cohorts.move(staff(g), staff, CohortState.GATEHOUSE, "staff first", CLIENT);
    assertThat(cohorts.forSignIn(CohortMember.of(listed[0], null))).isEqualTo(Server.GATEHOUSE);

    // An outsider's probe: unknown addresses answered by Gatehouse in the share known accounts are
    // (10 of 40), so an address Gatehouse answers is no more likely an account than another.
    int probes = 2_000;
    int byGatehouse = 0;
    for (int i = 0; i < probes; i++) {
      if (cohorts.forUnknown("probe-" + i + "@outside.test") == Server.GATEHOUSE) {
        byGatehouse++;
      }
    }
    // A binomial share's standard deviation here is under 0.01: the bound is five of them.
    assertThat(byGatehouse / (double) probes)
        .isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.05));
    // Asking again does not flip the answer, whatever the spelling's case.
    String probe = "Nobody-" + legacyId() + "@Outside.test";
    Server first = cohorts.forUnknown(probe);
    for (int i = 0; i < 5; i++) {
      assertThat(cohorts.forUnknown(probe)).isEqualTo(first);
      assertThat(cohorts.forUnknown(probe.toLowerCase(java.util.Locale.ROOT))).isEqualTo(first);
    }
    assertThat(cohorts.assignment(probe)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aStepHoldsOnAnotherInstanceOnceItsRefreshHasPassed(StoreKind kind) {
    String cohort = fresh("c");
    CohortRule rule = CohortRule.builder().rest(cohort).build();
    GatehouseFixture here = instance(kind, rule);
    GatehouseFixture there = instance(kind, rule);
    CohortMember member = CohortMember.of(legacyId(), null);
    assertThat(cohorts(there).forSignIn(member)).isEqualTo(Server.LEGACY);

    cohorts(here).move(staff(here), cohort, CohortState.GATEHOUSE, "go", CLIENT);

    assertThat(cohorts(here).forSignIn(member)).isEqualTo(Server.GATEHOUSE);
    there.clock.advance(Duration.ofSeconds(4));
    assertThat(cohorts(there).forSignIn(member)).isEqualTo(Server.LEGACY);
    there.clock.advance(Duration.ofSeconds(1));
    assertThat(cohorts(there).forSignIn(member)).isEqualTo(Server.GATEHOUSE);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void ofTwoInstancesDecidingAtOnceOneDecisionIsKeptAndBothAnswerIt(StoreKind kind)
      throws Exception {
    String a = fresh("a");
    String b = fresh("b");
    GatehouseFixture one = instance(kind, CohortRule.builder().rest(a).build());
    GatehouseFixture two = instance(kind, CohortRule.builder().rest(b).build());
    for (int round = 0; round < 5; round++) {
      CohortMember member = CohortMember.of(legacyId(), null);
      List<String> answers =
          race(
                  List.<java.util.concurrent.Callable<CohortService.Assignment>>of(
                      () -> cohorts(one).assign(member), () -> cohorts(two).assign(member)))
              .stream()
              .map(CohortService.Assignment::cohort)
              .toList();
      String kept = cohorts(one).assignment(member.legacyId()).orElseThrow().cohort();
      assertThat(answers).containsOnly(kept);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void ofTwoStepsOfOneCohortAtOnceOneHoldsAndTheOtherIsRefused(StoreKind kind) throws Exception {
    String cohort = fresh("c");
    CohortRule rule = CohortRule.builder().rest(cohort).build();
    GatehouseFixture one = instance(kind, rule);
    GatehouseFixture two = instance(kind, rule);
    VerifiedAccessToken staffOne = staff(one);
    VerifiedAccessToken staffTwo = staff(two);
    long steps = 0;
    for (int round = 0; round < 4; round++) {
      CohortStatus before = cohorts(one).cohorts(staffOne).get(0);
      // The two states the cohort is not in: each step changes something.
      List<CohortState> targets =
          java.util.Arrays.stream(CohortState.values()).filter(t -> t != before.state()).toList();
      List<String> outcomes =
          race(
              List.of(
                  () ->
                      outcome(
                          () -> cohorts(one).move(staffOne, cohort, targets.get(0), "1", CLIENT)),
                  () ->
                      outcome(
                          () -> cohorts(two).move(staffTwo, cohort, targets.get(1), "2", CLIENT))));
      long moved = outcomes.stream().filter("moved"::equals).count();
      // One step holds; the other is refused, or came after it (it read the first's version).
      assertThat(outcomes).allMatch(o -> o.equals("moved") || o.equals("cohort_changed"));
      assertThat(moved).isBetween(1L, 2L);
      steps += moved;
      assertThat(cohorts(one).cohorts(staffOne).get(0).version()).isEqualTo(steps);
    }
    long audited =
        audit(one, staffOne.userPublicId(), "CohortMoved").size()
            + audit(two, staffTwo.userPublicId(), "CohortMoved").size();
    assertThat(audited).isEqualTo(steps);
  }

  private static String outcome(Runnable step) {
    try {
      step.run();
      return "moved";
    } catch (dev.gatehouse.core.error.AuthException e) {
      return e.code();
    }
  }

  /** Runs the calls at once, each on a thread of its own released by one latch; their answers. */
  private static <T> List<T> race(List<java.util.concurrent.Callable<T>> calls) throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(calls.size());
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<T>> futures = new java.util.ArrayList<>();
      for (var call : calls) {
        futures.add(
            pool.submit(
                () -> {
                  if (!go.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the race's start was never given");
                  }
                  return call.call();
                }));
      }
      go.countDown();
      List<T> answers = new java.util.ArrayList<>();
      for (var f : futures) {
        answers.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The administration routes as the web module calls them: a request in, an answer out. */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theRoutesListTheCohortsAndTakeAStepForStaffOnly(StoreKind kind) {
    String cohort = fresh("c");
    GatehouseFixture g = instance(kind, CohortRule.builder().rest(cohort).build());
    VerifiedAccessToken staff = staff(g);
    String address = email();
    confirmed(g, address);
    VerifiedAccessToken user = signedIn(g, address, CLIENT);
    var list = route("GET", "/cohorts");
    var step = route("POST", "/cohorts/{cohort}/state");

    var listed = list.handle(cohorts(g), request(Map.of(), Map.of(), staff));
    assertThat(listed.status()).isEqualTo(200);
    assertThat(((Map<?, ?>) listed.body()).get("cohorts").toString())
        .contains("cohort=" + cohort, "state=LEGACY", "version=0", "assigned=0");

    Map<String, Object> body = Map.of("state", "MOVING", "reason", "start");
    Map<String, String> path = Map.of("cohort", cohort);
    // A non-staff caller is refused before the body is judged; a bad state after the caller.
    assertThat(codeOf(() -> step.handle(cohorts(g), request(Map.of(), path, user))))
        .isEqualTo("forbidden");
    assertThat(
            codeOf(
                () ->
                    step.handle(
                        cohorts(g),
                        request(Map.of("state", "SIDEWAYS", "reason", "x"), path, staff))))
        .isEqualTo("invalid_cohort_step");
    var moved = step.handle(cohorts(g), request(body, path, staff));
    assertThat(moved.status()).isEqualTo(200);
    assertThat(((Map<?, ?>) moved.body()).get("state")).isEqualTo("MOVING");
    assertThat(((Map<?, ?>) moved.body()).get("version")).isEqualTo(1L);
    assertThat(cohorts(g).state(cohort)).isEqualTo(CohortState.MOVING);
  }

  @SuppressWarnings("unchecked")
  private static dev.gatehouse.core.module.ModuleRoute<CohortService> route(
      String method, String path) {
    return (dev.gatehouse.core.module.ModuleRoute<CohortService>)
        new Cohorts(CohortRule.builder().rest("x").build())
            .manifest().routes().stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .findFirst()
                .orElseThrow();
  }

  private static dev.gatehouse.core.module.Request request(
      Map<String, Object> body, Map<String, String> path, VerifiedAccessToken caller) {
    return new dev.gatehouse.core.module.Request(
        body, path, Map.of(), java.util.Optional.of(caller), CLIENT);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRefusedStepChangesNothingAndANonStaffCallerIsAudited(StoreKind kind) {
    String cohort = fresh("c");
    GatehouseFixture g = instance(kind, CohortRule.builder().rest(cohort).build());
    CohortService cohorts = cohorts(g);
    VerifiedAccessToken staff = staff(g);
    String address = email();
    confirmed(g, address);
    VerifiedAccessToken user = signedIn(g, address, CLIENT);

    assertThat(codeOf(() -> cohorts.move(user, cohort, CohortState.GATEHOUSE, "me", CLIENT)))
        .isEqualTo("forbidden");
    assertThat(audit(g, user.userPublicId(), "AdminRefused")).hasSize(1);
    assertThat(codeOf(() -> cohorts.cohorts(user))).isEqualTo("forbidden");
    assertThat(codeOf(() -> cohorts.move(staff, "nope", CohortState.GATEHOUSE, "x", CLIENT)))
        .isEqualTo("cohort_not_found");
    assertThat(codeOf(() -> cohorts.move(staff, cohort, null, "x", CLIENT)))
        .isEqualTo("invalid_cohort_step");
    assertThat(codeOf(() -> cohorts.move(staff, cohort, CohortState.GATEHOUSE, " ", CLIENT)))
        .isEqualTo("invalid_cohort_step");
    assertThat(
            codeOf(
                () -> cohorts.move(staff, cohort, CohortState.GATEHOUSE, "x".repeat(151), CLIENT)))
        .isEqualTo("invalid_cohort_step");
    assertThat(codeOf(() -> cohorts.state("nope"))).isEqualTo("cohort_not_found");

    assertThat(cohorts.state(cohort)).isEqualTo(CohortState.LEGACY);
    assertThat(audit(g, staff.userPublicId(), "CohortMoved")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aFirstStepThatLosesToAnotherInstancesFirstStepEndsItsTransactionInsteadOfCarryingOn(
      StoreKind kind) {
    String cohort = fresh("race");
    StoreFixture db = store(kind);
    java.time.Instant now = java.time.Instant.parse("2026-11-29T21:00:00Z");
    UUID by = UUID.randomUUID();
    // Both instances read version 0; the other one wrote the cohort's first row first.
    assertThat(
            db.store.<Boolean>inTransaction(
                tx -> CohortTables.writeState(tx, cohort, CohortState.MOVING, 0, now, by)))
        .isTrue();
    // This one's insert fails: on PostgreSQL that aborts the transaction, so the failure must end
    // it (and be answered outside it) rather than be caught and the transaction used on.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                db.store.inTransaction(
                    tx -> {
                      CohortTables.writeState(tx, cohort, CohortState.GATEHOUSE, 0, now, by);
                      return CohortTables.state(tx, cohort);
                    }))
        .isInstanceOf(dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException.class);
    CohortStatus kept = db.store.inTransaction(tx -> CohortTables.state(tx, cohort)).orElseThrow();
    assertThat(kept.state()).isEqualTo(CohortState.MOVING);
    assertThat(kept.version()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPasswordSignInOnGatehouseOfALegacyCohortsAccountIsRefusedAsTheForwardingWouldSendItAway(
      StoreKind kind) {
    String old = fresh("old");
    String ahead = fresh("ahead");
    String aheadId = legacyId();
    Mapping mapping = new Mapping();
    GatehouseFixture g =
        instance(
            kind,
            mapping,
            new Cohorts(CohortRule.builder().legacyIds(ahead, aheadId).rest(old).build()));
    CohortService cohorts = cohorts(g);
    // The operator's account was created on Gatehouse: no legacy account became it.
    VerifiedAccessToken staff = staff(g);
    String onLegacy = email();
    String oldId = legacyId();
    mapping.accounts.put(oldId, confirmed(g, onLegacy));
    String moved = email();
    mapping.accounts.put(aheadId, confirmed(g, moved));
    cohorts.move(staff, ahead, CohortState.GATEHOUSE, "ahead of the others", CLIENT);

    // The pages' /login/ (the same service call): the account's cohort signs in on the legacy
    // system, as the contract's forwarding would send it; nothing is assigned by the refusal.
    assertThat(
            codeOf(
                () ->
                    g.gatehouse
                        .accounts()
                        .login(
                            new LoginRequest(
                                onLegacy,
                                dev.gatehouse.core.flows.account.AccountTests.PASSWORD,
                                CLIENT))))
        .isEqualTo("cohort_on_legacy");
    assertThat(cohorts.assignment(oldId)).isEmpty();
    assertThat(signedIn(g, moved, CLIENT)).isNotNull();

    // Once its cohort moves, the same sign-in is Gatehouse's.
    cohorts.move(staff, old, CohortState.MOVING, "start", CLIENT);
    assertThat(signedIn(g, onLegacy, CLIENT)).isNotNull();
  }
}
