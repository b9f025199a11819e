package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  public static final String BEARER = "Bearer";

  private Problems() {}

  /**
   * The status a Gatehouse error answers: its kind's, and nothing else.
   *
   * @param e the error
   * @return the HTTP status
   */
  static int statusOf(AuthException e) {
    return e.error().kind().httpStatus();
  }

  /**
   * The status a peer's contract (DRF's, FastAPI's) answers for a refusal it has no words of its
   * own for: the kind's, except that both peers refuse a collision as a validation error, 400.
   *
   * @param e the refusal
   * @return the HTTP status
   */
  public static int peerStatusOf(AuthException e) {
    return e.error().kind() == ErrorCode.Kind.CONFLICT ? 400 : statusOf(e);
  }

  /**
   * Whether a refusal says that something does not exist: a 404 in every contract.
   *
   * @param e the refusal
   * @return whether its kind is {@link ErrorCode.Kind#NOT_FOUND}
   */
  public static boolean notFound(AuthException e) {
    return e.error().kind() == ErrorCode.Kind.NOT_FOUND;
  }

  /**
   * The answer for a Gatehouse error.
   *
   * @param e the error
   * @return the problem response
   */
  public static Reply of(AuthException e) {
    int status = statusOf(e);
    Map<String, String> headers = new LinkedHashMap<>();
    String detail = e.getMessage();
    if (e instanceof RateLimitedException r && retryHelps(r)) {
      long seconds = Math.max(1, (r.retryAfter().toMillis() + 999) / 1000);
      headers.put(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }
    ErrorCode.Kind kind = e.error().kind();
    if (kind == ErrorCode.Kind.UNAVAILABLE) {
      detail = "temporarily unavailable; retry later";
    }
    if (kind == ErrorCode.Kind.MISCONFIGURED) {
      // The server's fault, whatever the request: never a 4xx, which clients read as "fix your
      // input" (and never a 401, which makes them sign the user out).
      LOG.warn("Answered 500 {}: {}", e.code(), e.getMessage());
      detail = MISCONFIGURED;
    }
    // A 401 (only an unauthenticated kind answers one) gets its challenge in of(status, ...).
    return of(status, e.code(), detail, headers);
  }

  /**
   * Whether waiting helps: a burned code stays burned (a new code must be requested), every other
   * limit lifts with time.
   */
  static boolean retryHelps(RateLimitedException e) {
    return e.error() != ErrorCode.CODE_BURNED;
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
    if (ErrorCode.INVALID_TOKEN.code().equals(code)) {
      return BEARER
          + " error=\"invalid_token\", error_description=\""
          + (description == null ? "The access token is invalid or expired" : description)
          + "\"";
    }
    return BEARER;
  }

  /**
   * The answer for a refusal of the HTTP layer.
   *
   * @param error the refusal
   * @param detail human-readable detail
   * @return the response
   */
  public static Reply of(ProtocolError error, String detail) {
    return of(error.status(), error.code(), detail, Map.of());
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
  public static Reply of(int status, String code, String detail, Map<String, String> headers) {
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
   * @param error the code, whose kind gives the status
   * @param detail human-readable detail
   * @throws IOException when writing fails
   */
  public static void write(HttpServletResponse response, ErrorCode error, String detail)
      throws IOException {
    int status = error.kind().httpStatus();
    byte[] bytes = body(status, error.code(), detail);
    response.setStatus(status);
    response.setContentType(PROBLEM_JSON);
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (error.kind() == ErrorCode.Kind.UNAUTHENTICATED) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(error.code(), null));
    }
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }

  /**
   * The answer of a login that waits for a second factor: a 403 problem {@code mfa_required} with
   * the extension members {@code mfa_token} (send it to {@code /login/mfa/}), {@code expires_at}
   * and {@code methods}; or, for an account that must enrol one first, a 403 problem {@code
   * mfa_enrolment_required} with the same members ({@code methods} is {@code ["totp_enrolment"]},
   * and the token goes to {@code /login/mfa/enrol/} and {@code /login/mfa/enrol/confirm/}).
   *
   * @param code the outcome's code
   * @param detail the outcome's message
   * @param challenge the outcome's challenge
   * @return the problem response
   */
  public static Reply mfaRequired(ErrorCode code, String detail, SecondFactorChallenge challenge) {
    // Not a 401: the caller has no token to refresh, and a client's interceptor that reads 401 as
    // "sign the user out" must not see a half-done sign-in that way. No Bearer challenge either.
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("mfa_token", challenge.token());
    members.put("expires_at", challenge.expiresAt().toString());
    members.put("methods", challenge.methods());
    return withMembers(code, detail, members);
  }

  /**
   * A problem with extension members (RFC 9457 section 3.2) beside the standard ones, at the status
   * of the code's kind.
   *
   * @param code the code
   * @param detail the detail
   * @param members the extension members, in order
   * @return the problem response
   */
  public static Reply withMembers(ErrorCode code, String detail, Map<String, Object> members) {
    return withMembers(code.kind().httpStatus(), code.code(), detail, members);
  }

  /**
   * The answer for a refusal of the HTTP layer: a problem of its status and code, with the
   * extension member {@code field} when it names the field at fault.
   *
   * @param e the refusal
   * @return the problem response
   */
  public static Reply of(ApiException e) {
    if (e.field() == null) {
      return of(e.status(), e.code(), e.getMessage(), e.headers());
    }
    return withMembers(e.status(), e.code(), e.getMessage(), Map.of("field", e.field()));
  }

  private static Reply withMembers(
      int status, String code, String detail, Map<String, Object> members) {
    Map<String, Object> m = problem(status, code, detail);
    m.putAll(members);
    return new Reply(
        status, PROBLEM_JSON, ContractJson.write(m), HttpHeaders.CACHE_CONTROL, "no-store");
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

  public static String reason(int status) {
    HttpStatus s = HttpStatus.resolve(status);
    return s == null ? "error" : s.getReasonPhrase();
  }
}
