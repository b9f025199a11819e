package dev.gatehouse.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A module's manifest names the modules it requires (issue 95, item 4): the builder builds each
 * module's features after those of the modules it requires, whatever the order of installation,
 * refuses a set that lacks one by name, and refuses modules that require each other in a circle.
 */
class ModuleRequiresTest {
  /** The service of the module {@code base}. */
  interface Base {
    String hello();
  }

  /** The service of the module {@code top}, built on {@code base}'s. */
  interface Top {
    String hello();
  }

  private static Gatehouse.Builder builder() {
    return Gatehouse.builder(
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .build(),
        new InMemoryAuthStore());
  }

  private static GatehouseModule module(String name, List<String> requires) {
    return new GatehouseModule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ModuleManifest manifest() {
        return ModuleManifest.of(name).requires(requires.toArray(String[]::new)).build();
      }

      @Override
      public void installInto(Gatehouse.Builder builder) {}
    };
  }

  private static GatehouseModule base(List<String> built) {
    return new GatehouseModule() {
      @Override
      public String name() {
        return "base";
      }

      @Override
      public void installInto(Gatehouse.Builder builder) {
        builder.feature(
            Base.class,
            context -> {
              built.add("base");
              return () -> "base";
            });
      }
    };
  }

  private static GatehouseModule top(List<String> built) {
    return new GatehouseModule() {
      @Override
      public String name() {
        return "top";
      }

      @Override
      public ModuleManifest manifest() {
        return ModuleManifest.of("top").requires("base").build();
      }

      @Override
      public void installInto(Gatehouse.Builder builder) {
        builder.feature(
            Top.class,
            context -> {
              built.add("top");
              // Read eagerly, as auth-saml reads auth-organizations' sign-in.
              Base base = context.feature(Base.class).orElseThrow();
              return () -> "top on " + base.hello();
            });
      }
    };
  }

  @Test
  void aModuleInstalledBeforeTheOneItRequiresIsBuiltAfterIt() {
    List<String> built = new CopyOnWriteArrayList<>();
    Gatehouse.Builder b = builder();
    try (Gatehouse g = b.install(top(built)).install(base(built)).build()) {
      assertThat(built).containsExactly("base", "top");
      assertThat(g.feature(Top.class).hello()).isEqualTo("top on base");
    }
  }

  @Test
  void aMissingRequiredModuleIsRefusedByName() {
    assertThatThrownBy(() -> builder().install(top(new CopyOnWriteArrayList<>())).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the module top requires the module base, which is not installed");
  }

  @Test
  void modulesThatRequireEachOtherAreRefusedNamingTheCircle() {
    Gatehouse.Builder b = builder();
    b.install(module("a", List.of("b")))
        .install(module("b", List.of("c")))
        .install(module("c", List.of("a")));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the modules a -> b -> c -> a require each other in a circle");
  }

  @Test
  void aFeatureAskedForBeforeItsModuleIsBuiltIsRefusedNotAnsweredEmpty() {
    List<String> built = new CopyOnWriteArrayList<>();
    Gatehouse.Builder b = builder();
    // "eager" reads base's feature without naming base in its requires; installed first.
    b.install(
        new GatehouseModule() {
          @Override
          public String name() {
            return "eager";
          }

          @Override
          public void installInto(Gatehouse.Builder builder) {
            builder.feature(
                Top.class,
                context -> {
                  Base base = context.feature(Base.class).orElseThrow();
                  return base::hello;
                });
          }
        });
    b.install(base(built));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(Base.class.getName() + " of the module base was asked for before");
  }

  @Test
  void aModuleCannotRequireItself() {
    assertThatThrownBy(() -> ModuleManifest.of("a").requires("a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the module a requires itself");
  }
}
