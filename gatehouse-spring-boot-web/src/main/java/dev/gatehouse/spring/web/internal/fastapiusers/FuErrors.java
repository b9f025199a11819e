package dev.gatehouse.spring.web.internal.fastapiusers;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.Problems;
import dev.gatehouse.spring.web.internal.shared.Reply;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;

/**
 * Every error of the {@code fastapi-users} contract in the status and body FastAPI-Users (FastAPI
 * and Starlette beneath it) answers: its {@code ErrorCode} values where it has one, FastAPI's
 * {@code HTTPException} with the status's phrase where it raises a bare one ({@code {"detail":
 * "Unauthorized"}}), and Starlette's answers for unknown routes and methods. One mapping, used by
 * the routes, the exception resolver and the security entry point alike.
 *
 * <p>A Gatehouse refusal FastAPI-Users has no code for (a limit, a second factor, the terms) keeps
 * Gatehouse's status and is answered in FastAPI-Users' second shape, {@code {"detail": {"code":
 * "TERMS_REQUIRED", "reason": "…"}}}: its Gatehouse code in upper case and its message.
 */
public final class FuErrors {
  private static final Logger LOG = LoggerFactory.getLogger(FuErrors.class);

  // FastAPI-Users' ErrorCode values (fastapi_users/router/common.py) that these routes answer.
  static final String REGISTER_INVALID_PASSWORD = "REGISTER_INVALID_PASSWORD";
  static final String LOGIN_BAD_CREDENTIALS = "LOGIN_BAD_CREDENTIALS";
  static final String LOGIN_USER_NOT_VERIFIED = "LOGIN_USER_NOT_VERIFIED";
  static final String RESET_PASSWORD_BAD_TOKEN = "RESET_PASSWORD_BAD_TOKEN";
  static final String RESET_PASSWORD_INVALID_PASSWORD = "RESET_PASSWORD_INVALID_PASSWORD";
  static final String VERIFY_USER_BAD_TOKEN = "VERIFY_USER_BAD_TOKEN";
  static final String UPDATE_USER_INVALID_PASSWORD = "UPDATE_USER_INVALID_PASSWORD";

  /**
   * Gatehouse's own code for a {@code PATCH /users/me} with another email: FastAPI-Users sets it
   * directly, Gatehouse changes an email only once a code sent to the new address proves it.
   */
  static final String UPDATE_USER_EMAIL_CHANGE_NOT_ALLOWED = "UPDATE_USER_EMAIL_CHANGE_NOT_ALLOWED";

  /** Gatehouse's refusals of a new password: FastAPI-Users' {@code InvalidPasswordException}. */
  private static final Set<ErrorCode> PASSWORD_POLICY =
      Set.of(
          ErrorCode.PASSWORD_REQUIRED,
          ErrorCode.PASSWORD_TOO_SHORT,
          ErrorCode.PASSWORD_TOO_LONG,
          ErrorCode.PASSWORD_TOO_COMMON,
          ErrorCode.PASSWORD_SIMILAR_TO_ACCOUNT);

  private FuErrors() {}

  /** FastAPI-Users' {@code Authenticator}: no user, or an inactive one ({@code HTTPException}). */
  public static FuException unauthorized() {
    return FuException.of(401, phrase(401));
  }

  /** FastAPI-Users' {@code Authenticator}: the user is not a superuser. */
  public static FuException forbidden() {
    return FuException.of(403, phrase(403));
  }

  /** FastAPI-Users' {@code get_user_or_404}, and Starlette's unknown route. */
  static FuException notFound() {
    return FuException.of(404, phrase(404));
  }

  /** A 400 whose detail is one of FastAPI-Users' error codes. */
  static FuException code(String code) {
    return FuException.of(400, code);
  }

  /** A 400 in FastAPI-Users' {@code {"code", "reason"}} shape (a refused password). */
  static FuException codeReason(String code, String reason) {
    return FuException.of(400, codeReasonDetail(code, reason));
  }

  private static Map<String, Object> codeReasonDetail(String code, String reason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", code);
    m.put("reason", reason);
    return m;
  }

  /** Whether a refusal is the password policy's, answered as FastAPI-Users' invalid password. */
  static boolean passwordPolicy(AuthException e) {
    return PASSWORD_POLICY.contains(e.error());
  }

  /**
   * The answer for an exception of a {@code fastapi-users} route, or of a request under its base
   * path that no route took.
   *
   * @param ex the exception
   * @return the answer
   */
  public static Reply answer(Exception ex) {
    if (ex instanceof FuException e) {
      return e.reply();
    }
    if (ex instanceof ApiException e) {
      return api(e).reply();
    }
    if (ex instanceof SecondStepAnswer e) {
      return secondFactor(e).reply();
    }
    if (ex instanceof AuthException e) {
      return refusal(e).reply();
    }
    if (ex instanceof HttpRequestMethodNotSupportedException e) {
      // Starlette's Route answers a known path with another method 405 and its methods in Allow.
      Set<String> allowed =
          e.getSupportedHttpMethods() == null
              ? Set.of()
              : e.getSupportedHttpMethods().stream()
                  .map(Object::toString)
                  .collect(Collectors.toCollection(TreeSet::new));
      return new FuException(
              405,
              phrase(405),
              allowed.isEmpty() ? Map.of() : Map.of(HttpHeaders.ALLOW, String.join(", ", allowed)))
          .reply();
    }
    if (ex instanceof ErrorResponse e) {
      int status = e.getStatusCode().value();
      return FuException.of(status, phrase(status)).reply();
    }
    LOG.error("unexpected failure in a Gatehouse route", ex);
    // Starlette's ServerErrorMiddleware: a plain-text 500.
    return new Reply(
        500,
        "text/plain; charset=utf-8",
        "Internal Server Error".getBytes(StandardCharsets.UTF_8),
        "Cache-Control",
        "no-store");
  }

  /** The HTTP layer's own refusals (a missing or bad access token, a body past the limit). */
  private static FuException api(ApiException e) {
    return switch (e.status()) {
      case 401 -> unauthorized();
      case 404 -> notFound();
      default -> FuException.of(e.status(), phrase(e.status()));
    };
  }

  /**
   * A password sign-in that needs a second factor: FastAPI-Users has none, so Gatehouse's answer
   * (status 401, the challenge to complete at {@code {base}/login/mfa/}) in FastAPI-Users' shape.
   */
  private static FuException secondFactor(SecondStepAnswer e) {
    SecondFactorChallenge challenge = e.challenge();
    Map<String, Object> m = codeReasonDetail(upper(e.error().code()), e.getMessage());
    m.put("mfa_token", challenge.token());
    m.put("expires_at", challenge.expiresAt().toString());
    m.put("methods", challenge.methods());
    return FuException.of(e.error().kind().httpStatus(), m);
  }

  private static FuException refusal(AuthException e) {
    if (e instanceof RateLimitedException r) {
      long seconds = Math.max(1, (r.retryAfter().toMillis() + 999) / 1000);
      return new FuException(
          429,
          codeReasonDetail(upper(e.code()), e.getMessage()),
          Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
    }
    if (e.error().kind() == ErrorCode.Kind.UNAVAILABLE) {
      return FuException.of(503, phrase(503));
    }
    if (e.error() == ErrorCode.INVALID_TOKEN) {
      // An access token refused after the filters (its session ended): no user.
      return unauthorized();
    }
    if (Problems.notFound(e)) {
      return notFound();
    }
    return FuException.of(
        Problems.peerStatusOf(e), codeReasonDetail(upper(e.code()), e.getMessage()));
  }

  private static String upper(String code) {
    return code.toUpperCase(Locale.ROOT);
  }

  /** Python's {@code HTTPStatus(status).phrase}, which a bare {@code HTTPException} answers. */
  static String phrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 413 -> "Request Entity Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> Problems.reason(status);
    };
  }
}
