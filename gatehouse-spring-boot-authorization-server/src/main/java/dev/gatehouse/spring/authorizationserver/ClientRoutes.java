package dev.gatehouse.spring.authorizationserver;

import static dev.gatehouse.core.module.ModuleRoute.Access.SIGNED_IN;

import dev.gatehouse.core.module.Answer;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.Request;
import dev.gatehouse.spring.authorizationserver.OpenIdClientAdmin.ClientDraft;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The module's staff routes, declared in its manifest and served by Gatehouse's web module under
 * the contract's base path ({@code /auth/openid-clients}); the service ({@link OpenIdClientAdmin})
 * checks the caller first ({@code forbidden}, audited), then the body.
 */
final class ClientRoutes {
  private ClientRoutes() {}

  static final List<ModuleRoute<OpenIdClientAdmin>> ROUTES =
      List.of(
          ModuleRoute.get(
              "/openid-clients",
              SIGNED_IN,
              "Staff: the OpenID provider's registered clients",
              OpenIdClientAdmin.class,
              (admin, request) ->
                  Answer.ok(
                      Map.of(
                          "clients",
                          admin.list(request.caller().orElseThrow()).stream()
                              .map(ClientRoutes::described)
                              .toList()))),
          ModuleRoute.post(
              "/openid-clients",
              SIGNED_IN,
              "Staff: register a client (body: client_id, name, kind, first_party, redirect_uris,"
                  + " post_logout_redirect_uris, scopes); its secret is answered once; audited",
              OpenIdClientAdmin.class,
              (admin, request) -> {
                OpenIdClients.Registered registered =
                    admin.register(
                        request.caller().orElseThrow(), draft(request), request.client());
                Map<String, Object> body = described(registered.client());
                if (registered.secret() != null) {
                  body.put("client_secret", registered.secret());
                }
                return Answer.created(body);
              }),
          ModuleRoute.patch(
              "/openid-clients/{client_id}",
              SIGNED_IN,
              "Staff: change a client's name, first_party, redirect_uris, post_logout_redirect_uris"
                  + " or scopes (the members given); audited",
              OpenIdClientAdmin.class,
              (admin, request) ->
                  Answer.ok(
                      described(
                          admin.change(
                              request.caller().orElseThrow(),
                              request.pathVariables().get("client_id"),
                              draft(request),
                              request.client())))),
          ModuleRoute.post(
              "/openid-clients/{client_id}/secret",
              SIGNED_IN,
              "Staff: replace a client's secret, answered once; the old one stops working; audited",
              OpenIdClientAdmin.class,
              (admin, request) ->
                  Answer.ok(
                      Map.of(
                          "client_secret",
                          admin.newSecret(
                              request.caller().orElseThrow(),
                              request.pathVariables().get("client_id"),
                              request.client())))),
          ModuleRoute.delete(
              "/openid-clients/{client_id}",
              SIGNED_IN,
              "Staff: remove a client with its consents and everything issued to it; audited",
              OpenIdClientAdmin.class,
              (admin, request) -> {
                admin.remove(
                    request.caller().orElseThrow(),
                    request.pathVariables().get("client_id"),
                    request.client());
                return Answer.noContent();
              }));

  /** The body's members, each {@code null} when absent or not of its type (then refused). */
  private static ClientDraft draft(Request request) {
    Map<String, Object> b = request.body();
    return new ClientDraft(
        text(b.get("client_id")),
        text(b.get("name")),
        text(b.get("kind")),
        b.get("first_party") instanceof Boolean f ? f : null,
        texts(b, "redirect_uris"),
        texts(b, "post_logout_redirect_uris"),
        texts(b, "scopes"));
  }

  private static @Nullable String text(@Nullable Object value) {
    return value instanceof String s ? s : null;
  }

  /**
   * A member that is a list of strings; a member of another type is answered as a list holding a
   * value no client takes, so that it is refused rather than read as absent.
   */
  private static @Nullable List<String> texts(Map<String, Object> body, String member) {
    if (!body.containsKey(member)) {
      return null;
    }
    List<String> values = new ArrayList<>();
    if (body.get(member) instanceof List<?> list) {
      for (Object v : list) {
        values.add(v instanceof String s ? s : " ");
      }
      return values;
    }
    return List.of(" ");
  }

  static Map<String, Object> described(OpenIdClient c) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client_id", c.clientId());
    body.put("name", c.name());
    body.put("kind", c.kind().name());
    body.put("first_party", c.firstParty());
    body.put("redirect_uris", c.redirectUris());
    body.put("post_logout_redirect_uris", c.postLogoutRedirectUris());
    body.put("scopes", c.scopes().stream().sorted().toList());
    return body;
  }
}
