package dev.gatehouse.spring.web.internal.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An OpenAPI 3.1 document, and the Markdown route table {@code docs/HTTP.md} shows, built from one
 * list of a peer contract's routes (jb-drf-auth's, FastAPI-Users', simplejwt's views), so the
 * served document, the documentation and the controllers' mappings (checked by tests) cannot drift.
 */
public final class PeerOpenApi {
  /** The media types DRF reads (and a FastAPI form route, with {@link #FORM}). */
  static final List<String> DRF =
      List.of("application/json", "application/x-www-form-urlencoded", "multipart/form-data");

  /** A FastAPI form route's media types. */
  public static final List<String> FORM =
      List.of("application/x-www-form-urlencoded", "multipart/form-data");

  /** A route that reads a form (RFC 6749's encoding) or JSON, as the token exchange. */
  public static final List<String> FORM_OR_JSON =
      List.of("application/x-www-form-urlencoded", "application/json");

  /** A JSON-only route's media type. */
  public static final List<String> JSON = List.of("application/json");

  /**
   * One route.
   *
   * @param method HTTP method, lower case
   * @param path path under the base path
   * @param summary one line
   * @param auth who may call it: {@code -}, {@code yes} or a description
   * @param fields the request's fields, each {@code name:type} with {@code !} after the type when
   *     required, {@code name?query} for a query parameter, or {@code name?path:type} for a path
   *     parameter
   * @param answer the success answer in words, for the table
   * @param status the success status
   * @param media the media types the body may come in
   */
  public record Route(
      String method,
      String path,
      String summary,
      String auth,
      List<String> fields,
      String answer,
      int status,
      List<String> media) {}

  /** A route whose body DRF reads (JSON, form or multipart). */
  public static Route r(
      String method,
      String path,
      String summary,
      String auth,
      String fields,
      int status,
      String answer) {
    return r(method, path, summary, auth, fields, status, answer, DRF);
  }

  /** A route whose body comes in {@code media}. */
  public static Route r(
      String method,
      String path,
      String summary,
      String auth,
      String fields,
      int status,
      String answer,
      List<String> media) {
    return new Route(
        method,
        path,
        summary,
        auth,
        fields.isEmpty() ? List.of() : List.of(fields.split(" ")),
        answer,
        status,
        media);
  }

  private PeerOpenApi() {}

  /**
   * The document.
   *
   * @param title the document's title
   * @param version the peer's version it reproduces
   * @param description what the contract is
   * @param basePath where the routes live
   * @param routes the routes
   * @return the document as maps and lists
   */
  public static Map<String, Object> build(
      String title, String version, String description, String basePath, List<Route> routes) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put(
        "info", ContractJson.map("title", title, "version", version, "description", description));
    Map<String, Object> items = new LinkedHashMap<>();
    for (Route route : routes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item =
          (Map<String, Object>)
              items.computeIfAbsent(basePath + route.path(), k -> new LinkedHashMap<>());
      item.put(route.method(), operation(route));
    }
    doc.put("paths", items);
    doc.put(
        "components",
        ContractJson.map(
            "securitySchemes",
            ContractJson.map(
                "bearer",
                ContractJson.map("type", "http", "scheme", "bearer", "bearerFormat", "JWT"))));
    return doc;
  }

  private static Map<String, Object> operation(Route route) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("operationId", operationId(route));
    op.put("summary", route.summary());
    List<Object> parameters = new ArrayList<>();
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (String field : route.fields()) {
      int q = field.indexOf('?');
      if (q > 0) {
        String in = field.substring(q + 1);
        String type = "string";
        int colon = in.indexOf(':');
        if (colon > 0) {
          type = in.substring(colon + 1);
          in = in.substring(0, colon);
        }
        parameters.add(
            ContractJson.map(
                "name",
                field.substring(0, q),
                "in",
                in,
                "required",
                "path".equals(in),
                "schema",
                ContractJson.map("type", type)));
        continue;
      }
      String[] nt = field.split(":");
      boolean req = nt[1].endsWith("!");
      String type = req ? nt[1].substring(0, nt[1].length() - 1) : nt[1];
      properties.put(
          nt[0],
          "date".equals(type)
              ? ContractJson.map("type", "string", "format", "date")
              : ContractJson.map("type", type));
      if (req) {
        required.add(nt[0]);
      }
    }
    if (route.path().contains("{id}")
        && route.fields().stream().noneMatch(f -> f.startsWith("id?path"))) {
      // A database key, unless the route names another type.
      parameters.add(
          0,
          ContractJson.map(
              "name",
              "id",
              "in",
              "path",
              "required",
              true,
              "schema",
              ContractJson.map("type", "integer")));
    }
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    if (!properties.isEmpty()) {
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "object");
      schema.put("properties", properties);
      if (!required.isEmpty()) {
        schema.put("required", required);
      }
      Map<String, Object> content = new LinkedHashMap<>();
      for (String media : route.media()) {
        content.put(media, ContractJson.map("schema", schema));
      }
      op.put("requestBody", ContractJson.map("required", true, "content", content));
    }
    if (!"-".equals(route.auth()) && !route.auth().startsWith("header")) {
      op.put("security", List.of(ContractJson.map("bearer", List.of())));
    }
    op.put(
        "responses",
        ContractJson.map(
            Integer.toString(route.status()), ContractJson.map("description", route.answer())));
    return op;
  }

  private static String operationId(Route route) {
    StringBuilder b = new StringBuilder(route.method());
    for (String part : route.path().split("[/_.{}-]+")) {
      if (!part.isEmpty()) {
        b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return b.toString();
  }

  /**
   * The route table of a contract's section in {@code docs/HTTP.md}.
   *
   * @param basePath the base path shown, e.g. {@code /auth}
   * @param routes the routes
   * @return the Markdown table, one row per operation, ending with a newline
   */
  public static String markdownTable(String basePath, List<Route> routes) {
    StringBuilder b =
        new StringBuilder("| method | path | token | body | answer |\n|---|---|---|---|---|\n");
    for (Route route : routes) {
      List<String> names = new ArrayList<>();
      for (String field : route.fields()) {
        int q = field.indexOf('?');
        if (q > 0 && field.substring(q + 1).startsWith("path")) {
          continue;
        }
        String name =
            q > 0 ? field.substring(0, q) + " (query)" : field.substring(0, field.indexOf(':'));
        names.add("`" + name + "`" + (field.endsWith("!") ? " (required)" : ""));
      }
      String body = names.isEmpty() ? "–" : String.join(", ", names);
      if (!names.isEmpty() && route.media().equals(FORM)) {
        body = "form: " + body;
      }
      b.append("| ")
          .append(route.method().toUpperCase(Locale.ROOT))
          .append(" | `")
          .append(basePath)
          .append(route.path())
          .append("` | ")
          .append(route.auth())
          .append(" | ")
          .append(body)
          .append(" | ")
          .append(route.status())
          .append(' ')
          .append(route.answer())
          .append(" |\n");
    }
    return b.toString();
  }
}
