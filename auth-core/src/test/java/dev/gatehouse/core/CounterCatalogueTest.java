package dev.gatehouse.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.Setting;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one counter catalogue: the core's and the installed modules' counters, keys never shared. */
class CounterCatalogueTest {
  private static final Duration HOUR = Duration.ofHours(1);

  private static Gatehouse.Builder builder() {
    return Gatehouse.builder(
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .build(),
        new InMemoryAuthStore());
  }

  private static GatehouseModule module(String name, Counters... counters) {
    return new GatehouseModule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ModuleManifest manifest() {
        return ModuleManifest.of(name).counters(counters).build();
      }

      @Override
      public void installInto(Gatehouse.Builder builder) {}
    };
  }

  @Test
  void theCatalogueIsTheCoresCountersAndEveryInstalledModules() {
    Counters limit =
        Counters.limit("catalogue-test:ip", ThrottleSettings.OTP_MAX_PER_IP, HOUR, null);
    Counters lock = Counters.lock("catalogue-test:lock");
    try (Gatehouse g = builder().install(module("catalogue-test", limit, lock)).build()) {
      assertThat(g.counters()).startsWith(Counters.core().toArray(Counters[]::new));
      assertThat(g.counters()).endsWith(limit, lock).hasSize(Counters.core().size() + 2);
    }
    try (Gatehouse g = builder().build()) {
      assertThat(g.counters()).isEqualTo(Counters.core());
    }
  }

  @Test
  void aPrefixTheCoreUsesIsRefusedNamingBothOwners() {
    Gatehouse.Builder b = builder().install(module("thief", Counters.marker("login:user")));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("login:user of the module thief")
        .hasMessageContaining("of the core");
  }

  @Test
  void aPrefixTwoModulesUseIsRefusedNamingBoth() {
    Gatehouse.Builder b =
        builder()
            .install(module("first", Counters.marker("shared:once")))
            .install(module("second", Counters.lock("shared:once")));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "the counter prefix shared:once of the module second meets shared:once of the module"
                + " first: each counter's keys must be its own");
  }

  @Test
  void aPrefixWhoseKeysCouldBeAnothersIsRefused() {
    // "login" with the parts ("user", id) would make the core's login:user key.
    Gatehouse.Builder b = builder().install(module("nested", Counters.marker("login")));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("login of the module nested meets login:");
  }

  @Test
  void aLimitReadingASettingTheCatalogueDoesNotHoldIsRefused() {
    Setting<Integer> unknown = Setting.ofInt("gatehouse.catalogue-test.per-ip", 5, 1, 10);
    Setting<Duration> unknownWindow =
        Setting.ofDuration("gatehouse.catalogue-test.window", HOUR, Duration.ofMinutes(1), HOUR);
    for (Counters limit :
        new Counters[] {
          Counters.limit("catalogue-test:max", unknown, HOUR, null),
          Counters.limit(
              "catalogue-test:window", ThrottleSettings.OTP_MAX_PER_IP, unknownWindow, null),
          Counters.limit(
              "catalogue-test:lockout", ThrottleSettings.OTP_MAX_PER_IP, HOUR, unknownWindow)
        }) {
      Gatehouse.Builder b = builder().install(module("unsettled", limit));
      assertThatThrownBy(b::build)
          .as(limit.prefix())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("the limit " + limit.prefix() + " of the module unsettled")
          .hasMessageContaining("gatehouse.catalogue-test.");
    }
  }
}
