package dev.gatehouse.spring.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the web module, under {@code gatehouse.http}.
 *
 * <pre>{@code
 * gatehouse:
 *   frontend-url: https://app.example.com   # also the default CORS origin
 *   http:
 *     enabled: true          # serve the HTTP contract
 *     base-path: /auth       # where its routes live
 *     check-session: true    # refuse access tokens whose session was ended
 *     cors:
 *       allowed-origins: [https://app.example.com, https://admin.example.com]
 * }</pre>
 *
 * <p>A mutable bean as Spring binds it; read once at start-up.
 */
@ConfigurationProperties("gatehouse.http")
public class GatehouseHttpProperties {
  /** Whether to serve the HTTP contract (the jb-drf-auth route set) and the JWKS document. */
  private boolean enabled;

  /** The base path of the contract's routes. */
  private String basePath = "/auth";

  /**
   * Whether an access token is accepted only while its session is alive (one indexed read per
   * request): a logout or revocation then takes effect at once instead of at the token's expiry.
   */
  private boolean checkSession;

  /** CORS of the contract's routes. */
  private final Cors cors = new Cors();

  /** Creates the defaults: contract off, base path {@code /auth}, no session check. */
  public GatehouseHttpProperties() {}

  /** {@return whether the contract is served} */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * @param enabled whether to serve the contract
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** {@return the base path of the contract's routes} */
  public String getBasePath() {
    return basePath;
  }

  /**
   * @param basePath the base path, e.g. {@code /auth} or {@code /api/auth}
   */
  public void setBasePath(String basePath) {
    this.basePath = basePath;
  }

  /** {@return whether access tokens are checked against their session on every request} */
  public boolean isCheckSession() {
    return checkSession;
  }

  /**
   * @param checkSession whether to check the session of every access token
   */
  public void setCheckSession(boolean checkSession) {
    this.checkSession = checkSession;
  }

  /** {@return the CORS settings} */
  public Cors getCors() {
    return cors;
  }

  /** CORS of the contract's routes and the JWKS document. */
  public static class Cors {
    /**
     * Origins allowed to call the contract from a browser, e.g. {@code https://app.example.com}.
     * Empty (the default): the origin of {@code gatehouse.frontend-url}.
     */
    private List<String> allowedOrigins = new ArrayList<>();

    /** Creates the defaults: the frontend URL's origin. */
    public Cors() {}

    /** {@return the allowed origins; empty means the frontend URL's origin} */
    public List<String> getAllowedOrigins() {
      return allowedOrigins;
    }

    /**
     * @param allowedOrigins the allowed origins
     */
    public void setAllowedOrigins(List<String> allowedOrigins) {
      this.allowedOrigins = allowedOrigins == null ? new ArrayList<>() : allowedOrigins;
    }
  }
}
