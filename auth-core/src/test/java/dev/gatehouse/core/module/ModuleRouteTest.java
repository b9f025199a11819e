package dev.gatehouse.core.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.module.ModuleRoute.Access;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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

  record Greeting(String name, @Nullable String punctuation, List<Integer> times) {}

  record Greeted(String greeting, Instant at) {}

  record Odd(Greeting greeting, java.util.Set<String> names) {}

  @Test
  void aTypedRouteNamesItsRecordsAndIsCheckedWhenDeclared() {
    ModuleRoute<Greeter> typed =
        ModuleRoute.post(
                "/greetings/",
                Access.PUBLIC,
                "Greets",
                Greeter.class,
                Greeting.class,
                Greeted.class,
                (g, body, request) -> Answer.created(new Greeted(body.name(), Instant.EPOCH)))
            .named("greet")
            .answering(201)
            .refusing(400, 429);
    assertThat(typed.takes()).isEqualTo(Greeting.class);
    assertThat(typed.answers()).isEqualTo(Greeted.class);
    assertThat(typed.operationId()).isEqualTo("greet");
    assertThat(typed.status()).isEqualTo(201);
    assertThat(typed.refusals()).containsExactly(400, 429);
    assertThat(
            ((Greeted)
                    typed
                        .handle(
                            new Greeter("hi"),
                            new Greeting("ann", null, List.of()),
                            new Request(
                                Map.of(),
                                Map.of(),
                                Map.of(),
                                Optional.empty(),
                                new ClientInfo("web", null, null, null)))
                        .body())
                .greeting())
        .isEqualTo("ann");
    // The untyped form is the same route taking and answering any JSON object.
    ModuleRoute<Greeter> untyped =
        ModuleRoute.post("/greetings/", Access.SIGNED_IN, "Greets", Greeter.class, HELLO);
    assertThat(untyped.takes()).isEqualTo(Map.class);
    assertThat(untyped.answers()).isEqualTo(Map.class);
    assertThat(untyped.refusals()).containsExactly(400, 401);
    // A component of a type the web module cannot read is refused by name, nested ones too.
    assertThatThrownBy(
            () ->
                ModuleRoute.post(
                    "/odd/",
                    Access.PUBLIC,
                    "Odd",
                    Greeter.class,
                    Odd.class,
                    Greeted.class,
                    (g, body, request) -> Answer.noContent()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Odd.names")
        .hasMessageContaining("java.util.Set<java.lang.String>");
    assertThatThrownBy(
            () ->
                ModuleRoute.post(
                    "/odd/",
                    Access.PUBLIC,
                    "Odd",
                    Greeter.class,
                    String.class,
                    Greeted.class,
                    (g, body, request) -> Answer.noContent()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a record or Map.class");
    // A GET route has no body to read into a record; a sign-in route answers SignInResult.
    assertThat(
            ModuleRoute.post(
                    "/sign-in/",
                    Access.PUBLIC,
                    "Signs in",
                    Greeter.class,
                    Greeting.class,
                    SignInResult.class,
                    (g, body, request) -> Answer.noContent())
                .answers())
        .isEqualTo(SignInResult.class);
    assertThatThrownBy(() -> typed.refusing(500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("500");
    assertThatThrownBy(() -> typed.named("not an id")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAnswersHeadersAreTheModulesButNotThoseTheContractKeeps() {
    Answer a = Answer.ok(Map.of("a", 1)).withHeader("X-RateLimit-Remaining", "4");
    assertThat(a.headers()).containsEntry("X-RateLimit-Remaining", "4");
    for (String kept :
        List.of(
            "Set-Cookie",
            "set-cookie",
            "Cache-Control",
            "Content-Type",
            "Location",
            "Access-Control-Allow-Origin",
            "Access-Control-Allow-Credentials",
            "Vary",
            "Content-Security-Policy",
            "Content-Security-Policy-Report-Only",
            "Strict-Transport-Security",
            "X-Frame-Options",
            "Cross-Origin-Opener-Policy",
            "WWW-Authenticate",
            "Retry-After")) {
      assertThatThrownBy(() -> Answer.ok(Map.of()).withHeader(kept, "x"))
          .as(kept)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the contract's to set");
    }
    assertThatThrownBy(() -> Answer.ok(Map.of()).withHeader("X-Split", "a\r\nSet-Cookie: s=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> Answer.ok(Map.of()).withHeader("X Bad", "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> Answer.seeOther(java.net.URI.create("https://x.example/")).withHeader("X-A", "b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Answer.ok("text"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a record or a map");
  }

  @Test
  void anAnswerIsASuccessAndA204HasNoBody() {
    assertThat(Answer.created(Map.of("a", 1)).status()).isEqualTo(201);
    assertThat((Map<?, ?>) Answer.noContent().body()).isEmpty();
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
    assertThat((Map<?, ?>) away.body()).isEmpty();
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
  @SuppressWarnings("unchecked")
  void theManifestKeepsTheRoutesInOrderAndTheBuiltInstanceListsThem() {
    ModuleRoute<Greeter> one =
        ModuleRoute.get("/greetings/", Access.PUBLIC, "Greets", Greeter.class, HELLO);
    ModuleRoute<Greeter> two =
        ModuleRoute.put("/greetings/", Access.SIGNED_IN, "Sets", Greeter.class, HELLO);
    try (Gatehouse g = builder().install(module("greeter", true, one, two)).build()) {
      assertThat(g.modules().get(0).routes()).containsExactly(one, two);
      Greeter feature = g.feature(Greeter.class);
      assertThat(
              (Map<String, Object>)
                  one.handle(
                          feature,
                          new Request(
                              Map.of(),
                              Map.of(),
                              Map.of(),
                              Optional.empty(),
                              new ClientInfo("web", null, null, null)))
                      .body())
          .containsEntry("greeting", "hello");
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
