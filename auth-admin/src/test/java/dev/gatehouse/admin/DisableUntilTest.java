package dev.gatehouse.admin;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static dev.gatehouse.core.flows.account.AccountTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.EveryStore;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Disabling until a time (issue 61, item 1: "disable with a reason and an optional end"): the end
 * kept in the module's table ({@link Administration#CHANGELOG}) on H2, PostgreSQL and MariaDB, the
 * sweep that enables the account once it has passed, on the in-memory store too (through the
 * store's module tables), and a database without the changelog.
 */
class DisableUntilTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");
  private static final Set<String> MIGRATED = new HashSet<>();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** The kind's store (H2, PostgreSQL, MariaDB), migrated with the module's changelog too. */
  private static synchronized StoreFixture store(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    if (db instanceof JpaFixture jpa && MIGRATED.add(kind.name())) {
      GatehouseMigrations.migrate(jpa.db.dataSource(), Administration.CHANGELOG, jpa.entities);
    }
    return db;
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(store(kind), b -> b, AdminServiceTest::installed);
  }

  private static VerifiedAccessToken staff(GatehouseFixture g) {
    String address = email();
    UUID id = confirmed(g, address);
    updateUser(g, id, u -> u.staff(true));
    return signedIn(g, address, CLIENT);
  }

  private static TokenPair session(GatehouseFixture g, String address) {
    return g.gatehouse.accounts().login(LoginRequest.of(address, PASSWORD)).orElseThrow().tokens();
  }

  private static List<AuditEntry> actions(GatehouseFixture g, UUID subject, String action) {
    return g.db.store.inTransaction(tx -> tx.audit().forSubject(subject, 50)).stream()
        .filter(e -> e.event().equals("AdminAction") && action.equals(e.method()))
        .toList();
  }

  private static boolean active(GatehouseFixture g, String address) {
    return user(g, address).orElseThrow().active();
  }

  /** Sweeps every end left by earlier tests on the shared database, far beyond any of them. */
  private static void sweepAll(GatehouseFixture g) {
    g.gatehouse
        .feature(AdminService.class)
        .enableExpired(g.clock.instant().plus(Duration.ofDays(4000)));
  }

  @EveryStore("the end in the module's table, read by the sweep")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anAccountDisabledUntilATimeSignsInAgainOnlyOnceTheSweepRanAfterIt(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = g.gatehouse.feature(AdminService.class);
    VerifiedAccessToken staff = staff(g);
    String address = email();
    UUID id = confirmed(g, address);
    TokenPair live = session(g, address);
    Instant end = g.clock.instant().plus(Duration.ofHours(1));

    assertThat(admin.disable(staff, id, "cooling off", end, CLIENT).active()).isFalse();
    assertThat(codeOf(() -> g.gatehouse.sessions().refresh(live.refreshToken(), CLIENT)))
        .isNotNull();
    assertThat(codeOf(() -> g.gatehouse.accounts().login(LoginRequest.of(address, PASSWORD))))
        .isEqualTo("invalid_credentials");
    assertThat(admin.picture(staff, id).disabledUntil()).isEqualTo(end);
    assertThat(actions(g, id, "disable"))
        .singleElement()
        .extracting(AuditEntry::detail)
        .isEqualTo("by " + staff.userPublicId() + ": until " + end + ": cooling off");

    // A second before the end, the sweep leaves the account disabled.
    g.clock.advance(Duration.ofHours(1).minusSeconds(1));
    admin.enableExpired(g.clock.instant());
    assertThat(active(g, address)).isFalse();
    assertThat(codeOf(() -> g.gatehouse.accounts().login(LoginRequest.of(address, PASSWORD))))
        .isEqualTo("invalid_credentials");

    // At the end the account stays refused until the sweep runs; then it signs in.
    g.clock.advance(Duration.ofSeconds(1));
    assertThat(codeOf(() -> g.gatehouse.accounts().login(LoginRequest.of(address, PASSWORD))))
        .isEqualTo("invalid_credentials");
    assertThat(admin.enableExpired(g.clock.instant())).isGreaterThanOrEqualTo(1);
    assertThat(active(g, address)).isTrue();
    assertThat(session(g, address)).isNotNull();
    assertThat(admin.picture(staff, id).disabledUntil()).isNull();
    List<AuditEntry> ended = actions(g, id, "disable_ended");
    assertThat(ended).singleElement().extracting(AuditEntry::actor).isEqualTo("admin");
    assertThat(ended.get(0).detail()).isEqualTo("by " + staff.userPublicId());

    // Once taken, the end is gone: a later sweep changes nothing more.
    admin.enableExpired(g.clock.instant().plus(Duration.ofDays(1)));
    assertThat(actions(g, id, "disable_ended")).hasSize(1);
  }

  @EveryStore("the end removed from the module's table")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anEnableOrADisableWithoutEndRemovesTheEnd(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = g.gatehouse.feature(AdminService.class);
    VerifiedAccessToken staff = staff(g);
    String enabledEarly = email();
    UUID early = confirmed(g, enabledEarly);
    String forGood = email();
    UUID good = confirmed(g, forGood);
    Instant end = g.clock.instant().plus(Duration.ofDays(2));

    admin.disable(staff, early, "cooling off", end, CLIENT);
    admin.enable(staff, early, CLIENT);
    admin.disable(staff, early, "again, for good", CLIENT);
    admin.disable(staff, good, "cooling off", end, CLIENT);
    assertThat(admin.picture(staff, good).disabledUntil()).isEqualTo(end);
    admin.disable(staff, good, "for good after all", null, CLIENT);
    assertThat(admin.picture(staff, good).disabledUntil()).isNull();

    admin.enableExpired(end.plus(Duration.ofDays(1)));
    assertThat(active(g, enabledEarly)).isFalse();
    assertThat(active(g, forGood)).isFalse();
    assertThat(actions(g, early, "disable_ended")).isEmpty();
    assertThat(actions(g, good, "disable_ended")).isEmpty();

    // A new end replaces the old one.
    admin.enable(staff, good, CLIENT);
    admin.disable(staff, good, "short", end, CLIENT);
    Instant later = end.plus(Duration.ofDays(3));
    admin.disable(staff, good, "longer", later, CLIENT);
    admin.enableExpired(end.plusSeconds(1));
    assertThat(active(g, forGood)).isFalse();
    admin.enableExpired(later);
    assertThat(active(g, forGood)).isTrue();
  }

  @EveryStore("nothing written to the module's table")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anEndThatHasPassedOrIsTooFarIsRefusedAndChangesNothing(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = g.gatehouse.feature(AdminService.class);
    VerifiedAccessToken staff = staff(g);
    String plainAddress = email();
    confirmed(g, plainAddress);
    VerifiedAccessToken plain = signedIn(g, plainAddress, CLIENT);
    String address = email();
    UUID id = confirmed(g, address);
    Instant now = g.clock.instant();

    for (Instant bad :
        List.of(now, now.minusSeconds(1), now.plus(Duration.ofDays(3654)), Instant.EPOCH)) {
      assertThat(codeOf(() -> admin.disable(staff, id, "why", bad, CLIENT)))
          .isEqualTo("invalid_disable_end");
    }
    // The permission first: a caller who is not staff learns nothing of the end's checks.
    assertThat(codeOf(() -> admin.disable(plain, id, "why", now.minusSeconds(1), CLIENT)))
        .isEqualTo("forbidden");
    assertThat(active(g, address)).isTrue();
    assertThat(actions(g, id, "disable")).isEmpty();
  }

  @EveryStore("two sweeps racing over the module's table")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void twoNodesSweepingAtOnceEnableTheAccountOnceWithOneAuditEntry(StoreKind kind)
      throws Exception {
    GatehouseFixture one = gatehouse(kind);
    GatehouseFixture other = gatehouse(kind);
    sweepAll(one);
    AdminService admin = one.gatehouse.feature(AdminService.class);
    VerifiedAccessToken staff = staff(one);
    String address = email();
    UUID id = confirmed(one, address);
    Instant end = one.clock.instant().plus(Duration.ofMinutes(5));
    admin.disable(staff, id, "cooling off", end, CLIENT);

    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> sweeps =
          List.of(one, other).stream()
              .map(
                  node ->
                      pool.submit(
                          () -> {
                            assertThat(start.await(30, TimeUnit.SECONDS)).isTrue();
                            return node.gatehouse
                                .feature(AdminService.class)
                                .enableExpired(end.plusSeconds(1));
                          }))
              .toList();
      start.countDown();
      int enabled = 0;
      for (Future<Integer> sweep : sweeps) {
        enabled += sweep.get(60, TimeUnit.SECONDS);
      }
      assertThat(enabled).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(active(one, address)).isTrue();
    assertThat(actions(one, id, "disable_ended")).hasSize(1);
  }

  @Test
  void theInMemoryStoreKeepsTheEndAndTheSweepEnablesTheAccountAfterIt() {
    GatehouseFixture g =
        new GatehouseFixture(
            new StoreFixture(new dev.gatehouse.testing.InMemoryAuthStore()),
            b -> b,
            AdminServiceTest::installed);
    AdminService admin = g.gatehouse.feature(AdminService.class);
    VerifiedAccessToken staff = staff(g);
    String address = email();
    UUID id = confirmed(g, address);
    Instant end = g.clock.instant().plus(Duration.ofHours(1));

    assertThat(admin.disable(staff, id, "cooling off", end, CLIENT).active()).isFalse();
    assertThat(admin.picture(staff, id).disabledUntil()).isEqualTo(end);
    assertThat(admin.enableExpired(end.minusSeconds(1))).isZero();
    assertThat(active(g, address)).isFalse();
    assertThat(admin.enableExpired(end)).isEqualTo(1);
    assertThat(active(g, address)).isTrue();
    assertThat(admin.picture(staff, id).disabledUntil()).isNull();
    assertThat(actions(g, id, "disable_ended")).hasSize(1);
  }

  @Test
  void aDatabaseWithoutTheModulesTableRefusesAnEndNamingTheChangelogAndDisablesWithoutOne() {
    try (JpaFixture bare = JpaFixture.create(DatabaseKind.H2)) {
      GatehouseFixture g = new GatehouseFixture(bare, b -> b, AdminServiceTest::installed);
      AdminService admin = g.gatehouse.feature(AdminService.class);
      VerifiedAccessToken staff = staff(g);
      String address = email();
      UUID id = confirmed(g, address);

      assertThatThrownBy(
              () ->
                  admin.disable(
                      staff, id, "cooling off", g.clock.instant().plusSeconds(60), CLIENT))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(Administration.CHANGELOG);
      assertThat(active(g, address)).isTrue();
      assertThat(actions(g, id, "disable")).isEmpty();

      assertThat(admin.disable(staff, id, "for good", CLIENT).active()).isFalse();
      assertThat(admin.picture(staff, id).disabledUntil()).isNull();
      assertThat(admin.enableExpired(g.clock.instant().plus(Duration.ofDays(1)))).isZero();
      assertThat(admin.enable(staff, id, CLIENT).active()).isTrue();
    }
  }
}
