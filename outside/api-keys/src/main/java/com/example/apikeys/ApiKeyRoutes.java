package com.example.apikeys;

import static dev.gatehouse.core.module.ModuleRoute.Access.PUBLIC;
import static dev.gatehouse.core.module.ModuleRoute.Access.SIGNED_IN;

import com.example.apikeys.ApiKeyService.ApiKey;
import com.example.apikeys.ApiKeyService.CreatedKey;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.Answer;
import dev.gatehouse.core.module.Request;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SignedIn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The module's HTTP routes, declared in its manifest and served by Gatehouse's web module under the
 * contract's base path (e.g. {@code /auth/api-keys}), with the contract's error shapes: a refusal
 * is the {@code AuthException} the service threw.
 */
final class ApiKeyRoutes {
  private ApiKeyRoutes() {}

  static final List<ModuleRoute<ApiKeyService>> ROUTES =
      List.of(
          ModuleRoute.post(
              "/api-keys",
              SIGNED_IN,
              "Create an API key for the caller's account; the answer shows the key, once",
              ApiKeyService.class,
              ApiKeyRoutes::create),
          ModuleRoute.get(
              "/api-keys",
              SIGNED_IN,
              "List the caller's API keys, without their secrets",
              ApiKeyService.class,
              (keys, request) -> Answer.ok(Map.of("keys", listed(keys, request)))),
          ModuleRoute.delete(
              "/api-keys/{id}",
              SIGNED_IN,
              "Revoke one of the caller's API keys",
              ApiKeyService.class,
              ApiKeyRoutes::revoke),
          ModuleRoute.post(
              "/api-keys/sign-in",
              PUBLIC,
              "Sign in with an API key; answers the session's tokens",
              ApiKeyService.class,
              ApiKeyRoutes::signIn));

  private static Answer create(ApiKeyService keys, Request request) {
    CreatedKey created = keys.create(request.caller().orElseThrow(), text(request, "name"));
    Map<String, Object> body = described(created.description());
    body.put("key", created.key());
    return Answer.created(body);
  }

  private static List<Map<String, Object>> listed(ApiKeyService keys, Request request) {
    return keys.list(request.caller().orElseThrow()).stream().map(ApiKeyRoutes::described).toList();
  }

  private static Answer revoke(ApiKeyService keys, Request request) {
    Optional<UUID> id = uuid(request.pathVariables().get("id"));
    if (id.isEmpty() || !keys.revoke(request.caller().orElseThrow(), id.get())) {
      throw new NotFoundException(ApiKeyErrors.API_KEY_NOT_FOUND);
    }
    return Answer.noContent();
  }

  private static Answer signIn(ApiKeyService keys, Request request) {
    SignInResult result = keys.signIn(text(request, "key"), request.client());
    if (result instanceof SignedIn in) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("token_type", "Bearer");
      body.put("access", in.tokens().accessToken());
      body.put("refresh", in.tokens().refreshToken());
      body.put("expires_at", in.tokens().accessTokenExpiresAt().toString());
      body.put("user_id", in.userId().toString());
      return Answer.ok(body);
    }
    // An account with a second factor: the pipeline asked for the step (it fails closed for every
    // method), which a route's answer cannot carry; the client signs in another way.
    throw new RejectedInputException(
        ErrorCode.MFA_REQUIRED,
        "this account signs in with a second step, which a sign-in by API key does not offer");
  }

  private static Map<String, Object> described(ApiKey key) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", key.id().toString());
    body.put("name", key.name());
    body.put("created_at", key.createdAt().toString());
    body.put("last_used_at", key.lastUsedAt() == null ? null : key.lastUsedAt().toString());
    return body;
  }

  /** A member of the body as text; anything else as the empty text, which the service refuses. */
  private static String text(Request request, String member) {
    return request.body().get(member) instanceof String s ? s : "";
  }

  private static Optional<UUID> uuid(String text) {
    if (text == null || !text.matches("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")) {
      return Optional.empty();
    }
    return Optional.of(UUID.fromString(text));
  }
}
