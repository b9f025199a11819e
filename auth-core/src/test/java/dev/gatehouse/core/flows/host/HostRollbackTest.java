package dev.gatehouse.core.flows.host;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A flow run inside a transaction the caller opened on the store joins it: the caller's rollback
 * takes the flow's writes with it and nothing is sent, on every store.
 */
class HostRollbackTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropStores() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRegistrationInsideARolledBackTransactionLeavesNothingAndSendsNothing(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    String email = email();
    RegistrationRequest request =
        RegistrationRequest.builder().email(email).password(PASSWORD).build();

    assertThatThrownBy(
            () ->
                g.db.store.inTransaction(
                    tx -> {
                      g.gatehouse.accounts().register(request);
                      assertThat(tx.users().findByEmail(email)).isPresent();
                      throw new IllegalStateException("the host's own work failed");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the host's own work failed");
    assertThat(user(g, email)).isEmpty();
    assertThat(g.email.lastTo(email)).isEmpty();
    assertThat(g.events).noneMatch(e -> e instanceof AuthEvent.Registered);

    g.db.store.inTransaction(
        tx -> {
          g.gatehouse.accounts().register(request);
          return null;
        });
    assertThat(user(g, email)).isPresent();
    assertThat(g.email.lastTo(email)).isPresent();
    assertThat(g.events).anyMatch(e -> e instanceof AuthEvent.Registered);
  }
}
