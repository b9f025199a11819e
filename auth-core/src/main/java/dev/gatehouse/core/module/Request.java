package dev.gatehouse.core.module;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SignedInCaller;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request to a module's {@link ModuleRoute}, as the web module read it.
 *
 * @param body the JSON body's members, or a form route's fields as text (empty without a body, and
 *     for {@code GET}); a typed route gets its body as a record besides
 * @param pathVariables the path's variables by name
 * @param query the query's parameters (the first value of each) by name
 * @param caller the verified access token of a {@link ModuleRoute.Access#SIGNED_IN} route; empty on
 *     a {@link ModuleRoute.Access#PUBLIC} route
 * @param client the client as for the built-in routes (its address through the host's proxy rule);
 *     a route answering {@code SignInResult} reads it as the sign-in routes do
 * @param cookies the request's cookies (the first value of each) by name
 * @param headers the request's headers (the first value of each) by lower-case name, without {@code
 *     Authorization} (the caller rule reads it: {@link #caller()}) and {@code Cookie} ({@link
 *     #cookies()}); none holds a control character
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
