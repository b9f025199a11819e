package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The signed-in caller of a contract route: the access token Spring Security already verified, or,
 * when the host's filter chain did not authenticate the request, the bearer token verified here
 * with the same decoder. Every route that needs a caller asks for one, whatever the filter chain
 * permits.
 *
 * @param user the user's public id ({@code sub})
 * @param sessionId the session ({@code sid})
 * @param profileId the profile claim, or {@code null}
 * @param acting whether someone acts for the user in this token's session (RFC 8693's {@code act},
 *     an impersonation of {@code auth-admin})
 */
public record Caller(UUID user, String sessionId, String profileId, boolean acting) {

  /**
   * Resolves the caller of a request.
   *
   * @param request the request
   * @param decoder the decoder for a token the filter chain did not verify
   * @param profileClaim the name of the profile claim
   * @return the caller
   * @throws ApiException 401 when there is no valid access token
   */
  static Caller require(HttpServletRequest request, JwtDecoder decoder, String profileClaim) {
    Jwt jwt = null;
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    if (a instanceof JwtAuthenticationToken t) {
      jwt = t.getToken();
    } else {
      String bearer = bearer(request);
      if (bearer == null) {
        throw new ApiException(ErrorCode.UNAUTHORIZED, "an access token is required");
      }
      try {
        jwt = decoder.decode(bearer);
      } catch (JwtException e) {
        throw invalidToken();
      }
    }
    String sub = jwt.getSubject();
    String sid = jwt.getClaimAsString("sid");
    if (sub == null || sid == null) {
      throw invalidToken();
    }
    UUID user;
    try {
      user = UUID.fromString(sub);
    } catch (IllegalArgumentException e) {
      throw invalidToken();
    }
    return new Caller(user, sid, jwt.getClaimAsString(profileClaim), jwt.hasClaim("act"));
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
