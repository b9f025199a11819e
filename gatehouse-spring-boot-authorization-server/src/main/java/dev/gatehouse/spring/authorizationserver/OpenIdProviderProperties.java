package dev.gatehouse.spring.authorizationserver;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The OpenID provider's keys, under {@code gatehouse.openid-provider}.
 *
 * <pre>{@code
 * gatehouse:
 *   openid-provider:
 *     issuer: https://accounts.example.com   # required in production
 *     enabled: true                          # false: the module on the class path serves nothing
 * }</pre>
 *
 * <p>A mutable bean as Spring binds it; read once at start-up.
 */
@ConfigurationProperties("gatehouse.openid-provider")
public class OpenIdProviderProperties {
  /**
   * The provider's issuer, its public address (https://accounts.example.com), in every token and
   * the discovery document. Required in production (gatehouse.environment); in development, unset
   * means the address each request came to, a loopback one only (127.0.0.1, [::1], localhost): a
   * request naming another host is refused.
   */
  private String issuer = "";

  /** Whether the provider is served while the module is on the class path. */
  private boolean enabled = true;

  /** Creates the defaults: served, the issuer unset. */
  public OpenIdProviderProperties() {}

  /** {@return the issuer, or an empty string when unset} */
  public String getIssuer() {
    return issuer;
  }

  /**
   * @param issuer the issuer, or an empty string for the request's loopback address (development
   *     only)
   */
  public void setIssuer(String issuer) {
    this.issuer = issuer == null ? "" : issuer.strip();
  }

  /** {@return whether the provider is served} */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * @param enabled whether the provider is served
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  public String toString() {
    return "OpenIdProviderProperties[issuer=" + issuer + ", enabled=" + enabled + "]";
  }
}
