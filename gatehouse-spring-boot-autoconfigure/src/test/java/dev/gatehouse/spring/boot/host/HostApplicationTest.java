package dev.gatehouse.spring.boot.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

/**
 * A new Spring Boot host on the starter — six entity subclasses, one changelog include, a few lines
 * of {@code application.yml} — runs the whole account life cycle through the {@link Gatehouse}
 * bean, on every enabled database (H2 always; PostgreSQL and MariaDB when their URLs are set, and
 * required with {@code GATEHOUSE_REQUIRE_DBS=true}).
 */
class HostApplicationTest {
  private static final String PASSWORD = "correct horse battery staple";

  static List<DatabaseKind> databases() {
    return TestDatabase.enabledKinds();
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aNewHostRegistersConfirmsLogsInRefreshesAndLogsOut(DatabaseKind kind) {
    try (RunningHost host = RunningHost.start(kind)) {
      Gatehouse gatehouse = host.gatehouse();
      List<AuthEvent> events = new CopyOnWriteArrayList<>();
      host.context.addApplicationListener(
          (ApplicationListener<PayloadApplicationEvent<AuthEvent>>)
              e -> events.add(e.getPayload()));
      String address = unique("alice-");

      gatehouse
          .accounts()
          .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
      // The host's table names came from its entities, through the starter, to Liquibase.
      assertThat(host.count("select count(*) from app_user where email_normalized = ?", address))
          .isOne();
      gatehouse.accounts().confirmEmail(host.tokenSentTo(address));

      TokenPair login =
          gatehouse.accounts().login(LoginRequest.of(address, PASSWORD)).orElseThrow().tokens();
      VerifiedAccessToken verified = gatehouse.sessions().verifyAccessToken(login.accessToken());
      assertThat(verified.sessionId()).isEqualTo(login.sessionId());

      TokenPair refreshed = gatehouse.sessions().refresh(login.refreshToken(), ClientInfo.web());
      assertThat(refreshed.sessionId()).isEqualTo(login.sessionId());
      assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken());

      assertThat(gatehouse.sessions().logoutWithRefreshToken(refreshed.refreshToken())).isTrue();
      assertThatThrownBy(
              () -> gatehouse.sessions().refresh(refreshed.refreshToken(), ClientInfo.web()))
          .isInstanceOf(AuthException.class);

      assertThat(events)
          .hasAtLeastOneElementOfType(AuthEvent.Registered.class)
          .hasAtLeastOneElementOfType(AuthEvent.EmailVerified.class)
          .hasAtLeastOneElementOfType(AuthEvent.LoggedIn.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aRolledBackTransactionalMethodLeavesNoUserAndSendsNoEmail(DatabaseKind kind) {
    try (RunningHost host = RunningHost.start(kind)) {
      HostOrders orders = host.bean(HostOrders.class);
      String address = unique("rollback-");

      assertThatThrownBy(() -> orders.orderAndRegister("order-" + address, address, PASSWORD, true))
          .hasMessage("the payment failed");

      assertThat(host.count("select count(*) from host_order where note = ?", "order-" + address))
          .isZero();
      assertThat(host.count("select count(*) from app_user where email_normalized = ?", address))
          .isZero();
      assertThat(host.gatehouse().deliverPending()).isZero();
      assertThat(host.email().lastTo(address)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aCommittedTransactionalMethodKeepsBothWritesAndThenSendsTheEmail(DatabaseKind kind) {
    try (RunningHost host = RunningHost.start(kind)) {
      HostOrders orders = host.bean(HostOrders.class);
      String address = unique("commit-");

      orders.orderAndRegister("order-" + address, address, PASSWORD, false);

      assertThat(host.count("select count(*) from host_order where note = ?", "order-" + address))
          .isOne();
      assertThat(host.count("select count(*) from app_user where email_normalized = ?", address))
          .isOne();
      assertThat(host.email().lastTo(address)).isPresent();
    }
  }
}
