package dev.gatehouse.jpa.account;

import static dev.gatehouse.core.flows.account.AccountTests.burst;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.failures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Login bursts on MariaDB with {@code innodb_snapshot_isolation} on (the default from 11.6.2): a
 * counter upsert after a read in the same transaction fails with error 1020 when a concurrent login
 * committed to that counter in between. Those logins must be refused or evaluated, never fail with
 * {@code storage_failed}. The variable is set per session on the store's connections; the server's
 * global setting stays as it is.
 */
class SnapshotIsolationLoginTest {
  private static JpaFixture db;

  @BeforeAll
  static void snapshotIsolationDatabase() {
    assumeTrue(
        TestDatabase.enabledKinds().contains(DatabaseKind.MARIADB),
        "MariaDB is not configured (GATEHOUSE_TEST_MARIADB_URL)");
    db = JpaFixture.create(DatabaseKind.MARIADB, SnapshotIsolationLoginTest::snapshotIsolation);
    try (Connection c = db.db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select @@session.innodb_snapshot_isolation")) {
      r.next();
    } catch (SQLException e) {
      db.close();
      db = null;
      assumeTrue(
          false, "this MariaDB server has no innodb_snapshot_isolation (before 10.6.18/10.11.8)");
    }
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void theStoreConnectionsHaveSnapshotIsolationOn() throws SQLException {
    try (Connection c = snapshotIsolation(db.db.dataSource()).getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select @@session.innodb_snapshot_isolation")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getInt(1)).isEqualTo(1);
    }
  }

  /** As {@code LoginTest.parallelGuessesFromOneIpEvaluateNoMoreThanItsLimit}. */
  @Test
  void parallelGuessesFromOneIpAreEvaluatedOrLimitedNeverStorageFailures() throws Exception {
    GatehouseFixture g =
        new GatehouseFixture(db, b -> b.set(ThrottleSettings.LOGIN_MAX_FAILURES_PER_IP, 5));
    ClientInfo client = ClientInfo.web("10.20." + (int) (Math.random() * 250) + ".1");
    List<String> codes =
        burst(
            40,
            () ->
                codeOf(
                    () ->
                        g.gatehouse
                            .accounts()
                            .login(new LoginRequest(email(), "wrong-password", client))));
    assertThat(codes).containsOnly("invalid_credentials", "rate_limited");
    assertThat(codes).filteredOn("invalid_credentials"::equals).hasSize(5);
  }

  /** As the first burst of {@code LoginTest.burstsFromNewIpsAtADelayedAccount...}. */
  @Test
  void burstsFromNewIpsAtOneAccountAreEvaluatedOrLimitedNeverStorageFailures() throws Exception {
    GatehouseFixture g = new GatehouseFixture(db);
    int delayAfter = g.gatehouse.config().get(ThrottleSettings.LOGIN_DELAY_AFTER);
    int max = g.gatehouse.config().get(ThrottleSettings.LOGIN_MAX_FAILURES);
    int allowed = Math.min(Math.max(delayAfter, 1), max);
    String email = email();
    UUID id = confirmed(g, email);
    List<String> codes =
        burst(
            16,
            () ->
                codeOf(
                    () ->
                        g.gatehouse
                            .accounts()
                            .login(
                                new LoginRequest(
                                    email,
                                    "wrong-password",
                                    ClientInfo.web(
                                        "10.30."
                                            + (int) (Math.random() * 250)
                                            + "."
                                            + (int) (Math.random() * 250))))));
    String limited = allowed >= max ? "account_locked" : "rate_limited";
    assertThat(codes).containsOnly("invalid_credentials", limited);
    assertThat(codes).filteredOn("invalid_credentials"::equals).hasSize(allowed);
    assertThat(failures(g, id)).isEqualTo(allowed);
  }

  /** {@code ds} whose connections run with {@code innodb_snapshot_isolation} on. */
  private static DataSource snapshotIsolation(DataSource ds) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(ds, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result instanceof Connection c) {
                try (Statement s = c.createStatement()) {
                  s.execute("set session innodb_snapshot_isolation = on");
                }
              }
              return result;
            });
  }
}
