package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.token.SignedInCaller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * OpenID Connect's {@code prompt} and {@code max_age} at the authorization endpoint (OpenID Connect
 * Core 1.0, section 3.1.2.1), for a request whose scope has {@code openid}.
 *
 * <p>{@code prompt=login}, or a {@code max_age} the browser's sign-in is older than (or a sign-in
 * whose time is unknown), asks for a sign-in newer than the request: the browser's session does not
 * answer it ({@link BrowserSessionFilter} leaves the request anonymous), so the browser is sent to
 * the pages' sign-in and, with {@code prompt=none}, the client is answered {@code login_required}
 * instead. The request is remembered in the browser's HTTP session (a hash of its parameters, with
 * the Gatehouse session and sign-in time it was made in), so that when the browser comes back from
 * the sign-in the same request is answered by the newer sign-in instead of asking again; at most
 * {@value #KEPT} requests are remembered, and one is forgotten once answered.
 *
 * <p>{@code prompt=consent} shows the consent page again, even to a first-party client; {@code
 * prompt=select_account} is answered by the browser's one account (the pages hold one sign-in per
 * browser), or the sign-in when there is none. {@code prompt=none} with any other value and a
 * {@code max_age} that is not a non-negative integer are refused {@code invalid_request} at the
 * redirect URI; a value the provider does not know is ignored, as the specification allows.
 */
final class SignInPrompt {
  static final String PROMPT = "prompt";
  static final String MAX_AGE = "max_age";
  static final String NONE = "none";
  static final String LOGIN = "login";
  static final String CONSENT = "consent";

  /** How many requests waiting for a newer sign-in one browser's session remembers. */
  static final int KEPT = 8;

  private static final String ASKED = SignInPrompt.class.getName() + ".asked";
  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,10}");

  private final Clock clock;

  SignInPrompt(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * What a sign-in that happened when the request was first seen looked like: the Gatehouse session
   * and its sign-in time ({@code null} when the browser was signed out or the time unknown).
   */
  private record Asked(@Nullable String sessionId, @Nullable Long signedInAtMillis)
      implements Serializable {
    /** Whether {@code caller}'s sign-in happened after the request was first seen. */
    boolean answeredBy(SignedInCaller caller) {
      Optional<Instant> at = caller.signedInAt();
      if (at.isEmpty()) {
        return false;
      }
      return sessionId == null
          || !sessionId.equals(caller.sessionId())
          || (signedInAtMillis != null && at.get().toEpochMilli() > signedInAtMillis);
    }
  }

  /**
   * Whether the browser's sign-in answers this authorization request: always, unless the request
   * asks for a newer sign-in ({@code prompt=login}, {@code max_age}) that has not happened since it
   * was first seen. When it does not, and the client may be shown a page (no {@code prompt=none}),
   * the request is remembered, so that the sign-in it leads to answers it.
   *
   * @param request the request at the authorization endpoint
   * @param caller the browser's signed-in caller
   * @return whether the caller is the request's user as they are
   */
  boolean answers(HttpServletRequest request, SignedInCaller caller) {
    if (!freshSignIn(request, caller)) {
      return true;
    }
    String key = key(request);
    HttpSession session = request.getSession(false);
    Map<String, Asked> asked = session == null ? null : asked(session);
    Asked before = asked == null ? null : asked.get(key);
    if (before != null && before.answeredBy(caller)) {
      asked.remove(key);
      session.setAttribute(ASKED, asked);
      return true;
    }
    if (!prompts(request).contains(NONE)) {
      remember(
          request,
          key,
          new Asked(
              caller.sessionId(), caller.signedInAt().map(Instant::toEpochMilli).orElse(null)));
    }
    return false;
  }

  /**
   * A signed-out browser's request that asks for a fresh sign-in is remembered too: whatever
   * sign-in it leads to answers it.
   *
   * @param request the request at the authorization endpoint
   */
  void signedOut(HttpServletRequest request) {
    if (openId(request)
        && !prompts(request).contains(NONE)
        && (prompts(request).contains(LOGIN) || maxAge(request) != null)) {
      remember(request, key(request), new Asked(null, null));
    }
  }

  /** Whether the request asks for a sign-in newer than {@code caller}'s. */
  private boolean freshSignIn(HttpServletRequest request, SignedInCaller caller) {
    if (!openId(request)) {
      return false;
    }
    if (prompts(request).contains(LOGIN)) {
      return true;
    }
    Long maxAge = maxAge(request);
    if (maxAge == null) {
      return false;
    }
    Optional<Instant> at = caller.signedInAt();
    // A sign-in time the session does not know never meets a max_age.
    return at.isEmpty() || clock.instant().isAfter(at.get().plusSeconds(maxAge));
  }

  /**
   * {@code prompt=none} with another value, and a {@code max_age} that is no non-negative integer,
   * refused {@code invalid_request} at the redirect URI (checked by then), as the specification
   * says. Part of the authorization endpoint's validation.
   *
   * @param context the authorization request, its client and redirect URI checked
   */
  static void validate(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
    OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
    if (!request.getScopes().contains(OidcScopes.OPENID)) {
      return;
    }
    Object prompt = request.getAdditionalParameters().get(PROMPT);
    if (prompt instanceof String value) {
      Set<String> values = values(value);
      if (values.contains(NONE) && values.size() > 1) {
        throw refused("prompt=none may not be combined with another value", request);
      }
    }
    Object maxAge = request.getAdditionalParameters().get(MAX_AGE);
    if (maxAge != null && !(maxAge instanceof String s && SECONDS.matcher(s).matches())) {
      throw refused("max_age is a number of seconds, once", request);
    }
  }

  private static OAuth2AuthorizationCodeRequestAuthenticationException refused(
      String why, OAuth2AuthorizationCodeRequestAuthenticationToken request) {
    return new OAuth2AuthorizationCodeRequestAuthenticationException(
        new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, why, null), request);
  }

  /**
   * {@return whether the request asks to be shown the consent page again ({@code prompt=consent})}
   *
   * @param context the authorization request
   */
  static boolean consentAsked(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
    OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
    return request.getScopes().contains(OidcScopes.OPENID)
        && request.getAdditionalParameters().get(PROMPT) instanceof String prompt
        && values(prompt).contains(CONSENT);
  }

  /**
   * {@return whether the checked authorization request asks to be shown no page ({@code
   * prompt=none})}
   *
   * @param request the authorization request
   */
  static boolean silent(OAuth2AuthorizationCodeRequestAuthenticationToken request) {
    return request.getScopes().contains(OidcScopes.OPENID)
        && request.getAdditionalParameters().get(PROMPT) instanceof String prompt
        && values(prompt).contains(NONE);
  }

  private static boolean openId(HttpServletRequest request) {
    String scope = request.getParameter(OAuth2ParameterNames.SCOPE);
    return request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE) != null
        && scope != null
        && values(scope).contains(OidcScopes.OPENID);
  }

  private static Set<String> prompts(HttpServletRequest request) {
    String prompt = request.getParameter(PROMPT);
    return prompt == null ? Set.of() : values(prompt);
  }

  private static Set<String> values(String spaced) {
    Set<String> values = new LinkedHashSet<>();
    for (String value : spaced.split(" ")) {
      if (!value.isEmpty()) {
        values.add(value);
      }
    }
    return values;
  }

  /** The request's {@code max_age}, or {@code null} when absent or not a number (refused later). */
  private static @Nullable Long maxAge(HttpServletRequest request) {
    String[] values = request.getParameterValues(MAX_AGE);
    if (values == null || values.length != 1 || !SECONDS.matcher(values[0]).matches()) {
      return null;
    }
    return Long.parseLong(values[0]);
  }

  /**
   * The parameters a request is known by when the browser comes back from the sign-in: those of
   * OAuth and OpenID Connect that make it this client's request (the request cache adds a {@code
   * continue} of its own to the address it sends the browser back to).
   */
  private static final List<String> REQUEST_PARAMETERS =
      List.of(
          OAuth2ParameterNames.RESPONSE_TYPE,
          OAuth2ParameterNames.CLIENT_ID,
          OAuth2ParameterNames.REDIRECT_URI,
          OAuth2ParameterNames.SCOPE,
          OAuth2ParameterNames.STATE,
          "nonce",
          "code_challenge",
          PROMPT,
          MAX_AGE);

  /** The request's parameters, hashed: the same request after the sign-in has the same key. */
  private static String key(HttpServletRequest request) {
    StringBuilder all = new StringBuilder(request.getRequestURI()).append('\n');
    for (String name : REQUEST_PARAMETERS) {
      String[] values = request.getParameterValues(name);
      all.append(name).append('=').append(values == null ? "" : Arrays.toString(values));
      all.append('\n');
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(all.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Asked> asked(HttpSession session) {
    Object kept = session.getAttribute(ASKED);
    return kept instanceof Map<?, ?> map
        ? new LinkedHashMap<>((Map<String, Asked>) map)
        : new LinkedHashMap<>();
  }

  private static void remember(HttpServletRequest request, String key, Asked asked) {
    HttpSession session = request.getSession(true);
    Map<String, Asked> all = asked(session);
    all.remove(key);
    all.put(key, asked);
    while (all.size() > KEPT) {
      all.remove(all.keySet().iterator().next());
    }
    session.setAttribute(ASKED, all);
  }
}
