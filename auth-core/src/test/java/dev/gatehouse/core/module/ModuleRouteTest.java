package dev.gatehouse.core.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.module.ModuleRoute.Access;
import dev.gatehouse.core.module.ModuleRoute.Answer;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A module's routes are checked where declared, and together at {@code build()}. */
class ModuleRouteTest {
  /** The feature the routes below call. */
  record Greeter(String greeting) {}

  private static final ModuleRoute.Handler<Greeter> HELLO =
      (greeter, request) -> Answer.ok(Map.of("greeting", greeter.greeting()));

  private static GatehouseModule module(String name, boolean feature, ModuleRoute<?>... routes) {
    return new GatehouseModule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ModuleManifest manifest() {
        return ModuleManifest.of(name).routes(routes).build();
      }

      @Override
      public void installInto(Gatehouse.Builder builder) {
        if (feature) {
          builder.feature(Greeter.class, context -> new Greeter("hello"));
        }
      }
    };
  }

  private static Gatehouse.Builder builder() {
    return Gatehouse.builder(
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .build(),
        new InMemoryAuthStore());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/greetings", "/greetings/", "/greetings/{id}/", "/a-b/c1/{user_id}"})
  void aPathOfLowerCaseSegmentsAndVariablesIsAccepted(String path) {
    assertThat(ModuleRoute.get(path, Access.PUBLIC, "Greets", Greeter.class, HELLO).path())
        .isEqualTo(path);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"greetings", "/", "//x", "/Greetings", "/greet_ings", "/x/{Id}", "/x/{}", "/-x"})
  void anotherPathIsRefusedWhenDeclared(String path) {
    assertThatThrownBy(() -> ModuleRoute.get(path, Access.PUBLIC, "Greets", Greeter.class, HELLO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HEAD", "OPTIONS", "get", "TRACE"})
  void aMethodOtherThanTheFiveIsRefused(String method) {
    assertThatThrownBy(
            () -> new ModuleRoute<>(method, "/x", Access.PUBLIC, "Greets", Greeter.class, HELLO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(method);
  }

  @Test
  void anAnswerIsASuccessAndA204HasNoBody() {
    assertThat(Answer.created(Map.of("a", 1)).status()).isEqualTo(201);
    assertThat(Answer.noContent().body()).isEmpty();
    assertThatThrownBy(() -> new Answer(400, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AuthException");
    assertThatThrownBy(() -> new Answer(204, Map.of("a", 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRedirectHasALocationAndOnlyAPostReadsAForm() {
    Answer away = Answer.seeOther(java.net.URI.create("https://idp.example/slo?SAMLResponse=x"));
    assertThat(away.status()).isEqualTo(303);
    assertThat(away.body()).isEmpty();
    assertThatThrownBy(() -> new Answer(303, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("location");
    assertThatThrownBy(
            () -> new Answer(200, Map.of(), java.net.URI.create("https://idp.example/"), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            ModuleRoute.form("/greetings/", Access.PUBLIC, "Greets", Greeter.class, HELLO).reads())
        .isEqualTo(ModuleRoute.Reads.FORM);
    assertThat(
            ModuleRoute.post("/greetings/", Access.PUBLIC, "Greets", Greeter.class, HELLO).reads())
        .isEqualTo(ModuleRoute.Reads.JSON);
    assertThatThrownBy(
            () ->
                new ModuleRoute<>(
                    "GET",
                    "/x",
                    Access.PUBLIC,
                    "Greets",
                    Greeter.class,
                    HELLO,
                    ModuleRoute.Reads.FORM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("form");
  }

  @Test
  void theManifestKeepsTheRoutesInOrderAndTheBuiltInstanceListsThem() {
    ModuleRoute<Greeter> one =
        ModuleRoute.get("/greetings/", Access.PUBLIC, "Greets", Greeter.class, HELLO);
    ModuleRoute<Greeter> two =
        ModuleRoute.put("/greetings/", Access.SIGNED_IN, "Sets", Greeter.class, HELLO);
    try (Gatehouse g = builder().install(module("greeter", true, one, two)).build()) {
      assertThat(g.modules().get(0).routes()).containsExactly(one, two);
      Greeter feature = g.feature(Greeter.class);
      assertThat(one.handle(feature, null).body()).containsEntry("greeting", "hello");
    }
  }

  @Test
  void twoModulesDeclaringOneMethodAndPathAreRefusedNamingBoth() {
    Gatehouse.Builder b =
        builder()
            .install(
                module(
                    "greeter",
                    true,
                    ModuleRoute.post("/greetings/", Access.PUBLIC, "Greets", Greeter.class, HELLO)))
            .install(
                module(
                    "other",
                    false,
                    ModuleRoute.post("/greetings/", Access.PUBLIC, "Also", Greeter.class, HELLO)));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("POST /greetings/")
        .hasMessageContaining("greeter")
        .hasMessageContaining("other");
  }

  @Test
  void theSamePathWithAnotherMethodIsAnotherRoute() {
    try (Gatehouse g =
        builder()
            .install(
                module(
                    "greeter",
                    true,
                    ModuleRoute.get("/greetings/", Access.PUBLIC, "Greets", Greeter.class, HELLO),
                    ModuleRoute.delete(
                        "/greetings/", Access.SIGNED_IN, "Ends", Greeter.class, HELLO)))
            .build()) {
      assertThat(g.modules().get(0).routes()).hasSize(2);
    }
  }

  @Test
  void aRouteWhoseServiceNoFeatureProvidesIsRefused() {
    Gatehouse.Builder b =
        builder()
            .install(
                module(
                    "greeter",
                    false,
                    ModuleRoute.get("/greetings/", Access.PUBLIC, "Greets", Greeter.class, HELLO)));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("GET /greetings/")
        .hasMessageContaining(Greeter.class.getName());
  }
}
