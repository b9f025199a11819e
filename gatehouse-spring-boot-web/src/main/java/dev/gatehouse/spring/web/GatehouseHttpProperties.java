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
 *     contract: gatehouse    # or jb-drf-auth: the peer's routes, bodies and errors exactly
 *     cors:
 *       allowed-origins: [https://app.example.com, https://admin.example.com]
 *     simplejwt:
 *       enabled: true        # djangorestframework-simplejwt's token views, beside any contract
 *       base-path: /api/token
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

  /**
   * Which HTTP contract the routes speak: {@code gatehouse} (the default: problem details, one
   * shape per thing) or {@code jb-drf-auth} (jb-drf-auth 0.1.9's routes, request fields, bodies,
   * statuses and DRF error shapes, for clients written against it).
   */
  private String contract = CONTRACT_GATEHOUSE;

  /** CORS of the contract's routes. */
  private final Cors cors = new Cors();

  /** Settings of the {@code jb-drf-auth} contract. */
  private final JbDrfAuth jbDrfAuth = new JbDrfAuth();

  /** djangorestframework-simplejwt's token views, served beside whichever contract. */
  private final Simplejwt simplejwt = new Simplejwt();

  /** The value of {@link #getContract()} for Gatehouse's own contract. */
  public static final String CONTRACT_GATEHOUSE = "gatehouse";

  /** The value of {@link #getContract()} for jb-drf-auth's contract. */
  public static final String CONTRACT_JB_DRF_AUTH = "jb-drf-auth";

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

  /** {@return the contract the routes speak: {@code gatehouse} or {@code jb-drf-auth}} */
  public String getContract() {
    return contract;
  }

  /**
   * @param contract {@code gatehouse} or {@code jb-drf-auth}
   * @throws IllegalArgumentException for any other value
   */
  public void setContract(String contract) {
    String c = contract == null ? CONTRACT_GATEHOUSE : contract.strip();
    if (!c.equals(CONTRACT_GATEHOUSE) && !c.equals(CONTRACT_JB_DRF_AUTH)) {
      throw new IllegalArgumentException(
          "gatehouse.http.contract must be gatehouse or jb-drf-auth, not " + contract);
    }
    this.contract = c;
  }

  /** {@return the settings of the {@code jb-drf-auth} contract} */
  public JbDrfAuth getJbDrfAuth() {
    return jbDrfAuth;
  }

  /** {@return the settings of djangorestframework-simplejwt's token views} */
  public Simplejwt getSimplejwt() {
    return simplejwt;
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

  /** Settings of the {@code jb-drf-auth} contract, under {@code gatehouse.http.jb-drf-auth}. */
  public static class JbDrfAuth {
    /**
     * Whether {@code token/refresh/} rotates the refresh token (simplejwt's {@code
     * ROTATE_REFRESH_TOKENS}): off by default, as in jb-drf-auth, whose clients keep the refresh
     * token they got at login. On, the answer carries {@code refresh} too and the previous token is
     * refused after {@code gatehouse.token.refresh-reuse-grace}; turn it on once the clients store
     * the new token (docs/MIGRATION.md, "Clients").
     */
    private boolean rotateRefreshTokens;

    /** Creates the defaults: no rotation. */
    public JbDrfAuth() {}

    /** {@return whether the refresh route rotates refresh tokens} */
    public boolean isRotateRefreshTokens() {
      return rotateRefreshTokens;
    }

    /**
     * @param rotateRefreshTokens whether the refresh route rotates refresh tokens
     */
    public void setRotateRefreshTokens(boolean rotateRefreshTokens) {
      this.rotateRefreshTokens = rotateRefreshTokens;
    }
  }

  /**
   * djangorestframework-simplejwt's four token views, under {@code gatehouse.http.simplejwt}:
   * {@code POST {base}/} (obtain a pair), {@code {base}/refresh/}, {@code {base}/verify/} and
   * {@code {base}/blacklist/}, answering as simplejwt 5.x does with its default settings, so that
   * clients of simplejwt's own views keep working. Independent of {@code gatehouse.http.enabled}
   * and of the contract: they may be served alone or beside either contract.
   */
  public static class Simplejwt {
    /** Whether to serve simplejwt's token views. */
    private boolean enabled;

    /** Where the views live: simplejwt's documented mount, {@code api/token/}. */
    private String basePath = "/api/token";

    /**
     * Whether {@code refresh/} rotates the refresh token (simplejwt's {@code
     * ROTATE_REFRESH_TOKENS}): off by default, as in simplejwt, whose clients keep the refresh
     * token they got from the pair. On, the answer carries {@code refresh} too and the previous
     * token is refused after {@code gatehouse.token.refresh-reuse-grace}.
     */
    private boolean rotateRefreshTokens;

    /** Creates the defaults: off, under {@code /api/token}, no rotation. */
    public Simplejwt() {}

    /** {@return whether the views are served} */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * @param enabled whether to serve the views
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** {@return the base path of the views} */
    public String getBasePath() {
      return basePath;
    }

    /**
     * @param basePath the base path, e.g. {@code /api/token}
     */
    public void setBasePath(String basePath) {
      this.basePath = basePath;
    }

    /** {@return whether the refresh view rotates refresh tokens} */
    public boolean isRotateRefreshTokens() {
      return rotateRefreshTokens;
    }

    /**
     * @param rotateRefreshTokens whether the refresh view rotates refresh tokens
     */
    public void setRotateRefreshTokens(boolean rotateRefreshTokens) {
      this.rotateRefreshTokens = rotateRefreshTokens;
    }
  }
}
