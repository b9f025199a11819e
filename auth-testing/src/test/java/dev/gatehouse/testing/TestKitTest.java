package dev.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsSender.SmsDeliveryException;
import dev.gatehouse.sms.SmsSender.SmsMessage;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * What the test kit's helpers promise a host's tests: a clock that moves only when told, bursts
 * released together, a delivery gate that holds sends until opened, capturing senders, and a fresh
 * database dropped on close. A helper that broke these would let a host's test pass wrongly.
 */
class TestKitTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void theClockMovesOnlyWhenTold() {
    Instant start = Instant.parse("2026-03-01T10:00:00Z");
    MutableClock clock = MutableClock.at(start);
    assertThat(clock.instant()).isEqualTo(start);
    assertThat(clock.instant()).isEqualTo(start);
    clock.advance(Duration.ofMinutes(5));
    assertThat(clock.instant()).isEqualTo(start.plusSeconds(300));
    clock.set(start.minusSeconds(60));
    assertThat(clock.millis()).isEqualTo(start.minusSeconds(60).toEpochMilli());
    assertThat(clock.withZone(ZoneId.of("Europe/Paris")).instant()).isEqualTo(clock.instant());
  }

  @Test
  void aBurstHasOneWinnerWhereOnlyOneCanWin() throws Exception {
    AtomicBoolean taken = new AtomicBoolean();
    assertThat(Bursts.countTrue(40, () -> taken.compareAndSet(false, true))).isEqualTo(1);
  }

  @Test
  void aBurstAnswersInSubmissionOrderAndRunsEveryCopy() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    List<Integer> answers = Bursts.run(12, 3, () -> ran.incrementAndGet() > 0 ? 7 : 0);
    assertThat(answers).hasSize(12).containsOnly(7);
    assertThat(ran).hasValue(12);
  }

  @Test
  void aBurstPassesOnACopysFailure() {
    assertThatThrownBy(
            () ->
                Bursts.run(
                    4,
                    () -> {
                      throw new IllegalStateException("refused");
                    }))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("refused");
  }

  @Test
  void aShutGateHoldsTheSendUntilOpened() throws Exception {
    CapturingEmailSender capturing = new CapturingEmailSender();
    DeliveryGate gate = DeliveryGate.shut();
    EmailSender guarded = gate.guard(capturing);
    assertThat(guarded.providerName()).isEqualTo("capturing");
    CompletableFuture<EmailSender.EmailReceipt> send =
        CompletableFuture.supplyAsync(() -> guarded.send(mail("ada@example.com")));
    assertThat(gate.awaitStarted(1, WAIT)).isTrue();
    assertThat(gate.started()).isEqualTo(1);
    assertThat(send).isNotDone();
    assertThat(capturing.sent()).isEmpty();
    assertThat(gate.awaitFinished(1, Duration.ofMillis(1))).isFalse();
    gate.open();
    assertThat(gate.awaitFinished(1, WAIT)).isTrue();
    assertThat(send.get(WAIT.toSeconds(), TimeUnit.SECONDS).provider()).isEqualTo("capturing");
    assertThat(capturing.sent()).hasSize(1);
  }

  @Test
  void aGateCountsAFailedSendAsFinished() throws Exception {
    CapturingSmsSender capturing = new CapturingSmsSender();
    capturing.failWith(new SmsDeliveryException("down", true, null, null));
    DeliveryGate gate = DeliveryGate.shut();
    gate.open();
    SmsSender guarded = gate.guard(capturing);
    assertThatThrownBy(() -> guarded.send(new SmsMessage("+14155550100", "code 1", "Gate")))
        .isInstanceOf(SmsDeliveryException.class);
    assertThat(gate.awaitFinished(1, WAIT)).isTrue();
    assertThat(capturing.sent()).isEmpty();
  }

  @Test
  void theCapturingEmailSenderFindsTheNewestMessageToAnAddressAndFailsWhenTold() {
    CapturingEmailSender email = new CapturingEmailSender();
    String first = email.send(mail("Ada@Example.com")).providerMessageId();
    String second = email.send(mail("bob@example.com")).providerMessageId();
    email.send(new EmailMessage("ada@example.com", "no-reply@example.com", "again", "2", null));
    assertThat(first).isNotEqualTo(second);
    assertThat(email.lastTo("ADA@example.com"))
        .get()
        .extracting(EmailMessage::subject)
        .isEqualTo("again");
    assertThat(email.lastTo("eve@example.com")).isEmpty();
    email.failWith(new EmailDeliveryException("down", true, null));
    assertThatThrownBy(() -> email.send(mail("ada@example.com")))
        .isInstanceOf(EmailDeliveryException.class);
    assertThat(email.sent()).hasSize(3);
    email.failWith(null);
    email.clear();
    email.send(mail("ada@example.com"));
    assertThat(email.sent()).hasSize(1);
  }

  @Test
  void theCapturingSmsSenderFindsTheNewestMessageToANumber() {
    CapturingSmsSender sms = new CapturingSmsSender();
    sms.send(new SmsMessage("+14155550100", "first", "Gate"));
    sms.send(new SmsMessage("+14155550100", "second", "Gate"));
    assertThat(sms.lastTo("+14155550100")).get().extracting(SmsMessage::body).isEqualTo("second");
    assertThat(sms.lastTo("+14155550199")).isEmpty();
    sms.clear();
    assertThat(sms.sent()).isEmpty();
  }

  @ParameterizedTest
  @ArgumentsSource(TestDatabase.EnabledDatabases.class)
  void aTestDatabaseIsFreshAndIsDroppedOnClose(DatabaseKind kind) throws SQLException {
    TestDatabase one = TestDatabase.create(kind);
    TestDatabase two = TestDatabase.create(kind);
    assertThat(one.name()).isNotEqualTo(two.name());
    try (Connection c = one.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kit_probe (id INT PRIMARY KEY)");
      s.execute("INSERT INTO kit_probe VALUES (1)");
    }
    try (Connection c = two.dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT id FROM kit_probe"))
          .isInstanceOf(SQLException.class);
    }
    two.close();
    one.close();
    if (kind == DatabaseKind.H2) {
      // An H2 database in memory that was shut down starts empty when opened again.
      try (Connection c = one.connect();
          Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.executeQuery("SELECT id FROM kit_probe"))
            .isInstanceOf(SQLException.class);
      }
      return;
    }
    try (TestDatabase other = TestDatabase.create(kind);
        Connection c = other.connect();
        Statement s = c.createStatement()) {
      // A PostgreSQL test database is a schema, a MariaDB one a database: both are listed here.
      String sql =
          "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
              + one.name()
              + "'";
      try (ResultSet r = s.executeQuery(sql)) {
        assertThat(r.next()).isTrue();
        assertThat(r.getInt(1)).isZero();
      }
    }
  }

  @Test
  void aMariaDbUrlGetsTheDatabaseItNames() {
    assertThat(TestDatabase.replaceDatabase("jdbc:mariadb://h:3306/test?user=root", "gh_x"))
        .isEqualTo("jdbc:mariadb://h:3306/gh_x?user=root");
    assertThat(TestDatabase.replaceDatabase("jdbc:mariadb://h:3306?user=root", "gh_x"))
        .isEqualTo("jdbc:mariadb://h:3306/gh_x?user=root");
    assertThat(TestDatabase.replaceDatabase("jdbc:mariadb://h:3306/test", "gh_x"))
        .isEqualTo("jdbc:mariadb://h:3306/gh_x");
  }

  private static EmailMessage mail(String to) {
    return new EmailMessage(to, "no-reply@example.com", "subject", "body", null);
  }
}
