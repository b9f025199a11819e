package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.ModuleRoute.Access;
import dev.gatehouse.core.module.ModuleRoute.Answer;
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
