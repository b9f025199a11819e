package dev.gatehouse.jpa.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.account.AccountTests;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Property (jqwik, on H2): whatever sequence of wrong passwords, right passwords and waits the
 * generator interleaves, the account's and the client IP's failure counters never go below zero or
 * above the limit that stops evaluation, and a refused attempt is never counted.
 */
class ThrottleCounterPropertiesTest {
  private static final int MAX = 5;
  private static final int MAX_PER_IP = 7;
  private static final String OTHER_IP = "192.0.2.77";
  private static JpaFixture db;

  private static synchronized JpaFixture db() {
    if (db == null) {
      db = JpaFixture.create(DatabaseKind.H2);
    }
    return db;
  }

  @AfterContainer
  static void drop() {
    if (db != null) {
      db.close();
      db = null;
    }
  }

  /** 0: a wrong password; 1: the right one; 2: a minute passes; 3: another client IP guesses. */
  @Property(tries = 30)
  void countersStayWithinZeroAndTheLimit(
      @ForAll @Size(min = 1, max = 25) List<@IntRange(min = 0, max = 3) Integer> steps) {
    GatehouseFixture g =
        new GatehouseFixture(
            db(),
            b ->
                b.set(ThrottleSettings.LOGIN_MAX_FAILURES, MAX)
                    .set(ThrottleSettings.LOGIN_DELAY_AFTER, MAX - 2)
                    .set(ThrottleSettings.LOGIN_MAX_FAILURES_PER_IP, MAX_PER_IP));
    AccountService accounts = g.gatehouse.accounts();
    String email = AccountTests.email();
    UUID id = AccountTests.confirmed(g, email);
    String ip = "198.51.100." + (1 + Math.floorMod(email.hashCode(), 250));
    for (int step : steps) {
      switch (step) {
        case 0 -> attempt(accounts, email, "wrong-password-0", ip);
        case 1 -> attempt(accounts, email, AccountTests.PASSWORD, ip);
        case 2 -> g.clock.advance(Duration.ofMinutes(1));
        default -> attempt(accounts, email, "wrong-password-1", OTHER_IP);
      }
      long account = count(g, "login:user:" + id);
      assertThat(account).isBetween(0L, (long) MAX);
      assertThat(count(g, "login:ip:" + ip)).isBetween(0L, (long) MAX_PER_IP);
      assertThat(count(g, "login:ip:" + OTHER_IP)).isBetween(0L, (long) MAX_PER_IP);
    }
  }

  private static void attempt(AccountService accounts, String email, String password, String ip) {
    try {
      accounts.login(new LoginRequest(email, password, ClientInfo.web(ip)));
    } catch (AuthException refusedOrWrong) {
      // invalid_credentials, rate_limited or account_locked: the counters say what was counted
    }
  }

  private static long count(GatehouseFixture g, String key) {
    return g.db
        .store
        .inTransaction(tx -> tx.counters().find(key))
        .map(CounterState::count)
        .orElse(0L);
  }
}
