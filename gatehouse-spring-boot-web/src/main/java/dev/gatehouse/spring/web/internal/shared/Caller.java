package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.token.SignedInCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The signed-in caller of a contract route, as the contract's controllers use it: read from the one
 * caller rule ({@link SignedInCaller}) of the access token Spring Security already verified, or,
 * when the host's filter chain did not authenticate the request, of the bearer token. Every route
 * that needs a caller asks for one, whatever the filter chain permits.
 *
 * @param user the user's public id ({@code sub})
 * @param sessionId the session ({@code sid})
 * @param profileId the profile claim, or {@code null}
 * @param acting whether someone acts for the user in this token's session (RFC 8693's {@code act},
 *     an impersonation of {@code auth-admin})
 */
public record Caller(UUID user, String sessionId, String profileId, boolean acting) {

  /** The contract's view of the one caller rule's reading. */
  static Caller of(SignedInCaller caller) {
    return new Caller(
        caller.user(), caller.sessionId(), caller.profileId().orElse(null), caller.acting());
  }

  /**
   * The request's access token: the one the host's chain verified, or the bearer token.
   *
   * @throws ApiException 401 when there is none
   */
  static String token(HttpServletRequest request) {
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    String token = a instanceof JwtAuthenticationToken t ? t.getToken().getTokenValue() : null;
    if (token == null) {
      token = bearer(request);
    }
    if (token == null) {
      throw new ApiException(ErrorCode.UNAUTHORIZED, "an access token is required");
    }
    return token;
  }

  static ApiException invalidToken() {
    return new ApiException(ErrorCode.INVALID_TOKEN, "The access token is invalid or expired");
  }

  /**
   * @param request the request
   * @return the bearer token of the Authorization header, or {@code null}
   */
  public static String bearer(HttpServletRequest request) {
    String h = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String t = h.substring(7).trim();
    return t.isEmpty() ? null : t;
  }
}
