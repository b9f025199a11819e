package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthInfrastructureException;
import dev.gatehouse.core.error.ConfigurationException;
import dev.gatehouse.core.error.RateLimitedException;
import dev.gatehouse.core.session.SecondFactorChallenge;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * RFC 9457 problem details for every error of the contract: {@code type}, {@code title}, {@code
 * status}, {@code detail} and the stable Gatehouse {@code code}, as {@code
 * application/problem+json}; one mapping from Gatehouse's error codes to HTTP statuses.
 */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  /** What a client is told of a misconfiguration: the server's log has the setting at fault. */
  static final String MISCONFIGURED = "the server is not configured for this request";

  /** The media type of every error body. */
  public static final String PROBLEM_JSON = "application/problem+json";

  /** The prefix of every problem {@code type}; the stable code follows it. */
  public static final String TYPE_PREFIX = "https://gatehouse.dev/problems/";

  /** What a 401 announces: the contract authenticates with bearer tokens (RFC 6750). */
  static final String BEARER = "Bearer";

  /** Codes answered 401: the caller is not (or no longer) authenticated. */
  private static final Set<String> UNAUTHORIZED =
      Set.of(
          "invalid_credentials",
          "invalid_token",
          "invalid_refresh_token",
          "otp_expired",
          "otp_used",
          "invalid_code",
          "passkey_rejected",
          "passkey_counter_regressed",
          "unauthorized");

  /** Codes answered 403. */
  private static final Set<String> FORBIDDEN =
      Set.of(
          "forbidden",
          "account_not_verified",
          "bootstrap_disabled",
          "invalid_bootstrap_token",
          "superuser_exists",
          "reauthentication_required");

  private Problems() {}

  /**
   * The status a Gatehouse error code answers by default.
   *
   * @param e the error
   * @return the HTTP status
   */
  static int statusOf(AuthException e) {
    // The server's fault, whatever the request: never a 4xx, which clients read as "fix your input"
    // (and never a 401, which makes them sign the user out).
    if (e instanceof ConfigurationException) {
      return 500;
    }
    if (e instanceof RateLimitedException) {
      return 429;
    }
    if (e instanceof AuthInfrastructureException) {
      return 503;
    }
    String code = e.code();
    if (UNAUTHORIZED.contains(code)) {
      return 401;
    }
    if (notFound(code)) {
      return 404;
    }
    if (FORBIDDEN.contains(code)) {
      return 403;
    }
    return 400;
  }

  /**
   * Whether a refusal code says that something does not exist: a 404 in every contract.
   *
   * @param code a Gatehouse error code
   * @return whether it is {@code not_found} or a {@code *_not_found}
   */
  static boolean notFound(String code) {
    return "not_found".equals(code) || code.endsWith("_not_found");
  }

  /**
   * The answer for a Gatehouse error.
   *
   * @param e the error
   * @return the problem response
   */
  static Reply of(AuthException e) {
    int status = statusOf(e);
    Map<String, String> headers = new LinkedHashMap<>();
    String detail = e.getMessage();
    if (e instanceof RateLimitedException r && retryHelps(r)) {
      long seconds = Math.max(1, (r.retryAfter().toMillis() + 999) / 1000);
      headers.put(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }
    if (e instanceof AuthInfrastructureException) {
      detail = "temporarily unavailable; retry later";
    }
    if (e instanceof ConfigurationException) {
      LOG.warn("Answered 500 {}: {}", e.code(), e.getMessage());
      detail = MISCONFIGURED;
    }
    if (status == 401) {
      headers.put(HttpHeaders.WWW_AUTHENTICATE, challenge(e.code(), null));
    }
    return of(status, e.code(), detail, headers);
  }

  /**
   * Whether waiting helps: a burned code stays burned (a new code must be requested), every other
   * limit lifts with time.
   */
  static boolean retryHelps(RateLimitedException e) {
    return !"code_burned".equals(e.code());
  }

  /**
   * The {@code WWW-Authenticate} value of a 401 (RFC 6750 section 3): bare {@code Bearer} when the
   * request carried no token, else with the error code.
   *
   * @param code the Gatehouse code
   * @param description the error description, or {@code null}
   * @return the header value
   */
  static String challenge(String code, String description) {
    if ("invalid_token".equals(code)) {
      return BEARER
          + " error=\"invalid_token\", error_description=\""
          + (description == null ? "The access token is invalid or expired" : description)
          + "\"";
    }
    return BEARER;
  }

  /**
   * A problem response.
   *
   * @param status HTTP status
   * @param code stable code
   * @param detail human-readable detail
   * @param headers extra headers
   * @return the response
   */
  static Reply of(int status, String code, String detail, Map<String, String> headers) {
    List<String> h = new ArrayList<>(2 * headers.size() + 4);
    h.add(HttpHeaders.CACHE_CONTROL);
    h.add("no-store");
    headers.forEach(
        (k, v) -> {
          h.add(k);
          h.add(v);
        });
    if (status == 401 && !headers.containsKey(HttpHeaders.WWW_AUTHENTICATE)) {
      h.add(HttpHeaders.WWW_AUTHENTICATE);
      h.add(challenge(code, null));
    }
    return new Reply(status, PROBLEM_JSON, body(status, code, detail), h.toArray(String[]::new));
  }

  /**
   * Writes a problem straight to a servlet response (for the security filters, which answer before
   * any controller).
   *
   * @param response the response
   * @param status HTTP status
   * @param code stable code
   * @param detail human-readable detail
   * @throws IOException when writing fails
   */
  public static void write(HttpServletResponse response, int status, String code, String detail)
      throws IOException {
    byte[] bytes = body(status, code, detail);
    response.setStatus(status);
    response.setContentType(PROBLEM_JSON);
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }

  /**
   * The answer of a login that waits for a second factor: a 401 problem {@code mfa_required} with
   * the extension members {@code mfa_token} (send it to {@code /login/mfa/}), {@code expires_at}
   * and {@code methods}; or, for an account that must enrol one first, a 401 problem {@code
   * mfa_enrolment_required} with the same members ({@code methods} is {@code ["totp_enrolment"]},
   * and the token goes to {@code /login/mfa/enrol/} and {@code /login/mfa/enrol/confirm/}).
   *
   * @param code the outcome's code
   * @param detail the outcome's message
   * @param challenge the outcome's challenge
   * @return the problem response
   */
  static Reply mfaRequired(String code, String detail, SecondFactorChallenge challenge) {
    Map<String, Object> m = problem(401, code, detail);
    m.put("mfa_token", challenge.token());
    m.put("expires_at", challenge.expiresAt().toString());
    m.put("methods", challenge.methods());
    return new Reply(
        401,
        PROBLEM_JSON,
        ContractJson.write(m),
        HttpHeaders.CACHE_CONTROL,
        "no-store",
        HttpHeaders.WWW_AUTHENTICATE,
        BEARER);
  }

  static byte[] body(int status, String code, String detail) {
    return ContractJson.write(problem(status, code, detail));
  }

  private static Map<String, Object> problem(int status, String code, String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE_PREFIX + code);
    m.put("title", title(code));
    m.put("status", status);
    m.put("detail", detail == null ? reason(status) : detail);
    m.put("code", code);
    return m;
  }

  /** A title fixed per code: {@code invalid_credentials} reads "Invalid credentials". */
  static String title(String code) {
    String t = code.replace('_', ' ');
    return t.isEmpty() ? t : t.substring(0, 1).toUpperCase(Locale.ROOT) + t.substring(1);
  }

  static String reason(int status) {
    HttpStatus s = HttpStatus.resolve(status);
    return s == null ? "error" : s.getReasonPhrase();
  }
}
