package dev.gatehouse.core.module;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.SignInResult;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ModuleRoute}'s successful answer: a JSON body, a redirect ({@link #seeOther}) or a
 * sign-in ({@link #signIn}); a refusal is an {@code AuthException} instead.
 *
 * <p>Its headers are the module's, within what the contract keeps for itself: a module sets no
 * {@code Set-Cookie} (the session cookies are the contract's and the pages'), no caching or content
 * header ({@code Cache-Control}, {@code Content-Type}, {@code Content-Length}: every answer is JSON
 * and never cached), no {@code Location} (a redirect is {@link #seeOther}), no CORS header ({@code
 * Access-Control-*}, {@code Vary}), no browser security header ({@code Content-Security-Policy*},
 * {@code Strict-Transport-Security}, {@code X-Frame-Options}, {@code X-Content-Type-Options},
 * {@code Referrer-Policy}, {@code Permissions-Policy}, {@code Cross-Origin-*}) and no header of the
 * contract's error shape ({@code WWW-Authenticate}, {@code Retry-After}: a refusal throws).
 *
 * @param status a 2xx status, or 303 for a redirect
 * @param body the JSON object: a record (of the route's {@link ModuleRoute#answers()}) or its
 *     members as a map (empty for 204, 303 and a sign-in)
 * @param location where a 303 sends the browser; {@code null} otherwise
 * @param signIn the sign-in the route made, which the web module answers (status 200, empty body);
 *     {@code null} otherwise
 * @param headers further headers by name, sent with a JSON or a 204 answer
 */
public record Answer(
    int status,
    Object body,
    @Nullable URI location,
    @Nullable SignInResult signIn,
    Map<String, String> headers) {
  /** The headers the contract keeps for itself, by lower-case name (see above). */
  private static final Set<String> CONTRACTS_HEADERS =
      Set.of(
          ("set-cookie cache-control content-type content-length content-encoding"
                  + " transfer-encoding connection location vary strict-transport-security"
                  + " x-frame-options x-content-type-options referrer-policy permissions-policy"
                  + " www-authenticate retry-after")
              .split(" "));

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
   *     headers, the body is neither a record nor a map, or a header is one the contract keeps, not
   *     a header name, or has a control character in its value
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
   * as the contract answers a login; to a {@linkplain ModuleRoute.Reads#FORM form route}'s browser,
   * it hands it to the host's browser sign-in (the pages' session) when the host has one, which
   * redirects the browser on.
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
