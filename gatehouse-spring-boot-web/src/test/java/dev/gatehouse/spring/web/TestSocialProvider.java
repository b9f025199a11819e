package dev.gatehouse.spring.web;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.social.SocialProvider;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.social.SocialService.SocialException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A provider stand-in for the HTTP contract (the real providers are tested against local servers in
 * auth-social): a code or a native token reads {@code subject|email|verified}; the authorization
 * URL carries the state so a test can play the provider's redirect.
 */
final class TestSocialProvider implements SocialProvider {
  @Override
  public String id() {
    return "test";
  }

  @Override
  public URI authorizationUri(AuthorizationRequest r) {
    return URI.create(
        "https://idp.example.test/authorize?state="
            + URLEncoder.encode(r.state(), StandardCharsets.UTF_8)
            + "&redirect_uri="
            + URLEncoder.encode(r.redirectUri().toString(), StandardCharsets.UTF_8));
  }

  @Override
  public VerifiedIdentity exchangeCode(CodeExchange exchange) {
    return parse(exchange.code());
  }

  @Override
  public VerifiedIdentity verifyNativeToken(String token, String nonce) {
    return parse(token);
  }

  private VerifiedIdentity parse(String s) {
    String[] p = s.split("\\|");
    // An optional fourth part makes another token of the same identity (a token signs in once).
    if (p.length != 3 && p.length != 4) {
      throw new SocialException(ErrorCode.INVALID_ID_TOKEN, "not a test token");
    }
    return new VerifiedIdentity(
        id(), p[0], p[1].isEmpty() ? null : p[1], Boolean.parseBoolean(p[2]), "Ann", null);
  }
}
