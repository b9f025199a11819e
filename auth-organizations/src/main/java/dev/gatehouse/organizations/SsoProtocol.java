package dev.gatehouse.organizations;

import dev.gatehouse.social.SocialProvider.AuthorizationRequest;
import dev.gatehouse.social.SocialProvider.CodeExchange;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import java.net.URI;

/**
 * One kind of organisation identity provider ({@link SsoConnection#kind}): where to send the
 * browser, and the verified identity its callback proves. OpenID Connect ({@link OidcSso}) is the
 * only kind shipped; SAML would be a second implementation (a redirect with its AuthnRequest, a
 * callback with the signed assertion), which needs a SAML library this build does not carry. Called
 * outside any database transaction. Implementations are thread-safe.
 */
interface SsoProtocol {
  /** {@return the kind it answers for, as stored} */
  String kind();

  /**
   * @param connection the organisation's provider
   * @param clientSecret its client secret, opened
   * @param request the state, nonce, PKCE challenge and callback address
   * @return the provider's authorization request
   */
  URI authorizationUri(SsoConnection connection, String clientSecret, AuthorizationRequest request);

  /**
   * @param connection the organisation's provider
   * @param clientSecret its client secret, opened
   * @param exchange the code, the PKCE verifier, the callback address and the expected nonce
   * @return the identity, its token verified (signature, issuer, audience, expiry, nonce)
   */
  VerifiedIdentity exchange(SsoConnection connection, String clientSecret, CodeExchange exchange);
}
