package dev.gatehouse.social;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.social.SocialService.SocialException;
import java.net.URI;

/**
 * Sign in with Google: an {@link OidcProvider} preset with the id {@code google}, the issuer {@code
 * https://accounts.google.com} (tokens spelled {@code accounts.google.com} are accepted too, as
 * Google documents), {@code email_verified} from the token, and an optional hosted-domain
 * restriction (Google Workspace): with {@link #hostedDomain}, the authorization request asks for
 * that domain ({@code hd}) and a token whose {@code hd} claim differs is refused, since the request
 * parameter alone is only a hint.
 *
 * <pre>{@code
 * SocialProvider google = GoogleProvider.builder(clientId, clientSecret)
 *     .hostedDomain("example.com")      // optional
 *     .build();
 * }</pre>
 */
public final class GoogleProvider {
  /** Google's issuer. */
  public static final URI ISSUER = URI.create("https://accounts.google.com");

  private GoogleProvider() {}

  /**
   * @param clientId the OAuth client id of the web application
   * @param clientSecret its secret
   * @return an OpenID Connect builder preset for Google
   */
  public static OidcProvider.Builder builder(String clientId, String clientSecret) {
    return builder("google", clientId, clientSecret);
  }

  /**
   * As {@link #builder(String, String)} under another provider id (a second Google client, or
   * Spring's {@code spring.security.oauth2.client.registration.<id>.provider=google}).
   *
   * @param id the provider's short name in Gatehouse's routes and linked accounts
   * @param clientId the OAuth client id of the web application
   * @param clientSecret its secret
   * @return an OpenID Connect builder preset for Google
   */
  public static OidcProvider.Builder builder(String id, String clientId, String clientSecret) {
    return OidcProvider.builder(id, ISSUER, clientId)
        .clientSecret(clientSecret)
        .alsoAcceptIssuer("accounts.google.com");
  }

  /**
   * Restricts sign-in to one Google Workspace domain.
   *
   * @param builder a builder from {@link #builder}
   * @param domain the domain, such as {@code example.com}
   * @return the builder
   */
  public static OidcProvider.Builder hostedDomain(OidcProvider.Builder builder, String domain) {
    requireNonNull(domain, "domain");
    return builder
        .authorizationParameter("hd", domain)
        .claimsCheck(
            claims -> {
              if (!domain.equals(claims.getClaim("hd"))) {
                throw new SocialException(
                    ErrorCode.INVALID_ID_TOKEN,
                    "id_token refused: not of the allowed hosted domain");
              }
            });
  }
}
