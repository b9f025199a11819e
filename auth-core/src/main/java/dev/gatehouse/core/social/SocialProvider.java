package dev.gatehouse.core.social;

import dev.gatehouse.core.error.ErrorCode;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A sign-in provider (an OpenID Connect issuer, Google, Apple, Facebook), registered with {@code
 * Gatehouse.builder(...).socialProvider(...)}. Implementations live in {@code auth-social}; they
 * talk to the provider and verify its answers, while {@link SocialService} keeps the {@code state},
 * nonce and PKCE verifier, refuses replays and applies the account rules. Implementations are
 * thread-safe and are never called inside a database transaction.
 */
public interface SocialProvider {

  /** {@return the provider's short name, such as {@code google}: 1 to 32 of [a-z0-9_-]} */
  String id();

  /**
   * Where to send the user's browser to sign in.
   *
   * @param request the state, nonce, PKCE challenge and callback address
   * @return the provider's authorization URL with its parameters
   */
  URI authorizationUri(AuthorizationRequest request);

  /**
   * Exchanges an authorization code at the provider's token endpoint and verifies the answer.
   *
   * @param exchange the code, the PKCE verifier, the callback address, the expected nonce and the
   *     callback's other parameters
   * @return the verified identity
   * @throws SocialException {@code invalid_id_token} or {@code provider_refused} when the answer is
   *     refused
   * @throws dev.gatehouse.core.error.AuthInfrastructureException {@code
   *     social_provider_unavailable} when the provider cannot be reached
   */
  VerifiedIdentity exchangeCode(CodeExchange exchange);

  /**
   * Verifies a token a native SDK obtained on a phone (an id_token; for Facebook, an access token).
   *
   * @param token the token
   * @param nonce the nonce the app asked the provider to bind into it, or {@code null}
   * @return the verified identity
   * @throws SocialException {@code invalid_id_token} when it is refused, {@code unsupported_flow}
   *     when the provider has no such path
   */
  default VerifiedIdentity verifyNativeToken(String token, @Nullable String nonce) {
    throw new SocialException(ErrorCode.UNSUPPORTED_FLOW, id() + " has no native-token sign-in");
  }

  /**
   * The parameters of an authorization request.
   *
   * @param redirectUri the callback address registered at the provider
   * @param state the opaque, sealed, single-use state
   * @param nonce the value the id_token must carry
   * @param codeChallenge the PKCE S256 challenge
   */
  record AuthorizationRequest(URI redirectUri, String state, String nonce, String codeChallenge) {
    @Override
    public String toString() {
      return "AuthorizationRequest[redirectUri=" + redirectUri + "]";
    }
  }

  /**
   * What a callback brings to a code exchange.
   *
   * @param code the authorization code
   * @param codeVerifier the PKCE verifier kept in the state
   * @param redirectUri the callback address the authorization request named
   * @param nonce the nonce the id_token must carry
   * @param parameters the callback's other parameters (Apple's {@code user} on a first sign-in)
   */
  record CodeExchange(
      String code,
      String codeVerifier,
      URI redirectUri,
      String nonce,
      Map<String, String> parameters) {
    /**
     * Copies the parameters.
     *
     * @param code see the record description
     * @param codeVerifier see the record description
     * @param redirectUri see the record description
     * @param nonce see the record description
     * @param parameters see the record description
     */
    public CodeExchange {
      parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    @Override
    public String toString() {
      return "CodeExchange[redirectUri=" + redirectUri + "]";
    }
  }
}
