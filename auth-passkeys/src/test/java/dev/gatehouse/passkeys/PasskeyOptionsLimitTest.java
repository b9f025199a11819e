package dev.gatehouse.passkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.EveryStore;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.testing.Bursts;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A passkey sign-in option stores a challenge for anyone who asks, so one client network gets at
 * most {@code gatehouse.throttle.passkey-options.per-ip-hourly} an hour, exactly, under parallel
 * requests.
 */
class PasskeyOptionsLimitTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @EveryStore("parallel requests against the network's limit")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void passkeySignInOptionsFromOneNetworkStopAtTheDefaultLimitUnderParallelRequests(StoreKind kind)
      throws Exception {
    GatehouseFixture f =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b ->
                b.set(PasskeySettings.PASSKEY_RP_ID, "example.test")
                    .set(PasskeySettings.PASSKEY_ORIGINS, List.of("https://example.test")),
            g -> g.install(new WebAuthn4jPasskeys()));
    int max = f.gatehouse.config().get(PasskeySettings.PASSKEY_OPTIONS_MAX_PER_IP);
    ClientInfo client = ClientInfo.web("192.0.2.40");

    List<Boolean> allowed =
        Bursts.run(
            max + 10,
            16,
            () -> {
              try {
                f.gatehouse.feature(PasskeyService.class).beginSignIn(client);
                return true;
              } catch (RateLimitedException e) {
                assertThat(e.code()).isEqualTo("rate_limited");
                return false;
              }
            });

    assertThat(allowed.stream().filter(a -> a).count()).isEqualTo(max);
    assertThat(allowed.stream().filter(a -> !a).count()).isEqualTo(10);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void passkeySignInOptionsFromLoopbackAreLimitedLikeAnyClientUnlessExemptForDevelopment(
      StoreKind kind) {
    for (boolean exempt : new boolean[] {false, true}) {
      GatehouseFixture f =
          new GatehouseFixture(
              FIXTURES.get(kind),
              b ->
                  b.set(PasskeySettings.PASSKEY_RP_ID, "example.test")
                      .set(PasskeySettings.PASSKEY_ORIGINS, List.of("https://example.test"))
                      .set(ThrottleSettings.DEVELOPMENT_EXEMPT_LOOPBACK, exempt),
              g -> g.install(new WebAuthn4jPasskeys()));
      int max = f.gatehouse.config().get(PasskeySettings.PASSKEY_OPTIONS_MAX_PER_IP);
      ClientInfo loopback = ClientInfo.web("127.0.0.1");
      for (int i = 0; i < max; i++) {
        f.gatehouse.feature(PasskeyService.class).beginSignIn(loopback);
      }
      if (exempt) {
        f.gatehouse.feature(PasskeyService.class).beginSignIn(loopback);
      } else {
        assertThatThrownBy(() -> f.gatehouse.feature(PasskeyService.class).beginSignIn(loopback))
            .isInstanceOf(RateLimitedException.class);
      }
    }
  }
}
