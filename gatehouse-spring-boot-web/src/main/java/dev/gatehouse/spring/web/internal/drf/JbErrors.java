package dev.gatehouse.spring.web.internal.drf;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.Problems;
import dev.gatehouse.spring.web.internal.shared.Reply;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;

/**
 * Every error of the {@code jb-drf-auth} contract in the body, status and message jb-drf-auth (DRF
 * and simplejwt beneath it) answers: Gatehouse's refusals mapped to jb-drf-auth's messages, the
 * HTTP layer's own to DRF's. One mapping, used by the exception resolver and the security entry
 * point alike.
 */
public final class JbErrors {
  private static final Logger LOG = LoggerFactory.getLogger(JbErrors.class);

  static final String INVALID_CREDENTIALS = "Credenciales invalidas.";
  static final String NOT_VERIFIED = "Esta cuenta no esta verificada.";
  static final String INVALID_CODE = "Codigo invalido o expirado.";
  static final String NOT_AUTHENTICATED = "Authentication credentials were not provided.";

  private JbErrors() {}

  /**
   * simplejwt's {@code InvalidToken} answer of its token views: a refresh token that does not work,
   * or a token its verify view refuses.
   */
  public static DrfException invalidRefreshToken() {
    return DrfException.coded(401, "Token is invalid or expired", "token_not_valid");
  }

  /** simplejwt's {@code JWTAuthentication} answer for a bad access token. */
  public static DrfException invalidAccessToken() {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("token_class", "AccessToken");
    message.put("token_type", "access");
    message.put("message", "Token is invalid or expired");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", "Given token not valid for any token type");
    m.put("code", "token_not_valid");
    m.put("messages", List.of(message));
    return DrfException.of(401, m);
  }

  /** DRF's answer for a protected route called without a token. */
  public static DrfException notAuthenticated() {
    return DrfException.detail(401, NOT_AUTHENTICATED);
  }

  /**
   * The answer for an exception of a jb-drf-auth route.
   *
   * @param ex the exception
   * @return the answer
   */
  public static Reply answer(Exception ex) {
    return translate(ex).reply();
  }

  static DrfException translate(Exception ex) {
    if (ex instanceof DrfException e) {
      return e;
    }
    if (ex instanceof ApiException e) {
      return api(e);
    }
    if (ex instanceof SecondStepAnswer e) {
      return secondFactor(e.error(), e.getMessage(), e.challenge());
    }
    if (ex instanceof AuthException e) {
      return refusal(e);
    }
    if (ex instanceof HttpRequestMethodNotSupportedException e) {
      return DrfException.detail(405, "Method \"" + e.getMethod() + "\" not allowed.");
    }
    if (ex instanceof ErrorResponse e) {
      int status = e.getStatusCode().value();
      return DrfException.detail(
          status, status == 404 ? "Not found." : Problems.reason(status) + ".");
    }
    LOG.error("unexpected failure in a Gatehouse route", ex);
    return DrfException.detail(500, "A server error occurred.");
  }

  private static DrfException api(ApiException e) {
    if (e.field() != null) {
      // DRF's serializers key a field's refusal by its name.
      return DrfException.field(e.field(), e.getMessage());
    }
    if (ErrorCode.UNAUTHORIZED.code().equals(e.code())) {
      return notAuthenticated();
    }
    if (ErrorCode.INVALID_TOKEN.code().equals(e.code())) {
      return invalidAccessToken();
    }
    return e.status() == 404
        ? DrfException.detail(404, "Not found.")
        : DrfException.detail(e.status(), e.getMessage());
  }

  private static DrfException secondFactor(
      ErrorCode code, String detail, SecondFactorChallenge challenge) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", detail);
    m.put("code", code.code());
    m.put("mfa_token", challenge.token());
    m.put("expires_at", challenge.expiresAt().toString());
    m.put("methods", challenge.methods());
    return DrfException.of(code.kind().httpStatus(), m);
  }

  /** Gatehouse's refusals in jb-drf-auth's words. */
  private static DrfException refusal(AuthException e) {
    if (e instanceof RateLimitedException r) {
      if (e.error().equals(ErrorCode.OTP_COOLDOWN)) {
        return DrfException.detail(429, "Debes esperar antes de solicitar otro codigo.");
      }
      if (e.error().equals(ErrorCode.CODE_BURNED)) {
        return DrfException.detail(429, "Se excedieron los intentos permitidos.");
      }
      return throttled(r);
    }
    if (e.error().kind() == ErrorCode.Kind.UNAVAILABLE) {
      return DrfException.detail(503, "Service temporarily unavailable, try again later.");
    }
    // jb-drf-auth answers its own refusals of a sign-in with 401, as DRF's AuthenticationFailed.
    ErrorCode code = e.error();
    if (code.equals(ErrorCode.INVALID_CREDENTIALS)) {
      return DrfException.detail(401, INVALID_CREDENTIALS);
    }
    if (code.equals(ErrorCode.ACCOUNT_NOT_VERIFIED)) {
      return DrfException.detail(401, NOT_VERIFIED);
    }
    if (SIGN_IN_CODE.contains(code)) {
      return DrfException.detail(401, INVALID_CODE);
    }
    if (code.equals(ErrorCode.INVALID_REFRESH_TOKEN)) {
      return invalidRefreshToken();
    }
    if (code.equals(ErrorCode.INVALID_TOKEN)) {
      return invalidAccessToken();
    }
    if (BOOTSTRAP.contains(code)) {
      return notAuthenticated();
    }
    return Problems.notFound(e)
        ? DrfException.detail(404, "Not found.")
        : DrfException.detail(Problems.peerStatusOf(e), e.getMessage());
  }

  /** A one-time code refused: jb-drf-auth's one answer for all three. */
  private static final Set<ErrorCode> SIGN_IN_CODE =
      Set.of(ErrorCode.INVALID_CODE, ErrorCode.OTP_EXPIRED, ErrorCode.OTP_USED);

  /** The superuser bootstrap refused: jb-drf-auth's "not authenticated". */
  private static final Set<ErrorCode> BOOTSTRAP =
      Set.of(
          ErrorCode.BOOTSTRAP_DISABLED,
          ErrorCode.INVALID_BOOTSTRAP_TOKEN,
          ErrorCode.SUPERUSER_EXISTS);

  /** DRF's throttled answer: the wait in the text and in {@code Retry-After}. */
  private static DrfException throttled(RateLimitedException r) {
    long seconds = Math.max(1, (r.retryAfter().toMillis() + 999) / 1000);
    return new DrfException(
        429,
        Map.of(
            "detail",
            "Request was throttled. Expected available in "
                + seconds
                + (seconds == 1 ? " second." : " seconds.")),
        Map.of("Retry-After", Long.toString(seconds)));
  }
}
