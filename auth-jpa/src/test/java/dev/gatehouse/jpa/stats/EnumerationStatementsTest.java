package dev.gatehouse.jpa.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Existence leaks through time only if the two paths do different work before the answer (issue 36,
 * finding 2). For every flow that answers the same whether an address has an account or not, the
 * request for an address with an account and the request for one without issue the very same SQL
 * statements, in the same order, on the request's thread: what depends on the account happens after
 * the answer, on a delivery worker. (The rank test over real requests is the benchmark harness's
 * {@code enumeration} part; figures in {@code docs/BENCHMARKS.md}.)
 */
class EnumerationStatementsTest {
  private static final String PASSWORD = "correct horse battery staple";

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void knownAndUnknownAddressesIssueTheSameStatementsBeforeTheAnswer(DatabaseKind kind) {
    CountingDataSource counter = CountingDataSource.create();
    try (JpaFixture db = JpaFixture.create(kind, counter::wrap)) {
      GatehouseFixture f =
          new GatehouseFixture(
              db,
              b ->
                  b.set(OtpSettings.OTP_RESEND_COOLDOWN, Duration.ZERO)
                      .set(ThrottleSettings.OTP_MAX_PER_IP, 100_000)
                      .set(ThrottleSettings.OTP_MAX_PER_DESTINATION, 1000)
                      .set(OtpSettings.OTP_SIGNUP_ALLOWED, false),
              // Deliveries wait: only the request's own statements are counted.
              g -> g.dispatchDeliveries(false));
      Gatehouse g = f.gatehouse;
      ClientInfo client = ClientInfo.web("203.0.113.9");

      assertSame(
          "password reset request", counter, f, email -> g.accounts().requestPasswordReset(email));
      assertSame(
          "confirmation resend", counter, f, email -> g.accounts().resendConfirmation(email));
      assertSame(
          "one-time code request",
          counter,
          f,
          email ->
              g.otp()
                  .request(
                      OtpRequest.of(email, OtpChannel.EMAIL, OtpPurpose.LOGIN).withClient(client)));
    }
  }

  /**
   * Runs {@code request} for a known and an unknown address, twice each (the first run of each
   * creates the shared rows a busy system has), and compares the second runs' statements.
   */
  private static void assertSame(
      String flow, CountingDataSource counter, GatehouseFixture f, Consumer<String> request) {
    List<String> known = null;
    List<String> unknown = null;
    for (int round = 0; round < 2; round++) {
      String existing = account(f, round == 0);
      String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
      counter.take();
      request.accept(existing);
      known = counter.take();
      request.accept(nobody);
      unknown = counter.take();
      f.gatehouse.deliverPending();
      counter.take();
    }
    assertThat(unknown)
        .as(
            "%s: the statements for an address with no account%n%s%n  against%n%s",
            flow, String.join("\n", unknown), String.join("\n", known))
        .isEqualTo(known);
  }

  /** A fresh account, unconfirmed (so a resend has something to resend). */
  private static String account(GatehouseFixture f, boolean first) {
    Gatehouse g = f.gatehouse;
    String email = "known-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    String hash = g.passwordHashing().hash(PASSWORD);
    Instant now = f.clock.instant();
    f.db.store.inTransaction(
        tx -> {
          AccountFactory accounts = AccountFactory.of(g.config());
          UserRecord u =
              accounts.insertUser(
                  tx, UserRecord.newAccount(now).email(email, email).passwordHash(hash).build());
          accounts.addDefaultProfile(tx, u.publicId(), now);
          return null;
        });
    return email;
  }
}
