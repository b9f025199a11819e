package dev.gatehouse.social;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.social.SocialService.SocialException;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A sign-in provider (an OpenID Connect issuer, Google, Apple, Facebook), given to the module with
 * {@code install(new SocialSignIn(provider, ...))}. {@link OidcProvider}, {@link GoogleProvider},
 * {@link AppleProvider} and {@link FacebookProvider} implement it, and a host may write its own;
 * they talk to the provider and verify its answers, while {@link SocialService} keeps the {@code
 * state}, nonce and PKCE verifier, refuses replays and applies the account rules. Implementations
 * are thread-safe and are never called inside a database transaction.
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
   * @throws dev.gatehouse.core.error.AuthException.AuthInfrastructureException {@code
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
    throw new SocialException(SocialErrors.UNSUPPORTED_FLOW, id() + " has no native-token sign-in");
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

  /**
   * Who a provider says the user is, after the provider's answer was verified (id_token signature,
   * issuer, audience, expiry and nonce; or the Graph API's token inspection). The one input of the
   * account rules in {@link SocialService}: a host that verifies a provider itself may build one.
   *
   * @param provider the provider's short name, such as {@code google} (1 to 32 characters)
   * @param subject the provider's stable user id ({@code sub})
   * @param email the email the provider gave, or {@code null}
   * @param emailVerified whether the provider asserts that the email is verified
   * @param displayName the user's name, or {@code null} (Apple sends it at the first sign-in only)
   * @param pictureUrl a picture URL, or {@code null}
   * @param accessToken the provider's access token, kept only when the host asks, or {@code null}
   * @param refreshToken the provider's refresh token, kept only when the host asks, or {@code null}
   */
  public record VerifiedIdentity(
      String provider,
      String subject,
      @Nullable String email,
      boolean emailVerified,
      @Nullable String displayName,
      @Nullable String pictureUrl,
      @Nullable String accessToken,
      @Nullable String refreshToken) {

    /**
     * Checks the required parts.
     *
     * @param provider see the record description
     * @param subject see the record description
     * @param email see the record description
     * @param emailVerified see the record description
     * @param displayName see the record description
     * @param pictureUrl see the record description
     * @param accessToken see the record description
     * @param refreshToken see the record description
     */
    public VerifiedIdentity {
      requireNonNull(provider, "provider");
      requireNonNull(subject, "subject");
      if (provider.isBlank() || provider.length() > 32) {
        throw new IllegalArgumentException("provider must be 1 to 32 characters");
      }
      if (subject.isBlank() || subject.length() > 255) {
        throw new IllegalArgumentException("subject must be 1 to 255 characters");
      }
      if (email == null) {
        emailVerified = false;
      }
    }

    /**
     * An identity without provider tokens.
     *
     * @param provider the provider's short name
     * @param subject the provider's user id
     * @param email the email, or {@code null}
     * @param emailVerified whether the provider verified it
     * @param displayName the name, or {@code null}
     * @param pictureUrl the picture URL, or {@code null}
     */
    public VerifiedIdentity(
        String provider,
        String subject,
        @Nullable String email,
        boolean emailVerified,
        @Nullable String displayName,
        @Nullable String pictureUrl) {
      this(provider, subject, email, emailVerified, displayName, pictureUrl, null, null);
    }

    /**
     * @param name the name to use (for example Apple's, from the first callback's {@code user}
     *     field)
     * @return this identity with that display name
     */
    public VerifiedIdentity withDisplayName(String name) {
      return new VerifiedIdentity(
          provider, subject, email, emailVerified, name, pictureUrl, accessToken, refreshToken);
    }

    @Override
    public String toString() {
      return "VerifiedIdentity[provider=" + provider + ", emailVerified=" + emailVerified + "]";
    }
  }
}
