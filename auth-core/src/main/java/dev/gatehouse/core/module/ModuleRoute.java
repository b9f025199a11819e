package dev.gatehouse.core.module;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
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
    RouteChecks.check(method, path, summary, reads, takes, answers, status, operationId, refusals);
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
    return with(status, requireNonNull(id, "id"), refusals);
  }

  /**
   * The same route documented with another success status (a creation's 201, say).
   *
   * @param documented a 2xx status, or 303
   * @return the route with the status
   * @throws IllegalArgumentException when it is neither
   */
  public ModuleRoute<S> answering(int documented) {
    return with(documented, operationId, refusals);
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
    return with(status, operationId, List.of(statuses));
  }

  private ModuleRoute<S> with(int documented, @Nullable String id, List<Integer> statuses) {
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
        id,
        statuses);
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
