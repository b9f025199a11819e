package dev.gatehouse.core.flows.host;

import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.testing.OneDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Rotating {@code gatehouse.secret-key}: with the replaced key in {@code
 * gatehouse.previous-secret-keys}, what an instance sealed under it before the rotation (an outbox
 * message waiting to be sent) still works on an instance started after it; without it, it does not
 * (a social sign-in in progress: auth-social's {@code SocialSecretRotationTest}).
 */
@OneDatabase("what a rotated key still opens; the rows it reads are the store contract's")
class SecretRotationTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final String OLD = "test-secret-key-0123456789abcdef-0123456789";
  private static final String NEW = "a-rotated-secret-key-0123456789abcdef-0123";

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** An instance on {@code db} that only records messages (a web node; another one sends). */
  private static GatehouseFixture recording(StoreFixture db, String secret) {
    return new GatehouseFixture(
        db, b -> b.set(GatehouseConfig.SECRET_KEY, secret), g -> g.dispatchDeliveries(false));
  }

  private static GatehouseFixture sending(StoreFixture db, String secret, List<String> previous) {
    return new GatehouseFixture(
        db,
        b ->
            b.set(GatehouseConfig.SECRET_KEY, secret)
                .set(GatehouseConfig.PREVIOUS_SECRET_KEYS, previous));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anOutboxMessageRecordedBeforeTheKeyWasRotatedIsSentAfterIt(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    GatehouseFixture before = recording(db, OLD);

    String lost = email();
    register(before, lost);
    GatehouseFixture withoutPrevious = sending(db, NEW, List.of());
    withoutPrevious.gatehouse.deliverPending();
    assertThat(withoutPrevious.email.lastTo(lost))
        .as("unopenable under the new key only")
        .isEmpty();

    String kept = email();
    register(before, kept);
    assertThat(before.email.lastTo(kept)).as("recorded, not sent").isEmpty();
    GatehouseFixture after = sending(db, NEW, List.of(OLD));
    after.gatehouse.deliverPending();
    assertThat(after.email.lastTo(kept).orElseThrow().textBody())
        .contains("https://app.example.test/");
  }
}
