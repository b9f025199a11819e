package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.SessionService.TokenPair;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The RFC 8693 token exchange of a legacy system's token during its transition window, served by
 * every contract under its base path: the request read one way (a form, the RFC's encoding, or
 * JSON), the exchange made by {@code SessionService#exchangeLegacyToken}, and RFC 8693's fields
 * added to the contract's own token answer. A bad request is an {@link ApiException}; a refused
 * token the core's {@code invalid_subject_token}; each contract answers both in its shapes.
 */
public final class LegacyExchange {
  /** RFC 8693's grant type, the only one the exchange route takes. */
  public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

  /** The subject token types taken: a legacy access token, or a JWT. */
  public static final Set<String> SUBJECT_TOKEN_TYPES =
      Set.of(
          "urn:ietf:params:oauth:token-type:access_token", "urn:ietf:params:oauth:token-type:jwt");

  /** The type of the token issued (RFC 8693's {@code issued_token_type}). */
  public static final String ISSUED_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  private LegacyExchange() {}

  /**
   * Reads {@code grant_type}, {@code subject_token}, {@code subject_token_type} and {@code client}
   * ({@code web} or {@code mobile}) and exchanges the token.
   *
   * @param support what the contracts share
   * @param request the request
   * @return the new session's tokens
   * @throws IOException when the body cannot be read
   * @throws ApiException 400 for another grant type, a missing token or another token type
   */
  public static TokenPair exchange(ContractSupport support, HttpServletRequest request)
      throws IOException {
    String grantType;
    String subjectToken;
    String subjectTokenType;
    String client;
    String type = request.getContentType();
    if (type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      grantType = request.getParameter("grant_type");
      subjectToken = request.getParameter("subject_token");
      subjectTokenType = request.getParameter("subject_token_type");
      client = request.getParameter("client");
    } else {
      JsonBody b = ContractJson.read(request);
      grantType = b.optionalString("grant_type");
      subjectToken = b.optionalString("subject_token");
      subjectTokenType = b.optionalString("subject_token_type");
      client = b.optionalString("client");
    }
    if (!TOKEN_EXCHANGE.equals(grantType)) {
      throw new ApiException(
          ErrorCode.UNSUPPORTED_GRANT_TYPE, "grant_type must be " + TOKEN_EXCHANGE);
    }
    if (subjectToken == null || subjectToken.isEmpty()) {
      throw new ApiException(ProtocolError.MISSING_FIELD, "subject_token is required");
    }
    if (!SUBJECT_TOKEN_TYPES.contains(subjectTokenType)) {
      throw new ApiException(
          ProtocolError.INVALID_FIELD,
          "subject_token_type must be one of " + new TreeSet<>(SUBJECT_TOKEN_TYPES));
    }
    String kind = ContractSupport.clientKind(client);
    return support
        .gatehouse()
        .sessions()
        .exchangeLegacyToken(subjectToken, ContractSupport.client(request, kind));
  }

  /**
   * Adds RFC 8693's fields to a contract's token answer: {@code access_token}, {@code
   * refresh_token}, {@code issued_token_type}, and {@code token_type} ({@code Bearer}) and {@code
   * expires_in} unless the answer has them.
   *
   * @param body the contract's answer, changed in place
   * @param pair the tokens
   * @param clock Gatehouse's clock
   * @return {@code body}
   */
  public static Map<String, Object> rfc8693(Map<String, Object> body, TokenPair pair, Clock clock) {
    body.put("access_token", pair.accessToken());
    body.put("refresh_token", pair.refreshToken());
    body.put("issued_token_type", ISSUED_TOKEN_TYPE);
    body.putIfAbsent("token_type", Shapes.TOKEN_TYPE);
    long seconds = Duration.between(clock.instant(), pair.accessTokenExpiresAt()).toSeconds();
    body.putIfAbsent("expires_in", Math.max(0, seconds));
    return body;
  }
}
