package dev.gatehouse.spring.web.internal.gatehouse;

import static dev.gatehouse.spring.web.internal.shared.ContractJson.map;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.JwksController;
import dev.gatehouse.spring.web.internal.shared.ModuleRouteTable;
import dev.gatehouse.spring.web.internal.shared.Problems;
import dev.gatehouse.spring.web.internal.shared.RecordJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI 3.1 description of the contract, built from {@link ContractRoutes#ROUTES} (the one
 * list of the contract's routes; a test checks it against the controllers' mappings) and the
 * installed modules' routes ({@link ModuleRouteTable}, what is registered), and served at {@code
 * {base}/openapi.json}. {@code docs/openapi.json} holds the copy for the default base path.
 */
final class OpenApiDocument {
  private OpenApiDocument() {}

  /**
   * The document for a base path.
   *
   * @param paths the contract's paths
   * @param codes Gatehouse's catalogue of error codes (the core's and the installed modules')
   * @param modules the installed modules' routes, listed after the built-in ones
   * @return the document as maps and lists
   */
  public static Map<String, Object> build(
      ContractPaths paths, List<ErrorCode> codes, ModuleRouteTable modules) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put(
        "info",
        map(
            "title", "Gatehouse HTTP contract",
            "version", "1",
            "description",
                "The jb-drf-auth route set served by gatehouse-spring-boot-web. Every body is"
                    + " snake_case JSON; every error is an RFC 9457 problem"
                    + " (application/problem+json) with the stable Gatehouse error code in"
                    + " `code`. Requests with a body must be application/json; duplicate keys"
                    + " and trailing data are refused. A 401 means only that the access token (or, at"
                    + " the refresh route, the refresh token) is missing or invalid, and carries"
                    + " WWW-Authenticate; a 429 carries Retry-After when waiting helps."));
    Map<String, Object> pathItems = new LinkedHashMap<>();
    for (ContractRoutes.Route route : ContractRoutes.ROUTES) {
      add(pathItems, paths.basePath() + route.path(), route);
    }
    Map<String, Object> schemas = Schemas.all();
    for (ModuleRouteTable.Served served : modules.routes()) {
      addModuleRoute(pathItems, served, schemas);
    }
    add(pathItems, ContractRoutes.JWKS_ROUTE.path(), ContractRoutes.JWKS_ROUTE);
    doc.put("paths", pathItems);
    doc.put(
        "components",
        map(
            "securitySchemes",
            map("bearer", map("type", "http", "scheme", "bearer", "bearerFormat", "JWT")),
            "responses",
            errorResponses(codes),
            "schemas",
            schemas));
    return doc;
  }

  /**
   * One reusable response per error status, listing the codes answered with it (from {@link
   * ErrorCatalogue}, so the list cannot drift from the codes the contract answers).
   */
  private static Map<String, Object> errorResponses(List<ErrorCode> catalogue) {
    Map<String, Object> responses = new LinkedHashMap<>();
    ErrorCatalogue.codesByStatus(catalogue)
        .forEach(
            (status, codes) -> {
              Map<String, Object> error = new LinkedHashMap<>();
              error.put(
                  "description",
                  Problems.reason(status) + ". `code` is one of: " + String.join(", ", codes));
              if (status == 401) {
                error.put("headers", map("WWW-Authenticate", map("schema", map("type", "string"))));
              }
              if (status == 429) {
                error.put(
                    "headers",
                    map(
                        "Retry-After",
                        map(
                            "description",
                            "Seconds to wait; absent when waiting does not help",
                            "schema",
                            map("type", "integer"))));
              }
              error.put("content", map(Problems.PROBLEM_JSON, map("schema", ref("Problem"))));
              responses.put(Integer.toString(status), error);
            });
    return responses;
  }

  @SuppressWarnings("unchecked")
  private static void add(Map<String, Object> pathItems, String path, ContractRoutes.Route route) {
    Map<String, Object> item =
        (Map<String, Object>) pathItems.computeIfAbsent(path, k -> new LinkedHashMap<>());
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("operationId", route.operationId());
    op.put("summary", route.summary());
    List<Object> parameters = new ArrayList<>();
    if (path.contains("{id}")) {
      parameters.add(
          map("name", "id", "in", "path", "required", true, "schema", map("type", "integer")));
    }
    for (String name : List.of("user_id", "organization", "user", "invitation")) {
      if (path.contains("{" + name + "}")) {
        parameters.add(
            map(
                "name",
                name,
                "in",
                "path",
                "required",
                true,
                "schema",
                map("type", "string", "format", "uuid")));
      }
    }
    if (route.operationId().equals("searchUsers")) {
      for (String name : List.of("email", "phone", "username", "id", "limit")) {
        parameters.add(
            map(
                "name",
                name,
                "in",
                "query",
                "required",
                false,
                "schema",
                map("type", name.equals("limit") ? "integer" : "string")));
      }
    }
    if (route.operationId().equals("findUsers")) {
      parameters.add(
          map(
              "name",
              "by",
              "in",
              "query",
              "required",
              true,
              "schema",
              map(
                  "type",
                  "string",
                  "enum",
                  List.of("email", "phone", "username", "created", "last_sign_in"))));
      for (String name : List.of("prefix", "from", "to", "after", "limit")) {
        parameters.add(
            map(
                "name",
                name,
                "in",
                "query",
                "required",
                false,
                "schema",
                name.equals("limit")
                    ? map("type", "integer")
                    : name.equals("from") || name.equals("to")
                        ? map("type", "string", "format", "date-time")
                        : map("type", "string")));
      }
    }
    if (route.operationId().equals("adminStatistics")) {
      for (String name : List.of("from", "to")) {
        parameters.add(
            map(
                "name",
                name,
                "in",
                "query",
                "required",
                true,
                "schema",
                map("type", "string", "format", "date")));
      }
    }
    if (route.operationId().equals("socialRedirect")) {
      parameters.add(
          map(
              "name",
              "provider",
              "in",
              "query",
              "required",
              true,
              "schema",
              map("type", "string")));
      parameters.add(
          map(
              "name",
              "code_challenge",
              "in",
              "query",
              "required",
              false,
              "description",
              "the application's PKCE S256 challenge; required with gatehouse.social.handoff-url",
              "schema",
              map("type", "string")));
    }
    if (route.operationId().startsWith("socialCallback")) {
      for (String name : List.of("state", "code")) {
        parameters.add(
            map("name", name, "in", "query", "required", false, "schema", map("type", "string")));
      }
    }
    if (route.operationId().equals("me")) {
      parameters.add(
          map(
              "name",
              "client",
              "in",
              "query",
              "required",
              false,
              "schema",
              map("type", "string", "enum", List.of("web", "mobile"))));
    }
    if (route.operationId().equals("createSuperuser")) {
      parameters.add(
          map(
              "name",
              "X-Admin-Bootstrap-Token",
              "in",
              "header",
              "required",
              true,
              "schema",
              map("type", "string")));
    }
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    op.put("security", route.auth() ? List.of(map("bearer", List.of())) : List.of());
    if (route.request() != null) {
      op.put(
          "requestBody",
          map(
              "required",
              true,
              "content",
              map("application/json", map("schema", ref(route.request())))));
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    String type =
        route == ContractRoutes.JWKS_ROUTE ? JwksController.JWK_SET_JSON : "application/json";
    Map<String, Object> ok = new LinkedHashMap<>();
    if (route.status() == 302) {
      ok.put("description", "Found");
      ok.put("headers", map("Location", map("schema", map("type", "string"))));
    } else {
      ok.put("description", route.status() == 201 ? "Created" : "OK");
      ok.put(
          "content",
          map(
              type,
              map(
                  "schema",
                  route.response() == null ? map("type", "object") : ref(route.response()))));
    }
    responses.put(Integer.toString(route.status()), ok);
    for (int status : route.errors()) {
      responses.put(Integer.toString(status), map("$ref", "#/components/responses/" + status));
    }
    op.put("responses", responses);
    item.put(route.method(), op);
  }

  /**
   * A module's route: what its declaration says (summary, access, path variables, documented
   * statuses); a typed route's bodies are its records' schemas ({@link RecordJson#schema}), listed
   * under the records' names with the contract's own schemas, and a route answering a sign-in
   * answers the contract's login answer. A route taking or answering {@code Map} takes or answers
   * any JSON object (a form route's, a form's fields).
   */
  @SuppressWarnings("unchecked")
  private static void addModuleRoute(
      Map<String, Object> pathItems, ModuleRouteTable.Served served, Map<String, Object> schemas) {
    ModuleRoute<?> route = served.route();
    Map<String, Object> item =
        (Map<String, Object>) pathItems.computeIfAbsent(served.path(), k -> new LinkedHashMap<>());
    boolean signedIn = route.access() == ModuleRoute.Access.SIGNED_IN;
    boolean signsIn = route.answers() == SignInResult.class;
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("operationId", served.operationId());
    op.put("summary", route.summary());
    op.put("tags", List.of(served.module()));
    List<Object> parameters = new ArrayList<>();
    for (String name : served.variables()) {
      parameters.add(
          map("name", name, "in", "path", "required", true, "schema", map("type", "string")));
    }
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    op.put("security", signedIn ? List.of(map("bearer", List.of())) : List.of());
    boolean form = route.reads() == ModuleRoute.Reads.FORM;
    if (served.takesBody()) {
      if (route.takes() == Map.class) {
        op.put(
            "requestBody",
            map(
                "content",
                map(
                    form ? "application/x-www-form-urlencoded" : "application/json",
                    map("schema", map("type", "object")))));
      } else {
        Map<String, Object> schema = RecordJson.schema(route.takes(), false);
        if (signsIn) {
          ((Map<String, Object>) schema.get("properties")).putAll(Schemas.loginClient());
        }
        op.put(
            "requestBody",
            map(
                "required",
                true,
                "content",
                map(
                    "application/json",
                    map("schema", named(schemas, served, route.takes(), schema)))));
      }
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    if (route.answers() == Map.class) {
      responses.put(
          "2XX",
          map(
              "description",
              "The module's answer",
              "content",
              map("application/json", map("schema", map("type", "object")))));
    } else {
      Object schema =
          signsIn
              ? ref("LoginAnswer")
              : named(schemas, served, route.answers(), RecordJson.schema(route.answers(), true));
      responses.put(
          Integer.toString(route.status()),
          map(
              "description",
              Problems.reason(route.status()),
              "content",
              map("application/json", map("schema", schema))));
    }
    if (form) {
      responses.put(
          "303", map("description", "The browser sent on, signed in or told the refusal"));
    }
    List<Integer> refusals = new ArrayList<>(route.refusals());
    if (signedIn && !refusals.contains(401)) {
      refusals.add(401);
    }
    for (int status : refusals) {
      responses.put(Integer.toString(status), map("$ref", "#/components/responses/" + status));
    }
    op.put("responses", responses);
    item.put(route.method().toLowerCase(Locale.ROOT), op);
  }

  /**
   * A record's schema under the record's name among the document's schemas: one the contract has
   * already (the acknowledgement {@code Detail}, say) must be the same, so a name means one shape.
   */
  private static Map<String, Object> named(
      Map<String, Object> schemas,
      ModuleRouteTable.Served served,
      Class<?> type,
      Map<String, Object> schema) {
    String name = type.getSimpleName();
    Object had = schemas.putIfAbsent(name, schema);
    if (had != null && !had.equals(schema)) {
      throw new IllegalStateException(
          "the record "
              + type.getName()
              + " of the module "
              + served.module()
              + "'s route "
              + served.route().method()
              + " "
              + served.path()
              + " has the name of the schema "
              + name
              + ", which has another shape: "
              + had
              + "; rename the record");
    }
    return ref(name);
  }

  static Map<String, Object> ref(String schema) {
    return map("$ref", "#/components/schemas/" + schema);
  }
}
