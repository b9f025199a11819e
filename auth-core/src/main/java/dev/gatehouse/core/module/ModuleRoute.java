package dev.gatehouse.core.module;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SignedInCaller;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP route a module serves, declared in its {@link ModuleManifest} ({@link
 * ModuleManifest.Builder#routes}) and free of any web framework: the web module serves it under the
 * chosen contract's base path, reads its body, answers its errors in that contract's shapes (a
 * handler's {@code AuthException} answers as a built-in route's), and lists it in the contract's
 * route table and OpenAPI document.
 *
 * <p>A route is <em>typed</em>: it names the Java record its JSON body is read into ({@link
 * #takes}) and the record it answers ({@link #answers}). The web module reads the body into the
 * record, refusing a body that does not fit in the contract's 400 shape ({@code missing_field} for
 * an absent or null member a component needs, {@code invalid_field} for a member of another JSON
 * type, a control character anywhere), writes the answer record as JSON, and derives both JSON
 * schemas of the OpenAPI document from the records' components (see {@link #takes}). A handler that
 * would rather read the body's members itself takes {@code Map.class}: that is the same route with
 * the least typed body (any JSON object), not a second kind of route.
 *
 * <pre>{@code
 * record NewKey(String name) {}
 * record Key(String id, String name, Instant createdAt) {}
 *
 * ModuleManifest.of("api-keys")
 *     .routes(
 *         ModuleRoute.post("/api-keys/", Access.SIGNED_IN, "Creates an API key",
 *                 ApiKeys.class, NewKey.class, Key.class,
 *                 (keys, body, request) ->
 *                     Answer.created(keys.create(request.caller().orElseThrow(), body.name())))
 *             .refusing(400, 401, 429))
 *     .build();
 * }</pre>
 *
 * <p>The route is checked when declared: its method is {@code GET}, {@code POST}, {@code PUT},
 * {@code PATCH} or {@code DELETE}; its path starts with {@code /} and each segment is lower-case
 * letters, digits and {@code -}, or a variable {@code {name}} (an optional trailing {@code /}, as
 * the built-in routes have); its body and answer types are records (or {@code Map}) whose
 * components have types the web module reads and writes. {@code Gatehouse.Builder#build()} refuses
 * two routes of the same method and path, and a route whose {@code service} no {@code
 * Gatehouse.Builder#feature} provides.
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
 * @param takes the body's type: a record whose components are the JSON object's members, their
 *     names in snake_case ({@code createdAt} is {@code created_at}); a component is required unless
 *     its type is annotated {@code @Nullable} (jspecify). A component is a {@code String}, a {@code
 *     boolean}, an {@code int} or {@code long} (or their boxes), an {@code Instant}, a {@code
 *     LocalDate}, a {@code UUID}, a {@code List} of one of these, another such record, or a {@code
 *     Map<String, Object>} (any JSON object, read as is). {@code Map.class}: any JSON object, its
 *     members as read (a form route's fields, a {@code GET} route's empty body)
 * @param answers the answer's type: a record as {@code takes} says (written with the same names and
 *     types), {@code Map.class} for any JSON object, or {@code SignInResult.class} for a route that
 *     answers {@linkplain Answer#signIn a sign-in} (the contract's login answer; such a route reads
 *     its {@linkplain Request#client() client} as every sign-in route does, from the body's {@code
 *     client}, {@code device} and {@code remembered_device})
 * @param status the success status the OpenAPI document lists (the answer's own status is what is
 *     sent)
 * @param operationId the OpenAPI operation id, or {@code null} for one made of the module's name,
 *     the method and the path
 * @param refusals the error statuses the OpenAPI document lists for the route
 * @param <S> the service's type
 */
public record ModuleRoute<S>(
    String method,
    String path,
    Access access,
    String summary,
    Class<S> service,
    Typed<S, ?> handler,
    Reads reads,
    Class<?> takes,
    Class<?> answers,
    int status,
    @Nullable String operationId,
    List<Integer> refusals) {
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
   * @param takes the body's type
   * @param answers the answer's type
   * @param status the documented success status
   * @param operationId the operation id, or {@code null}
   * @param refusals the documented error statuses
   * @throws IllegalArgumentException when the method or the path is not one a route may have, the
   *     summary is blank, a route that is not a {@code POST} reads a form, a form route or a {@code
   *     GET} route takes a record, a type is neither {@code Map} nor a record of the types {@link
   *     #takes} lists, the status is not 2xx or 303, a refusal is not 4xx, or the operation id is
   *     not letters and digits
   */
  public ModuleRoute {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(access, "access");
    requireNonNull(summary, "summary");
    requireNonNull(service, "service");
    requireNonNull(handler, "handler");
    requireNonNull(reads, "reads");
    requireNonNull(takes, "takes");
    requireNonNull(answers, "answers");
    refusals = List.copyOf(requireNonNull(refusals, "refusals"));
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
    if (takes != Map.class && (reads == Reads.FORM || method.equals("GET"))) {
      throw new IllegalArgumentException(
          "the route "
              + method
              + " "
              + path
              + " reads "
              + (reads == Reads.FORM ? "a form's fields" : "no body")
              + ": it takes Map.class, not "
              + takes.getName());
    }
    RecordTypes.check(takes, "the body of " + method + " " + path);
    if (answers != SignInResult.class) {
      RecordTypes.check(answers, "the answer of " + method + " " + path);
    }
    if ((status < 200 || status > 299) && status != 303) {
      throw new IllegalArgumentException(
          "the route " + method + " " + path + " succeeds with a 2xx or 303, not " + status);
    }
    for (int refusal : refusals) {
      if (refusal < 400 || refusal > 499) {
        throw new IllegalArgumentException(
            "the route " + method + " " + path + " lists " + refusal + ", not a 4xx refusal");
      }
    }
    if (operationId != null && !operationId.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "an operation id is letters, digits and '_', not '" + operationId + "'");
    }
  }

  /**
   * A route that reads any JSON object ({@code Map.class}) and answers one.
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

  /**
   * A route that reads any JSON object or form ({@code Map.class}) and answers any JSON object.
   *
   * @param method the HTTP method
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param handler what it does
   * @param reads how the body is read
   * @throws IllegalArgumentException as the canonical constructor
   */
  public ModuleRoute(
      String method,
      String path,
      Access access,
      String summary,
      Class<S> service,
      Handler<S> handler,
      Reads reads) {
    this(
        method,
        path,
        access,
        summary,
        service,
        untyped(handler),
        reads,
        Map.class,
        Map.class,
        200,
        null,
        defaultRefusals(access));
  }

  private static <S> Typed<S, Map<String, Object>> untyped(Handler<S> handler) {
    requireNonNull(handler, "handler");
    return (service, body, request) -> handler.handle(service, request);
  }

  private static List<Integer> defaultRefusals(Access access) {
    return access == Access.SIGNED_IN ? List.of(400, 401) : List.of(400);
  }

  /**
   * The same route under another OpenAPI operation id (a route that moved keeps the id clients
   * generated code from).
   *
   * @param id letters, digits and {@code _}
   * @return the route with the id
   * @throws IllegalArgumentException when the id is not letters and digits
   */
  public ModuleRoute<S> named(String id) {
    return new ModuleRoute<>(
        method,
        path,
        access,
        summary,
        service,
        handler,
        reads,
        takes,
        answers,
        status,
        requireNonNull(id, "id"),
        refusals);
  }

  /**
   * The same route documented with another success status (a creation's 201, say).
   *
   * @param documented a 2xx status, or 303
   * @return the route with the status
   * @throws IllegalArgumentException when it is neither
   */
  public ModuleRoute<S> answering(int documented) {
    return new ModuleRoute<>(
        method,
        path,
        access,
        summary,
        service,
        handler,
        reads,
        takes,
        answers,
        documented,
        operationId,
        refusals);
  }

  /**
   * The same route documented with these error statuses (by default 400, and 401 for a signed-in
   * route); what is answered is what the handler and the contract's checks throw.
   *
   * @param statuses 4xx statuses, in the order the document lists them
   * @return the route with the statuses
   * @throws IllegalArgumentException when one is not 4xx
   */
  public ModuleRoute<S> refusing(Integer... statuses) {
    return new ModuleRoute<>(
        method,
        path,
        access,
        summary,
        service,
        handler,
        reads,
        takes,
        answers,
        status,
        operationId,
        List.of(statuses));
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
   * What a route that reads its body's members itself does ({@code Map.class}).
   *
   * @param <S> the service's type
   */
  @FunctionalInterface
  public interface Handler<S> {
    /**
     * Handles one request.
     *
     * @param service the module's feature, as {@code Gatehouse#feature(service)} answers it
     * @param request the request; {@link Request#body()} holds the body's members
     * @return the answer
     * @throws dev.gatehouse.core.error.AuthException a refusal, answered as any route's refusal in
     *     the contract's shapes
     */
    Answer handle(S service, Request request);
  }

  /**
   * What a typed route does.
   *
   * @param <S> the service's type
   * @param <B> the body's type ({@link #takes()})
   */
  @FunctionalInterface
  public interface Typed<S, B> {
    /**
     * Handles one request.
     *
     * @param service the module's feature, as {@code Gatehouse#feature(service)} answers it
     * @param body the body, read into {@link #takes()} and checked
     * @param request the rest of the request (path, query, headers, cookies, caller, client)
     * @return the answer, its body an instance of {@link #answers()}
     * @throws dev.gatehouse.core.error.AuthException a refusal, answered as any route's refusal in
     *     the contract's shapes
     */
    Answer handle(S service, B body, Request request);
  }

  /**
   * A request to a module's route, as the web module read it.
   *
   * @param body the JSON body's members, or a form route's fields as text (empty without a body,
   *     and for {@code GET}); a typed route gets its body as a record besides
   * @param pathVariables the path's variables by name
   * @param query the query's parameters (the first value of each) by name
   * @param caller the verified access token of a {@link Access#SIGNED_IN} route; empty on a {@link
   *     Access#PUBLIC} route
   * @param client the client as for the built-in routes (its address through the host's proxy
   *     rule); a route answering {@code SignInResult} reads it as the sign-in routes do
   * @param cookies the request's cookies (the first value of each) by name
   * @param headers the request's headers (the first value of each) by lower-case name, without
   *     {@code Authorization} (the caller rule reads it: {@link #caller()}) and {@code Cookie}
   *     ({@link #cookies()}); none holds a control character
   */
  public record Request(
      Map<String, Object> body,
      Map<String, String> pathVariables,
      Map<String, String> query,
      Optional<VerifiedAccessToken> caller,
      ClientInfo client,
      Map<String, String> cookies,
      Map<String, String> headers) {
    /**
     * Keeps unmodifiable copies of the maps; the body keeps its order and its JSON nulls.
     *
     * @param body the body's members
     * @param pathVariables the path's variables
     * @param query the query's parameters
     * @param caller the caller of a signed-in route
     * @param client the client
     * @param cookies the cookies
     * @param headers the headers by lower-case name
     * @throws IllegalArgumentException when a header's name is not lower case, or is {@code
     *     authorization} or {@code cookie}
     */
    public Request {
      body = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(body, "body")));
      pathVariables = Map.copyOf(requireNonNull(pathVariables, "pathVariables"));
      query = Map.copyOf(requireNonNull(query, "query"));
      requireNonNull(caller, "caller");
      requireNonNull(client, "client");
      cookies = Map.copyOf(requireNonNull(cookies, "cookies"));
      headers = Map.copyOf(requireNonNull(headers, "headers"));
      for (String name : headers.keySet()) {
        if (!name.equals(name.toLowerCase(Locale.ROOT))
            || name.equals("authorization")
            || name.equals("cookie")) {
          throw new IllegalArgumentException(
              "a request's headers are named in lower case, without authorization and cookie: '"
                  + name
                  + "'");
        }
      }
    }

    /**
     * {@return the caller of a signed-in route as the one caller rule reads it: who acts for the
     * user, when they signed in and how; empty on a public route}
     */
    public Optional<SignedInCaller> signedInCaller() {
      return caller.map(SignedInCaller::of);
    }

    /**
     * @param name a header's name, in any case
     * @return its first value, if the request has it
     */
    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * A request without headers.
     *
     * @param body the body's members
     * @param pathVariables the path's variables
     * @param query the query's parameters
     * @param caller the caller of a signed-in route
     * @param client the client
     * @param cookies the cookies
     */
    public Request(
        Map<String, Object> body,
        Map<String, String> pathVariables,
        Map<String, String> query,
        Optional<VerifiedAccessToken> caller,
        ClientInfo client,
        Map<String, String> cookies) {
      this(body, pathVariables, query, caller, client, cookies, Map.of());
    }

    /**
     * A request without cookies and headers.
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
      this(body, pathVariables, query, caller, client, Map.of(), Map.of());
    }
  }

  /**
   * The contract's plain acknowledgement, {@code {"detail": "..."}}, for a route with nothing else
   * to answer.
   *
   * @param detail one sentence for people
   */
  public record Detail(String detail) {
    /**
     * @param detail one sentence
     */
    public Detail {
      requireNonNull(detail, "detail");
    }
  }

  /**
   * A route's successful answer: a JSON body, a redirect ({@link #seeOther}) or a sign-in ({@link
   * #signIn}); a refusal is an {@code AuthException} instead.
   *
   * <p>Its headers are the module's, within what the contract keeps for itself: a module sets no
   * {@code Set-Cookie} (the session cookies are the contract's and the pages'), no caching or
   * content header ({@code Cache-Control}, {@code Content-Type}, {@code Content-Length}: every
   * answer is JSON and never cached), no {@code Location} (a redirect is {@link #seeOther}), no
   * CORS header ({@code Access-Control-*}, {@code Vary}), no browser security header ({@code
   * Content-Security-Policy*}, {@code Strict-Transport-Security}, {@code X-Frame-Options}, {@code
   * X-Content-Type-Options}, {@code Referrer-Policy}, {@code Permissions-Policy}, {@code
   * Cross-Origin-*}) and no header of the contract's error shape ({@code WWW-Authenticate}, {@code
   * Retry-After}: a refusal throws).
   *
   * @param status a 2xx status, or 303 for a redirect
   * @param body the JSON object: a record (of the route's {@link ModuleRoute#answers()}) or its
   *     members as a map (empty for 204, 303 and a sign-in)
   * @param location where a 303 sends the browser; {@code null} otherwise
   * @param signIn the sign-in the route made, which the web module answers (status 200, empty
   *     body); {@code null} otherwise
   * @param headers further headers by name, sent with a JSON or a 204 answer
   */
  public record Answer(
      int status,
      Object body,
      @Nullable URI location,
      @Nullable SignInResult signIn,
      Map<String, String> headers) {
    private static final Set<String> CONTRACTS_HEADERS =
        Set.of(
            "set-cookie",
            "cache-control",
            "content-type",
            "content-length",
            "content-encoding",
            "transfer-encoding",
            "connection",
            "location",
            "vary",
            "strict-transport-security",
            "x-frame-options",
            "x-content-type-options",
            "referrer-policy",
            "permissions-policy",
            "www-authenticate",
            "retry-after");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /**
     * Checks the answer.
     *
     * @param status a 2xx status, or 303 with a location
     * @param body a record or a map of members
     * @param location a 303's location
     * @param signIn a sign-in's result
     * @param headers further headers
     * @throws IllegalArgumentException when the status is neither 2xx nor 303 with a location, a
     *     location comes without 303, a 204, a 303 or a sign-in has a body, a 303 or a sign-in has
     *     headers, the body is neither a record nor a map, or a header is one the contract keeps,
     *     not a header name, or has a control character in its value
     */
    public Answer {
      if ((status < 200 || status > 299) && status != 303) {
        throw new IllegalArgumentException(
            "a route answers a refusal by throwing an AuthException, not with status " + status);
      }
      if ((status == 303) != (location != null)) {
        throw new IllegalArgumentException("a 303 answer, and only a 303, has a location");
      }
      requireNonNull(body, "body");
      if (body instanceof Map<?, ?> members) {
        Map<String, Object> copy = new LinkedHashMap<>();
        members.forEach((k, v) -> copy.put((String) k, v));
        body = Collections.unmodifiableMap(copy);
      } else if (!(body instanceof Record)) {
        throw new IllegalArgumentException(
            "an answer's body is a record or a map, not " + body.getClass().getName());
      }
      boolean empty = body instanceof Map<?, ?> m && m.isEmpty();
      if ((status == 204 || status == 303 || signIn != null) && !empty) {
        throw new IllegalArgumentException("a 204, a 303 or a sign-in's answer has no body");
      }
      if ((status == 303 || signIn != null) && !requireNonNull(headers, "headers").isEmpty()) {
        throw new IllegalArgumentException(
            "a 303 and a sign-in are answered as the contract answers them, without a module's"
                + " headers");
      }
      Map<String, String> h = new LinkedHashMap<>();
      headers.forEach(
          (name, value) -> {
            checkHeader(name, value);
            h.put(name, value);
          });
      headers = Collections.unmodifiableMap(h);
    }

    private static void checkHeader(String name, String value) {
      requireNonNull(name, "header name");
      requireNonNull(value, "header value");
      String lower = name.toLowerCase(Locale.ROOT);
      if (!TOKEN.matcher(name).matches()) {
        throw new IllegalArgumentException("not a header name: '" + name + "'");
      }
      if (CONTRACTS_HEADERS.contains(lower)
          || lower.startsWith("access-control-")
          || lower.startsWith("content-security-policy")
          || lower.startsWith("cross-origin-")) {
        throw new IllegalArgumentException(
            "the header " + name + " is the contract's to set, not a module's");
      }
      for (int i = 0; i < value.length(); i++) {
        if (Character.getType(value.charAt(i)) == Character.CONTROL) {
          throw new IllegalArgumentException("the header " + name + " has a control character");
        }
      }
    }

    /**
     * A JSON answer.
     *
     * @param status a 2xx status
     * @param body a record or a map of members
     * @throws IllegalArgumentException as the canonical constructor
     */
    public Answer(int status, Object body) {
      this(status, body, null, null, Map.of());
    }

    /**
     * A JSON answer, a redirect or a sign-in without headers of the module's.
     *
     * @param status a 2xx status, or 303 with a location
     * @param body a record or a map of members
     * @param location a 303's location
     * @param signIn a sign-in's result
     * @throws IllegalArgumentException as the canonical constructor
     */
    public Answer(int status, Object body, @Nullable URI location, @Nullable SignInResult signIn) {
      this(status, body, location, signIn, Map.of());
    }

    /**
     * The same answer with one more header.
     *
     * @param name the header's name, not one the contract keeps (see above)
     * @param value its value, without control characters
     * @return the answer with the header
     * @throws IllegalArgumentException when the header is the contract's or malformed
     */
    public Answer withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Answer(status, body, location, signIn, h);
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
     * @param body a record or a map of members
     * @return 200 with the body
     */
    public static Answer ok(Object body) {
      return new Answer(200, body);
    }

    /**
     * @param body a record or a map of members
     * @return 201 with the body
     */
    public static Answer created(Object body) {
      return new Answer(201, body);
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
   * @param handler what it does, reading the body's members itself
   * @param <S> the feature's type
   * @return a {@code GET} route taking and answering any JSON object
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
   * @param answers the answer's record type ({@link #answers()})
   * @param handler what it does (its body is the empty map)
   * @param <S> the feature's type
   * @param <A> the answer's type
   * @return a {@code GET} route without a body, answering {@code answers}
   */
  public static <S, A> ModuleRoute<S> get(
      String path,
      Access access,
      String summary,
      Class<S> service,
      Class<A> answers,
      Typed<S, Map<String, Object>> handler) {
    return typed("GET", path, access, summary, service, Map.class, answers, handler);
  }

  /**
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param handler what it does, reading the body's members itself
   * @param <S> the feature's type
   * @return a {@code POST} route taking and answering any JSON object
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
   * @param takes the body's record type ({@link #takes()})
   * @param answers the answer's record type ({@link #answers()})
   * @param handler what it does with the body read into {@code takes}
   * @param <S> the feature's type
   * @param <B> the body's type
   * @param <A> the answer's type
   * @return a {@code POST} route reading {@code takes} and answering {@code answers}
   */
  public static <S, B, A> ModuleRoute<S> post(
      String path,
      Access access,
      String summary,
      Class<S> service,
      Class<B> takes,
      Class<A> answers,
      Typed<S, B> handler) {
    return typed("POST", path, access, summary, service, takes, answers, handler);
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
   * @param handler what it does, reading the body's members itself
   * @param <S> the feature's type
   * @return a {@code PUT} route taking and answering any JSON object
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
   * @param takes the body's record type ({@link #takes()})
   * @param answers the answer's record type ({@link #answers()})
   * @param handler what it does with the body read into {@code takes}
   * @param <S> the feature's type
   * @param <B> the body's type
   * @param <A> the answer's type
   * @return a {@code PUT} route reading {@code takes} and answering {@code answers}
   */
  public static <S, B, A> ModuleRoute<S> put(
      String path,
      Access access,
      String summary,
      Class<S> service,
      Class<B> takes,
      Class<A> answers,
      Typed<S, B> handler) {
    return typed("PUT", path, access, summary, service, takes, answers, handler);
  }

  /**
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param handler what it does, reading the body's members itself
   * @param <S> the feature's type
   * @return a {@code PATCH} route taking and answering any JSON object
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
   * @param takes the body's record type ({@link #takes()})
   * @param answers the answer's record type ({@link #answers()})
   * @param handler what it does with the body read into {@code takes}
   * @param <S> the feature's type
   * @param <B> the body's type
   * @param <A> the answer's type
   * @return a {@code PATCH} route reading {@code takes} and answering {@code answers}
   */
  public static <S, B, A> ModuleRoute<S> patch(
      String path,
      Access access,
      String summary,
      Class<S> service,
      Class<B> takes,
      Class<A> answers,
      Typed<S, B> handler) {
    return typed("PATCH", path, access, summary, service, takes, answers, handler);
  }

  /**
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param handler what it does, reading the body's members itself
   * @param <S> the feature's type
   * @return a {@code DELETE} route taking and answering any JSON object
   */
  public static <S> ModuleRoute<S> delete(
      String path, Access access, String summary, Class<S> service, Handler<S> handler) {
    return new ModuleRoute<>("DELETE", path, access, summary, service, handler);
  }

  /**
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param answers the answer's record type ({@link #answers()})
   * @param handler what it does (its body is the empty map)
   * @param <S> the feature's type
   * @param <A> the answer's type
   * @return a {@code DELETE} route without a body, answering {@code answers}
   */
  public static <S, A> ModuleRoute<S> delete(
      String path,
      Access access,
      String summary,
      Class<S> service,
      Class<A> answers,
      Typed<S, Map<String, Object>> handler) {
    return typed("DELETE", path, access, summary, service, Map.class, answers, handler);
  }

  /**
   * @param path the path under the base path
   * @param access who may call it
   * @param summary one line
   * @param service the feature's type
   * @param takes the body's record type ({@link #takes()})
   * @param answers the answer's record type ({@link #answers()})
   * @param handler what it does with the body read into {@code takes}
   * @param <S> the feature's type
   * @param <B> the body's type
   * @param <A> the answer's type
   * @return a {@code DELETE} route reading {@code takes} and answering {@code answers}
   */
  public static <S, B, A> ModuleRoute<S> delete(
      String path,
      Access access,
      String summary,
      Class<S> service,
      Class<B> takes,
      Class<A> answers,
      Typed<S, B> handler) {
    return typed("DELETE", path, access, summary, service, takes, answers, handler);
  }

  private static <S> ModuleRoute<S> typed(
      String method,
      String path,
      Access access,
      String summary,
      Class<S> service,
      Class<?> takes,
      Class<?> answers,
      Typed<S, ?> handler) {
    return new ModuleRoute<>(
        method,
        path,
        access,
        summary,
        service,
        handler,
        Reads.JSON,
        takes,
        answers,
        200,
        null,
        defaultRefusals(access));
  }

  /**
   * Calls the handler with the feature and the body, keeping their types: the one call the web
   * module makes.
   *
   * @param feature the feature, of type {@link #service()}
   * @param body the body, of type {@link #takes()} (for {@code Map.class}, the request's {@link
   *     Request#body()})
   * @param request the request
   * @return the handler's answer
   * @throws ClassCastException when {@code feature} is not a {@link #service()} or {@code body} not
   *     a {@link #takes()}
   */
  @SuppressWarnings("unchecked")
  public Answer handle(Object feature, Object body, Request request) {
    return ((Typed<S, Object>) handler).handle(service.cast(feature), takes.cast(body), request);
  }

  /**
   * Calls the handler of a route that takes {@code Map.class} with the request's members: what a
   * module's own test calls.
   *
   * @param feature the feature, of type {@link #service()}
   * @param request the request
   * @return the handler's answer
   * @throws ClassCastException when {@code feature} is not a {@link #service()}, or the route takes
   *     a record
   */
  public Answer handle(Object feature, Request request) {
    return handle(feature, request.body(), request);
  }
}
