package dev.gatehouse.core.module;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One HTTP route a module serves, declared in its {@link ModuleManifest} ({@link
 * ModuleManifest.Builder#routes}) and free of any web framework: the web module serves it under the
 * chosen contract's base path, reads its JSON body and answers its errors in that contract's shapes
 * (a handler's {@code AuthException} answers as a built-in route's), and lists it in the contract's
 * route table and OpenAPI document.
 *
 * <pre>{@code
 * ModuleManifest.of("api-keys")
 *     .routes(
 *         ModuleRoute.post("/api-keys/", Access.SIGNED_IN, "Creates an API key",
 *             ApiKeys.class,
 *             (keys, request) -> Answer.created(Map.of("key", keys.create(request.caller().orElseThrow())))))
 *     .build();
 * }</pre>
 *
 * <p>The route is checked when declared: its method is {@code GET}, {@code POST}, {@code PUT},
 * {@code PATCH} or {@code DELETE}; its path starts with {@code /} and each segment is lower-case
 * letters, digits and {@code -}, or a variable {@code {name}} (an optional trailing {@code /}, as
 * the built-in routes have). {@code Gatehouse.Builder#build()} refuses two routes of the same
 * method and path, and a route whose {@code service} no {@code Gatehouse.Builder#feature} provides.
 *
 * @param method the HTTP method, upper case
 * @param path the path under the contract's base path, e.g. {@code /api-keys/{id}/}
 * @param access who may call it
 * @param summary one line for the route table and the OpenAPI document
 * @param service the feature the handler works with, as the module registered it with {@code
 *     Gatehouse.Builder#feature}
 * @param handler what the route does; called on the request's thread, so it must be thread-safe
 * @param <S> the service's type
 */
public record ModuleRoute<S>(
    String method,
    String path,
    Access access,
    String summary,
    Class<S> service,
    Handler<S> handler) {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final Pattern PATH =
      Pattern.compile("(/([a-z0-9]+(-[a-z0-9]+)*|\\{[a-z][a-z0-9_]*\\}))+/?");

  /**
   * Checks the declaration.
   *
   * @param method the HTTP method
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param handler what it does
   * @throws IllegalArgumentException when the method or the path is not one a route may have, or
   *     the summary is blank
   */
  public ModuleRoute {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(access, "access");
    requireNonNull(summary, "summary");
    requireNonNull(service, "service");
    requireNonNull(handler, "handler");
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException(
          "a module route's method is one of GET, POST, PUT, PATCH, DELETE, not '" + method + "'");
    }
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException(
          "a module route's path starts with / and each segment is lower-case letters, digits and"
              + " '-', or a variable {name}: '"
              + path
              + "'");
    }
    if (summary.isBlank()) {
      throw new IllegalArgumentException("the route " + method + " " + path + " has no summary");
    }
  }

  /** Who may call a route. */
  public enum Access {
    /** Anyone: the request carries no caller ({@link Request#caller()} is empty). */
    PUBLIC,
    /**
     * Only with a valid access token of a live session: without one the web module answers 401 in
     * the contract's shape and the handler is not called; a session in which someone acts for the
     * user makes only {@code GET} requests, or those the host opens to it.
     */
    SIGNED_IN
  }

  /**
   * What a route does.
   *
   * @param <S> the service's type
   */
  @FunctionalInterface
  public interface Handler<S> {
    /**
     * Handles one request.
     *
     * @param service the module's feature, as {@code Gatehouse#feature(service)} answers it
     * @param request the request
     * @return the answer
     * @throws dev.gatehouse.core.error.AuthException a refusal, answered as any route's refusal in
     *     the contract's shapes
     */
    Answer handle(S service, Request request);
  }

  /**
   * A request to a module's route, as the web module read it.
   *
   * @param body the JSON body's members (empty without a body, and for {@code GET})
   * @param pathVariables the path's variables by name
   * @param query the query's parameters (the first value of each) by name
   * @param caller the verified access token of a {@link Access#SIGNED_IN} route; empty on a {@link
   *     Access#PUBLIC} route
   * @param client the client as for the built-in routes (its address through the host's proxy rule)
   */
  public record Request(
      Map<String, Object> body,
      Map<String, String> pathVariables,
      Map<String, String> query,
      Optional<VerifiedAccessToken> caller,
      ClientInfo client) {
    /**
     * Keeps unmodifiable copies of the maps; the body keeps its order and its JSON nulls.
     *
     * @param body the body's members
     * @param pathVariables the path's variables
     * @param query the query's parameters
     * @param caller the caller of a signed-in route
     * @param client the client
     */
    public Request {
      body = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(body, "body")));
      pathVariables = Map.copyOf(requireNonNull(pathVariables, "pathVariables"));
      query = Map.copyOf(requireNonNull(query, "query"));
      requireNonNull(caller, "caller");
      requireNonNull(client, "client");
    }
  }

  /**
   * A route's successful answer, written as JSON; a refusal is an {@code AuthException} instead.
   *
   * @param status a 2xx status
   * @param body the JSON object's members (empty for 204)
   */
  public record Answer(int status, Map<String, Object> body) {
    /**
     * Checks the answer.
     *
     * @param status a 2xx status
     * @param body the members
     * @throws IllegalArgumentException when the status is not 2xx, or a 204 has a body
     */
    public Answer {
      if (status < 200 || status > 299) {
        throw new IllegalArgumentException(
            "a route answers a refusal by throwing an AuthException, not with status " + status);
      }
      body = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(body, "body")));
      if (status == 204 && !body.isEmpty()) {
        throw new IllegalArgumentException("a 204 answer has no body");
      }
    }

    /**
     * @param body the members
     * @return 200 with the body
     */
    public static Answer ok(Map<String, ?> body) {
      return new Answer(200, new LinkedHashMap<>(body));
    }

    /**
     * @param body the members
     * @return 201 with the body
     */
    public static Answer created(Map<String, ?> body) {
      return new Answer(201, new LinkedHashMap<>(body));
    }

    /** {@return 204 without a body} */
    public static Answer noContent() {
      return new Answer(204, Map.of());
    }
  }

  /**
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param handler what it does
   * @param <S> the feature's type
   * @return a {@code GET} route
   */
  public static <S> ModuleRoute<S> get(
      String path, Access access, String summary, Class<S> service, Handler<S> handler) {
    return new ModuleRoute<>("GET", path, access, summary, service, handler);
  }

  /**
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param handler what it does
   * @param <S> the feature's type
   * @return a {@code POST} route
   */
  public static <S> ModuleRoute<S> post(
      String path, Access access, String summary, Class<S> service, Handler<S> handler) {
    return new ModuleRoute<>("POST", path, access, summary, service, handler);
  }

  /**
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param handler what it does
   * @param <S> the feature's type
   * @return a {@code PUT} route
   */
  public static <S> ModuleRoute<S> put(
      String path, Access access, String summary, Class<S> service, Handler<S> handler) {
    return new ModuleRoute<>("PUT", path, access, summary, service, handler);
  }

  /**
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param handler what it does
   * @param <S> the feature's type
   * @return a {@code PATCH} route
   */
  public static <S> ModuleRoute<S> patch(
      String path, Access access, String summary, Class<S> service, Handler<S> handler) {
    return new ModuleRoute<>("PATCH", path, access, summary, service, handler);
  }

  /**
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param handler what it does
   * @param <S> the feature's type
   * @return a {@code DELETE} route
   */
  public static <S> ModuleRoute<S> delete(
      String path, Access access, String summary, Class<S> service, Handler<S> handler) {
    return new ModuleRoute<>("DELETE", path, access, summary, service, handler);
  }

  /**
   * Calls the handler with the feature, keeping the service's type: the one call the web module
   * makes.
   *
   * @param feature the feature, of type {@link #service()}
   * @param request the request
   * @return the handler's answer
   * @throws ClassCastException when {@code feature} is not a {@link #service()}
   */
  public Answer handle(Object feature, Request request) {
    return handler.handle(service.cast(feature), request);
  }
}
