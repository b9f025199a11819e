package dev.gatehouse.spring.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI 3.1 description of the {@code jb-drf-auth} contract, built from {@link #ROUTES} (the
 * one list of its routes; a test checks it against {@link JbDrfAuthController}'s mappings) and
 * served at {@code {base}/openapi.json} under that contract. {@code docs/HTTP.md}'s route table of
 * the contract is {@link #markdownTable} of it.
 */
final class JbOpenApiDocument {
  /**
   * One route.
   *
   * @param method HTTP method, lower case
   * @param path path under the base path
   * @param summary one line
   * @param auth who may call it: {@code -}, {@code yes} or a description
   * @param fields the request's fields, each {@code name:type} with {@code !} after the type when
   *     required, or {@code name?query} for a query parameter
   * @param answer the success answer in words, for the table
   * @param status the success status
   */
  record Route(
      String method,
      String path,
      String summary,
      String auth,
      List<String> fields,
      String answer,
      int status) {}

  private static Route r(
      String method,
      String path,
      String summary,
      String auth,
      String fields,
      int status,
      String answer) {
    return new Route(
        method,
        path,
        summary,
        auth,
        fields.isEmpty() ? List.of() : List.of(fields.split(" ")),
        answer,
        status);
  }

  private static final String DEVICE = "device:object";
  private static final String SOCIAL =
      "provider:string! id_token:string access_token:string authorization_code:string";

  /** Every route of the contract, in the order the document lists them. */
  static final List<Route> ROUTES =
      List.of(
          r(
              "post",
              "/register/",
              "Sign up; the default profile gets the person fields",
              "-",
              "email:string! username:string password:string! password_confirm:string!"
                  + " first_name:string! last_name_1:string! last_name_2:string"
                  + " birthday:date! gender:string! role:string"
                  + " terms_and_conditions_accepted:boolean",
              201,
              "`{detail}`; serializer errors 409 `{detail}`; passwords differ 400"),
          r(
              "post",
              "/registration/account-confirmation-email/",
              "Confirm the email with the link's uid and token",
              "-",
              "uid:string! token:string!",
              200,
              "`{detail}`; 400 `non_field_errors`"),
          r(
              "post",
              "/registration/account-confirmation-email/resend/",
              "Send a new confirmation link; the same answer for every address",
              "-",
              "email:string!",
              200,
              "`{detail, email_sent}`"),
          r(
              "post",
              "/login/basic/",
              "Sign in with an email or username and a password",
              "-",
              "login:string! password:string! client:string! " + DEVICE,
              200,
              "web or mobile answer; 401 `{detail}`"),
          r(
              "post",
              "/password-reset/request/",
              "Email a reset link; the same answer for every address",
              "-",
              "email:string!",
              200,
              "`{detail, email_sent}`"),
          r(
              "post",
              "/password-reset/confirm/",
              "Set a new password with the link's uid and token",
              "-",
              "uid:string! token:string! new_password:string! new_password_confirm:string!",
              200,
              "`{detail}`; dead link 400 `[\"Token invalido o expirado.\"]`"),
          r(
              "post",
              "/password-reset/change/",
              "Change the password",
              "yes",
              "old_password:string! new_password:string! new_password_confirm:string!",
              200,
              "`{detail}`; 400 `{old_password}`"),
          r(
              "post",
              "/otp/request/",
              "Send a one-time code by SMS or email",
              "-",
              "email:string phone:string channel:string!",
              201,
              "`{detail, channel}`; cooldown 429"),
          r(
              "post",
              "/otp/verify/",
              "Sign in with a one-time code",
              "-",
              "email:string phone:string code:string! client:string! " + DEVICE + " role:string",
              200,
              "web or mobile answer; 401, 429"),
          r(
              "post",
              "/login/social/",
              "Sign in with a provider's token",
              "-",
              SOCIAL + " client:string! " + DEVICE + " terms_and_conditions_accepted:boolean",
              200,
              "web or mobile answer + `social_provider, user_created, linked_existing_user`;"
                  + " 400/401 `{detail, code}`"),
          r(
              "post",
              "/login/social/precheck/",
              "What a social sign-in would do; the token is not spent",
              "-",
              SOCIAL + " client:string!",
              200,
              "`{provider, email, email_verified, social_account_exists, linked_existing_user,"
                  + " user_exists, would_create_user, can_login}`"),
          r(
              "post",
              "/login/social/link/",
              "Link a provider's identity",
              "yes",
              SOCIAL,
              200,
              "`{detail, provider}`; 400 `social_already_linked`"),
          r(
              "post",
              "/login/social/unlink/",
              "Unlink a provider",
              "yes",
              "provider:string!",
              200,
              "`{detail, provider}`; 404 `social_not_found`"),
          r(
              "post",
              "/token/refresh/",
              "A new access token (simplejwt's refresh)",
              "-",
              "refresh:string!",
              200,
              "`{access}` (`{access, refresh}` with rotation); 401 `token_not_valid`"),
          r(
              "get",
              "/me/",
              "The signed-in user, for a web or mobile client",
              "yes",
              "client?query device_token?query",
              200,
              "web or mobile answer without tokens; 400 without `client`"),
          r(
              "post",
              "/profile/switch/",
              "Act as another profile",
              "yes",
              "profile:integer! client:string! " + DEVICE,
              200,
              "web or mobile answer for that profile; 404"),
          r(
              "patch",
              "/profile/picture/",
              "Set or clear a profile's picture",
              "yes",
              "picture:string! profile:integer",
              200,
              "`{detail, profile_id}`; 400; 503 without a PictureStore"),
          r("get", "/profiles/", "The caller's profiles", "yes", "", 200, "`[profile]`"),
          r(
              "post",
              "/profiles/",
              "Create a profile",
              "yes",
              "role:string label:string settings:object is_active:boolean is_default:boolean"
                  + " first_name:string last_name_1:string last_name_2:string birthday:date"
                  + " gender:string",
              201,
              "profile"),
          r(
              "get",
              "/profiles/{id}/",
              "One of the caller's profiles",
              "yes",
              "",
              200,
              "profile; 404"),
          r(
              "put",
              "/profiles/{id}/",
              "Change a profile (every field optional)",
              "yes",
              "role:string label:string settings:object is_active:boolean is_default:boolean"
                  + " first_name:string last_name_1:string last_name_2:string birthday:date"
                  + " gender:string",
              200,
              "profile; 404"),
          r(
              "patch",
              "/profiles/{id}/",
              "Change some of a profile's fields",
              "yes",
              "role:string label:string settings:object is_active:boolean is_default:boolean"
                  + " first_name:string last_name_1:string last_name_2:string birthday:date"
                  + " gender:string",
              200,
              "profile; 404"),
          r("delete", "/profiles/{id}/", "Delete a profile", "yes", "", 204, "no body; 404"),
          r(
              "put",
              "/account/update/",
              "Change the account (email and username required)",
              "yes",
              "email:string! username:string! phone:string language:string timezone:string",
              200,
              "user"),
          r(
              "patch",
              "/account/update/",
              "Change some of the account's fields",
              "yes",
              "email:string username:string phone:string language:string timezone:string",
              200,
              "user"),
          r(
              "delete",
              "/account/delete/",
              "Delete the account",
              "yes",
              "confirmation:boolean!",
              200,
              "`\"Cuenta eliminada correctamente.\"`"),
          r(
              "post",
              "/admin/create-superuser/",
              "The first superuser, while none exists",
              "header `X-Admin-Bootstrap-Token`",
              "email:string! password:string!",
              201,
              "`{detail, id, email, is_superuser, is_staff}`"),
          r(
              "post",
              "/admin/create-staff/",
              "A staff account",
              "yes (a superuser)",
              "email:string! password:string!",
              201,
              "`{detail, id, email, is_superuser, is_staff}`; 403, 409"),
          r("get", "/openapi.json", "This document", "-", "", 200, "the OpenAPI 3.1 document"));

  private JbOpenApiDocument() {}

  /**
   * The document for a base path.
   *
   * @param paths the contract's paths
   * @return the document as maps and lists
   */
  static Map<String, Object> build(ContractPaths paths) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put(
        "info",
        OpenApiDocument.map(
            "title", "Gatehouse HTTP contract: jb-drf-auth",
            "version", "0.1.9",
            "description",
                "jb-drf-auth 0.1.9's routes (gatehouse.http.contract=jb-drf-auth): bodies as JSON,"
                    + " form or multipart; errors in Django REST framework's shapes"
                    + " ({\"detail\": ...}, field-keyed lists, non_field_errors)."));
    Map<String, Object> items = new LinkedHashMap<>();
    for (Route route : ROUTES) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item =
          (Map<String, Object>)
              items.computeIfAbsent(paths.basePath() + route.path(), k -> new LinkedHashMap<>());
      item.put(route.method(), operation(route));
    }
    doc.put("paths", items);
    doc.put(
        "components",
        OpenApiDocument.map(
            "securitySchemes",
            OpenApiDocument.map(
                "bearer",
                OpenApiDocument.map("type", "http", "scheme", "bearer", "bearerFormat", "JWT"))));
    return doc;
  }

  private static Map<String, Object> operation(Route route) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("operationId", operationId(route));
    op.put("summary", route.summary());
    List<Object> parameters = new ArrayList<>();
    if (route.path().contains("{id}")) {
      parameters.add(
          OpenApiDocument.map(
              "name",
              "id",
              "in",
              "path",
              "required",
              true,
              "schema",
              OpenApiDocument.map("type", "integer")));
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (String field : route.fields()) {
      if (field.endsWith("?query")) {
        String name = field.substring(0, field.length() - "?query".length());
        parameters.add(
            OpenApiDocument.map(
                "name",
                name,
                "in",
                "query",
                "required",
                false,
                "schema",
                OpenApiDocument.map("type", "string")));
        continue;
      }
      String[] nt = field.split(":");
      boolean req = nt[1].endsWith("!");
      String type = req ? nt[1].substring(0, nt[1].length() - 1) : nt[1];
      properties.put(
          nt[0],
          "date".equals(type)
              ? OpenApiDocument.map("type", "string", "format", "date")
              : OpenApiDocument.map("type", type));
      if (req) {
        required.add(nt[0]);
      }
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
      for (String media :
          List.of("application/json", "application/x-www-form-urlencoded", "multipart/form-data")) {
        content.put(media, OpenApiDocument.map("schema", schema));
      }
      op.put("requestBody", OpenApiDocument.map("required", true, "content", content));
    }
    if (!"-".equals(route.auth()) && !route.auth().startsWith("header")) {
      op.put("security", List.of(OpenApiDocument.map("bearer", List.of())));
    }
    op.put(
        "responses",
        OpenApiDocument.map(
            Integer.toString(route.status()), OpenApiDocument.map("description", route.answer())));
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
   * The route table of {@code docs/HTTP.md}'s jb-drf-auth section, generated from the document's
   * routes so the two cannot drift.
   *
   * @param basePath the base path shown, e.g. {@code /auth}
   * @return the Markdown table, one row per operation, ending with a newline
   */
  static String markdownTable(String basePath) {
    StringBuilder b =
        new StringBuilder("| method | path | token | body | answer |\n|---|---|---|---|---|\n");
    for (Route route : ROUTES) {
      List<String> names = new ArrayList<>();
      for (String field : route.fields()) {
        String name =
            field.contains("?")
                ? field.substring(0, field.indexOf('?')) + " (query)"
                : field.substring(0, field.indexOf(':'));
        names.add("`" + name + "`" + (field.endsWith("!") ? " (required)" : ""));
      }
      b.append("| ")
          .append(route.method().toUpperCase(Locale.ROOT))
          .append(" | `")
          .append(basePath)
          .append(route.path())
          .append("` | ")
          .append(route.auth())
          .append(" | ")
          .append(names.isEmpty() ? "–" : String.join(", ", names))
          .append(" | ")
          .append(route.status())
          .append(' ')
          .append(route.answer())
          .append(" |\n");
    }
    return b.toString();
  }
}
