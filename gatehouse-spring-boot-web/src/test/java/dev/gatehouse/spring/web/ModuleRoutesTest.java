package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.module.Answer;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.ModuleRoute.Access;
import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.spring.web.browser.BrowserSignIn;
import dev.gatehouse.spring.web.internal.modules.ModuleRoutes;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.ModuleRouteTable;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * A module's routes ({@link GreetingModule}, declared in its manifest only) are served in
 * Gatehouse's contract under its base path: their bodies, their refusals as problem details, a
 * signed-in route's 401, and their entries in the OpenAPI document.
 */
@TestPropertySource(properties = "gatehouse.test.greeting-module=true")
class ModuleRoutesTest extends ContractTestSupport {
  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Autowired ContractSupport support;
  @Autowired ObjectProvider<BrowserSignIn> browsers;

  @Test
  void aFormRouteReadsTheFormsFieldsAndCookiesAndAnswersASeeOther() throws Exception {
    Reply r =
        http.send(
            "POST",
            "/auth/greetings/form/?name=query",
            "name=ann+b&RelayState=",
            null,
            "Content-Type",
            "application/x-www-form-urlencoded",
            "Cookie",
            "greeting_cookie=kept",
            // Another site's page posts it: its origin is none the contract's CORS allows.
            "Origin",
            "https://idp.example");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(303);
    // The form's own fields only: the query's "name" is not one of them.
    assertThat(r.header("Location"))
        .isEqualTo(
            "https://elsewhere.example/greeted?g=hello%2C+ann+b&fields=name,RelayState&cookie=kept");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.raw().body()).isEmpty();
  }

  @Test
  void aFormRouteRefusesJsonAndAnswersItsRefusalsInTheContractsShape() throws Exception {
    assertProblem(
        http.post("/auth/greetings/form/", json("name", "ann")), 415, "unsupported_media_type");
    assertProblem(
        http.send(
            "POST",
            "/auth/greetings/form/",
            "name=nobody",
            null,
            "Content-Type",
            "application/x-www-form-urlencoded"),
        404,
        "user_not_found");
  }

  @Test
  void aPublicRouteReadsItsBodyAndPathAndAnswersTheModulesJson() throws Exception {
    Reply r = http.post("/auth/greetings/ann/", json("punctuation", "?"));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.text("greeting")).isEqualTo("hello, ann?");
    assertThat(r.json().get("caller").asBoolean()).isFalse();
  }

  @Test
  void aHandlersRefusalIsAProblemAsABuiltInRoutesIs() throws Exception {
    assertProblem(http.post("/auth/greetings/nobody/", json()), 404, "user_not_found");
  }

  @Test
  void aBodyTheContractCannotReadIsRefusedInItsShape() throws Exception {
    assertProblem(
        http.send("POST", "/auth/greetings/ann/", "{\"a\":1,\"a\":2}", null),
        400,
        "malformed_json");
    assertProblem(
        http.send("POST", "/auth/greetings/ann/", "a=1", null, "Content-Type", "text/plain"),
        415,
        "unsupported_media_type");
  }

  @Test
  void aPathVariableWithAControlCharacterIsRefusedBeforeTheHandler() throws Exception {
    assertProblem(http.post("/auth/greetings/a%01b/", json()), 400, "invalid_field");
  }

  @Test
  void aSignedInRouteWithoutAValidTokenIsThe401OfTheContract() throws Exception {
    assertProblem(http.get("/auth/greetings/me/", null), 401, "unauthorized");
    assertProblem(http.get("/auth/greetings/me/", "not-a-token"), 401, "invalid_token");
  }

  @Test
  void aSignedInRouteGetsTheCallerAndTheClient() throws Exception {
    String address = confirmedAccount();
    String access =
        http.post("/auth/login/basic/", json("email", address, "password", PASSWORD))
            .text("access");
    Reply r = http.get("/auth/greetings/me/?lang=de", access);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.text("user"))
        .isEqualTo(gatehouse.accounts().findByEmail(address).orElseThrow().id().toString());
    assertThat(r.text("ip")).isEqualTo("127.0.0.1");
    assertThat(r.text("lang")).isEqualTo("de");
  }

  @Test
  void aTypedRouteReadsItsRecordAndAnswersItsRecordWithItsStatusAndHeaders() throws Exception {
    Reply r =
        http.send(
            "PUT",
            "/auth/greetings/typed/",
            json(
                "name",
                "ann",
                "times",
                2,
                "tags",
                java.util.List.of("a", "b"),
                "to",
                java.util.Map.of("title", "Dr")),
            null,
            "Content-Type",
            "application/json",
            "X-Greeting-Language",
            "de");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    assertThat(r.text("greeting")).isEqualTo("Dr: hello, ann!");
    assertThat(r.text("greeted_at")).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(r.text("language")).isEqualTo("de");
    assertThat(r.json().get("times").asInt()).isEqualTo(2);
    assertThat(r.header("X-Greeting-Tags")).isEqualTo("a,b");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    // A @Nullable component is written as null, never left out.
    Reply plain =
        http.send(
            "PUT",
            "/auth/greetings/typed/",
            json(
                "name",
                "bo",
                "times",
                1,
                "tags",
                java.util.List.of(),
                "to",
                java.util.Map.of("title", "Ms")),
            null,
            "Content-Type",
            "application/json");
    assertThat(plain.status()).as(plain.raw().body()).isEqualTo(201);
    assertThat(plain.json().get("language").isNull()).isTrue();
  }

  @Test
  void aTypedRoutesBadBodyIsRefusedInTheContractsShapeBeforeTheHandler() throws Exception {
    java.util.Map<String, Object> to = java.util.Map.of("title", "Dr");
    java.util.List<String> tags = java.util.List.of();
    // Absent, null, of another JSON type (never coerced), nested, in a list, with a control
    // character: each is the contract's typed 400 naming the member.
    assertProblem(put(json("times", 1, "tags", tags, "to", to)), 400, "missing_field");
    assertProblem(
        put(json("name", null, "times", 1, "tags", tags, "to", to)), 400, "missing_field");
    assertProblem(put(json("name", 5, "times", 1, "tags", tags, "to", to)), 400, "invalid_field");
    assertProblem(
        put(json("name", "a", "times", "1", "tags", tags, "to", to)), 400, "invalid_field");
    assertProblem(
        put(json("name", "a", "times", 1.5, "tags", tags, "to", to)), 400, "invalid_field");
    assertProblem(
        put(json("name", "a", "times", 1, "tags", java.util.List.of(1), "to", to)),
        400,
        "invalid_field");
    assertProblem(
        put(json("name", "a", "times", 1, "tags", tags, "to", java.util.Map.of("title", 1))),
        400,
        "invalid_field");
    assertProblem(
        put(json("name", "a", "times", 1, "tags", tags, "to", java.util.Map.of())),
        400,
        "missing_field");
    assertProblem(
        put(json("name", "a\u0000", "times", 1, "tags", tags, "to", to)), 400, "invalid_field");
    assertProblem(put("[1]"), 400, "malformed_json");
    // The handler's own refusal is the contract's, as for every route.
    assertProblem(
        put(json("name", "nobody", "times", 1, "tags", tags, "to", to)), 404, "user_not_found");
  }

  private Reply put(String body) throws Exception {
    return http.send(
        "PUT", "/auth/greetings/typed/", body, null, "Content-Type", "application/json");
  }

  @Test
  void theOpenApiDocumentListsATypedRoutesSchemasDerivedFromItsRecords() throws Exception {
    JsonNode doc = http.get("/auth/openapi.json", null).json();
    JsonNode op = doc.at("/paths/~1auth~1greetings~1typed~1/put");
    assertThat(op.get("operationId").asString()).isEqualTo("greetTyped");
    assertThat(op.at("/requestBody/required").asBoolean()).isTrue();
    assertThat(op.at("/requestBody/content/application~1json/schema/$ref").asString())
        .isEqualTo("#/components/schemas/GreetingOrder");
    assertThat(op.at("/responses/201/content/application~1json/schema/$ref").asString())
        .isEqualTo("#/components/schemas/Greeting");
    assertThat(op.at("/responses/404/$ref").asString()).isEqualTo("#/components/responses/404");
    JsonNode order = doc.at("/components/schemas/GreetingOrder");
    assertThat(order.get("required").toString()).isEqualTo("[\"name\",\"times\",\"tags\",\"to\"]");
    assertThat(order.at("/properties/tags/items/type").asString()).isEqualTo("string");
    assertThat(order.at("/properties/to/required/0").asString()).isEqualTo("title");
    JsonNode greeting = doc.at("/components/schemas/Greeting");
    assertThat(greeting.at("/properties/greeted_at/format").asString()).isEqualTo("date-time");
    assertThat(greeting.at("/properties/language/type").toString())
        .isEqualTo("[\"string\",\"null\"]");
    assertThat(greeting.get("required")).hasSize(4);
  }

  @Test
  void theOpenApiDocumentListsTheModulesRoutesAsRegistered() throws Exception {
    JsonNode doc = http.get("/auth/openapi.json", null).json();
    JsonNode greet = doc.at("/paths/~1auth~1greetings~1{name}~1/post");
    assertThat(greet.get("operationId").asString()).isEqualTo("greeting_post_greetings_name");
    assertThat(greet.get("summary").asString()).isEqualTo("Greets someone by name");
    assertThat(greet.get("security")).isEmpty();
    assertThat(greet.at("/parameters/0/name").asString()).isEqualTo("name");
    JsonNode me = doc.at("/paths/~1auth~1greetings~1me~1/get");
    assertThat(me.get("security")).isNotEmpty();
    assertThat(me.at("/responses/401/$ref").asString()).isEqualTo("#/components/responses/401");
    // What is documented is what is mapped, the module's routes included.
    Set<String> mapped =
        GeneratedRouteTable.mapped(
            mappings, t -> t.getPackageName().startsWith("dev.gatehouse.spring.web.internal"));
    assertThat(mapped).contains("POST /auth/greetings/{name}/", "GET /auth/greetings/me/");
    JsonNode form = doc.at("/paths/~1auth~1greetings~1form~1/post");
    assertThat(form.at("/requestBody/content").has("application/x-www-form-urlencoded")).isTrue();
    assertThat(form.at("/responses").has("303")).isTrue();
    assertThat(GeneratedRouteTable.documented(doc)).isEqualTo(mapped);
  }

  @Test
  void aModuleRouteThatWouldTakeABuiltInRouteStopsTheStartNamingBoth() {
    ModuleRoute<GreetingModule.Greetings> taken =
        ModuleRoute.post(
            "/login/basic/",
            Access.PUBLIC,
            "Signs in otherwise",
            GreetingModule.Greetings.class,
            (g, request) -> Answer.noContent());
    ModuleRouteTable table =
        new ModuleRouteTable(
            List.of(new ModuleRouteTable.Served("shadow", taken, "/auth/login/basic/")));
    assertThatThrownBy(
            () ->
                new ModuleRoutes(table, support, mappings, browsers).afterSingletonsInstantiated())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("POST /auth/login/basic/ of the module shadow")
        .hasMessageContaining("AccountController");
    assertThat(GeneratedRouteTable.mapped(mappings, t -> t == ModuleRoutes.Endpoint.class))
        .doesNotContain("POST /auth/login/basic/");
  }
}
