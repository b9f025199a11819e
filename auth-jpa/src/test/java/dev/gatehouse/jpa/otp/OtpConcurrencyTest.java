package dev.gatehouse.jpa.otp;

import static dev.gatehouse.core.flows.otp.OtpWorld.gatehouse;
import static dev.gatehouse.core.flows.otp.OtpWorld.phone;
import static dev.gatehouse.core.flows.otp.OtpWorld.smsCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.Bursts;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class OtpConcurrencyTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void ofOneHundredConcurrentVerificationsOfTheRightCodeExactlyOneSucceeds(DatabaseKind kind)
      throws Exception {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    f.gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    String code = smsCode(f, phone);
    Set<String> refusals = ConcurrentHashMap.newKeySet();
    int ok = race(100, () -> verify(f.gatehouse.otp(), phone, code, refusals));
    assertThat(ok).isEqualTo(1);
    assertThat(refusals).containsOnly("otp_used");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void twoLibraryInstancesOnOneDatabaseStillConsumeACodeOnce(DatabaseKind kind) throws Exception {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    // A second application instance: its own pool and EntityManagerFactory, same database.
    try (HikariDataSource pool = JpaFixture.of(f).db.newPool(20)) {
      EntityManagerFactory emf2 =
          GatehouseJpa.bootstrap(pool, JpaFixture.of(f).entities, List.of());
      try {
        Gatehouse second =
            Gatehouse.builder(
                    f.gatehouse.config(), new JpaAuthStore(emf2, JpaFixture.of(f).entities))
                .smsSender(f.sms)
                .emailSender(f.email)
                .deliveryExecutor(Runnable::run)
                .build();
        String phone = phone();
        second.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
        String code = smsCode(f, phone);
        Set<String> refusals = ConcurrentHashMap.newKeySet();
        AtomicInteger turn = new AtomicInteger();
        int ok =
            race(
                100,
                () ->
                    verify(
                        (turn.incrementAndGet() % 2 == 0 ? second : f.gatehouse).otp(),
                        phone,
                        code,
                        refusals));
        assertThat(ok).isEqualTo(1);
        assertThat(refusals).containsOnly("otp_used");
      } finally {
        emf2.close();
      }
    }
  }

  private static boolean verify(OtpService otp, String phone, String code, Set<String> refusals) {
    try {
      otp.verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, code);
      return true;
    } catch (AuthException e) {
      refusals.add(e.code());
      return false;
    }
  }

  /**
   * Runs {@code n} copies of {@code task} from one starting gun; answers how many returned true.
   */
  static int race(int n, Callable<Boolean> task) throws Exception {
    return Bursts.countTrue(n, task);
  }
}
