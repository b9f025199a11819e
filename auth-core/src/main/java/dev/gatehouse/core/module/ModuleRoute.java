package dev.gatehouse.core.module;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SignedInCaller;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP route a module serves, declared in its {@link ModuleManifest} ({@link
 * ModuleManifest.Builder#routes}) and free of any web framework: the web module serves it under the
 * chosen contract's base path, reads its body (JSON, or a {@linkplain #form form}) and answers its
 * errors in that contract's shapes (a handler's {@code AuthException} answers as a built-in
 * route's), and lists it in the contract's route table and OpenAPI document.
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
 * <p>A route a browser is sent to by another site (an identity provider's form post, a link) is a
 * {@linkplain #form form route} or a {@code GET} route, and may answer {@linkplain Answer#seeOther
 * a redirect} or {@linkplain Answer#signIn a sign-in}, which the web module lands in the host's
 * browser session. The web module adds no CSRF check to a form route, since it exists to take other
 * sites' posts: the handler checks what binds the post to the browser (a cookie set when the flow
 * started, {@link Request#cookies()}).
 *
 * @param method the HTTP method, upper case
 * @param path the path under the contract's base path, e.g. {@code /api-keys/{id}/}
 * @param access who may call it
 * @param summary one line for the route table and the OpenAPI document
 * @param service the feature the handler works with, as the module registered it with {@code
 *     Gatehouse.Builder#feature}
 * @param handler what the route does; called on the request's thread, so it must be thread-safe
 * @param reads how the web module reads the request's body
 * @param <S> the service's type
 */
public record ModuleRoute<S>(
    String method,
    String path,
    Access access,
    String summary,
    Class<S> service,
    Handler<S> handler,
    Reads reads) {
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
   * @param reads how the body is read
   * @throws IllegalArgumentException when the method or the path is not one a route may have, the
   *     summary is blank, or a route that is not a {@code POST} reads a form
   */
  public ModuleRoute {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(access, "access");
    requireNonNull(summary, "summary");
    requireNonNull(service, "service");
    requireNonNull(handler, "handler");
    requireNonNull(reads, "reads");
    if (reads == Reads.FORM && !method.equals("POST")) {
      throw new IllegalArgumentException("only a POST route reads a form, not " + method);
    }
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

  /**
   * A route that reads a JSON body ({@link Reads#JSON}).
   *
   * @param method the HTTP method
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param handler what it does
   * @throws IllegalArgumentException as the canonical constructor
   */
  public ModuleRoute(
      String method,
      String path,
      Access access,
      String summary,
      Class<S> service,
      Handler<S> handler) {
    this(method, path, access, summary, service, handler, Reads.JSON);
  }

  /** How the web module reads a route's request body into {@link Request#body()}. */
  public enum Reads {
    /** A JSON object ({@code application/json}); an empty body is an empty object. */
    JSON,
    /**
     * An HTML form's fields ({@code application/x-www-form-urlencoded}), the first value of each as
     * text: what a browser posts when another site's page submits a form to the route.
     */
    FORM
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
   * @param body the JSON body's members, or a form route's fields as text (empty without a body,
   *     and for {@code GET})
   * @param pathVariables the path's variables by name
   * @param query the query's parameters (the first value of each) by name
   * @param caller the verified access token of a {@link Access#SIGNED_IN} route; empty on a {@link
   *     Access#PUBLIC} route
   * @param client the client as for the built-in routes (its address through the host's proxy rule)
   * @param cookies the request's cookies (the first value of each) by name
   */
  public record Request(
      Map<String, Object> body,
      Map<String, String> pathVariables,
      Map<String, String> query,
      Optional<VerifiedAccessToken> caller,
      ClientInfo client,
      Map<String, String> cookies) {
    /**
     * Keeps unmodifiable copies of the maps; the body keeps its order and its JSON nulls.
     *
     * @param body the body's members
     * @param pathVariables the path's variables
     * @param query the query's parameters
     * @param caller the caller of a signed-in route
     * @param client the client
     * @param cookies the cookies
     */
    public Request {
      body = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(body, "body")));
      pathVariables = Map.copyOf(requireNonNull(pathVariables, "pathVariables"));
      query = Map.copyOf(requireNonNull(query, "query"));
      requireNonNull(caller, "caller");
      requireNonNull(client, "client");
      cookies = Map.copyOf(requireNonNull(cookies, "cookies"));
    }

    /**
     * {@return the caller of a signed-in route as the one caller rule reads it: who acts for the
     * user, when they signed in and how; empty on a public route}
     */
    public Optional<SignedInCaller> signedInCaller() {
      return caller.map(SignedInCaller::of);
    }

    /**
     * A request without cookies.
     *
     * @param body the body's members
     * @param pathVariables the path's variables
     * @param query the query's parameters
     * @param caller the caller of a signed-in route
     * @param client the client
     */
    public Request(
        Map<String, Object> body,
        Map<String, String> pathVariables,
        Map<String, String> query,
        Optional<VerifiedAccessToken> caller,
        ClientInfo client) {
      this(body, pathVariables, query, caller, client, Map.of());
    }
  }

  /**
   * A route's successful answer: a JSON body, a redirect ({@link #seeOther}) or a sign-in ({@link
   * #signIn}); a refusal is an {@code AuthException} instead.
   *
   * @param status a 2xx status, or 303 for a redirect
   * @param body the JSON object's members (empty for 204 and 303)
   * @param location where a 303 sends the browser; {@code null} otherwise
   * @param signIn the sign-in the route made, which the web module answers (status 200, empty
   *     body); {@code null} otherwise
   */
  public record Answer(
      int status, Map<String, Object> body, @Nullable URI location, @Nullable SignInResult signIn) {
    /**
     * Checks the answer.
     *
     * @param status a 2xx status, or 303 with a location
     * @param body the members
     * @param location a 303's location
     * @param signIn a sign-in's result
     * @throws IllegalArgumentException when the status is neither 2xx nor 303 with a location, a
     *     location comes without 303, or a 204, a 303 or a sign-in has a body
     */
    public Answer {
      if ((status < 200 || status > 299) && status != 303) {
        throw new IllegalArgumentException(
            "a route answers a refusal by throwing an AuthException, not with status " + status);
      }
      if ((status == 303) != (location != null)) {
        throw new IllegalArgumentException("a 303 answer, and only a 303, has a location");
      }
      body = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(body, "body")));
      if ((status == 204 || status == 303 || signIn != null) && !body.isEmpty()) {
        throw new IllegalArgumentException("a 204, a 303 or a sign-in's answer has no body");
      }
    }

    /**
     * A JSON answer.
     *
     * @param status a 2xx status
     * @param body the members
     * @throws IllegalArgumentException as the canonical constructor
     */
    public Answer(int status, Map<String, Object> body) {
      this(status, body, null, null);
    }

    /**
     * @param location where the browser goes next, e.g. an identity provider's address with its
     *     message in the query
     * @return 303 See Other to {@code location}, not cached
     */
    public static Answer seeOther(URI location) {
      return new Answer(303, Map.of(), requireNonNull(location, "location"), null);
    }

    /**
     * The route signed someone in (or reached the sign-in's second step). The web module answers it
     * as the contract answers a login; to a {@linkplain Reads#FORM form route}'s browser, it hands
     * it to the host's browser sign-in (the pages' session) when the host has one, which redirects
     * the browser on.
     *
     * @param result the sign-in's result
     * @return the answer
     */
    public static Answer signIn(SignInResult result) {
      return new Answer(200, Map.of(), null, requireNonNull(result, "result"));
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
   * @return a {@code POST} route that reads an HTML form's fields ({@link Reads#FORM})
   */
  public static <S> ModuleRoute<S> form(
      String path, Access access, String summary, Class<S> service, Handler<S> handler) {
    return new ModuleRoute<>("POST", path, access, summary, service, handler, Reads.FORM);
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
