package dev.gatehouse.core.social;

import java.net.URI;

/**
 * Where to send the browser to sign in at a provider, and the {@code state} that comes back. A web
 * layer also keeps the state in a cookie of the browser and checks at the callback that the two
 * agree, so a callback cannot be planted in another browser.
 *
 * @param authorizationUri the provider's authorization URL
 * @param state the sealed, single-use state
 */
public record SocialRedirect(URI authorizationUri, String state) {
  @Override
  public String toString() {
    return "SocialRedirect[" + authorizationUri.getHost() + "]";
  }
}
