package dev.gatehouse.spring.web.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
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
 *     check-session: true    # the default: refuse access tokens whose session was revoked
 *     contract: gatehouse    # or jb-drf-auth, fastapi-users: the peer's routes, bodies, errors
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
  /**
   * Whether to serve the HTTP contract (the routes {@code contract} names) and the JWKS document.
   */
  private boolean enabled;

  /** The base path of the contract's routes. */
  private String basePath = "/auth";

  /**
   * Whether the host's own routes refuse an access token whose session was revoked (logout, a
   * password change, a revocation): at once for a revocation through this instance, within {@code
   * gatehouse.token.revocation-follow} (2 seconds by default) for one through another instance, at
   * about the cost of stateless verification. On by default; off, a token is accepted until it
   * expires.
   */
  private boolean checkSession = true;

  /**
   * Whether the default chain lets actuator's health endpoint (with its liveness and readiness
   * groups) and info endpoint answer without a token, where {@code management.endpoints.web.*} puts
   * them, as Spring Boot's own default security does: a load balancer's probe carries no token.
   */
  private boolean openHealth = true;

  /**
   * Further paths the default chain lets through without a token (path patterns such as {@code
   * /public/**}), in any order relative to the chain's own rules.
   */
  private List<String> publicPaths = new ArrayList<>();

  /**
   * The changes a session in which someone acts for the user (an impersonation's {@code act}) may
   * still make, each a method and a path pattern within the application ({@code PATCH
   * /auth/account/update/}). Such a session reads and ends itself; every other change of every
   * contract is refused ({@code impersonation_refused}) unless listed here. A change of a
   * credential, a contact, a linked identity or another session stays refused by the library
   * whatever this lists. Empty by default.
   */
  private List<String> impersonationAllowed = new ArrayList<>();

  /**
   * Which HTTP contract the routes speak: {@code gatehouse} (the default: problem details, one
   * shape per thing), {@code jb-drf-auth} (jb-drf-auth 0.1.9's routes, request fields, bodies,
   * statuses and DRF error shapes, for clients written against it) or {@code fastapi-users}
   * (FastAPI-Users' routers with the bearer transport: their routes, form and JSON bodies, answers,
   * statuses and FastAPI's error shapes).
   */
  private String contract = CONTRACT_GATEHOUSE;

  /** CORS of the contract's routes. */
  private final Cors cors = new Cors();

  /** Settings of the {@code jb-drf-auth} contract. */
  private final JbDrfAuth jbDrfAuth = new JbDrfAuth();

  /** djangorestframework-simplejwt's token views, served beside whichever contract. */
  private final Simplejwt simplejwt = new Simplejwt();

  /** Settings of the {@code fastapi-users} contract. */
  private final FastApiUsers fastapiUsers = new FastApiUsers();

  /** The value of {@link #getContract()} for Gatehouse's own contract. */
  public static final String CONTRACT_GATEHOUSE = "gatehouse";

  /** The value of {@link #getContract()} for jb-drf-auth's contract. */
  public static final String CONTRACT_JB_DRF_AUTH = "jb-drf-auth";

  /** The value of {@link #getContract()} for FastAPI-Users' contract. */
  public static final String CONTRACT_FASTAPI_USERS = "fastapi-users";

  /** Creates the defaults: contract off, base path {@code /auth}, sessions checked. */
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

  /** {@return whether the host's routes refuse access tokens of revoked sessions} */
  public boolean isCheckSession() {
    return checkSession;
  }

  /**
   * @param checkSession whether the host's routes refuse access tokens of revoked sessions
   */
  public void setCheckSession(boolean checkSession) {
    this.checkSession = checkSession;
  }

  /** {@return whether actuator's health and info endpoints answer without a token} */
  public boolean isOpenHealth() {
    return openHealth;
  }

  /**
   * @param openHealth whether actuator's health and info endpoints answer without a token
   */
  public void setOpenHealth(boolean openHealth) {
    this.openHealth = openHealth;
  }

  /** {@return further paths the default chain lets through without a token} */
  public List<String> getPublicPaths() {
    return publicPaths;
  }

  /**
   * @param publicPaths further paths the default chain lets through without a token
   */
  public void setPublicPaths(List<String> publicPaths) {
    this.publicPaths = new ArrayList<>(publicPaths);
  }

  /** {@return the changes an impersonation's session may make, as {@code METHOD /path} patterns} */
  public List<String> getImpersonationAllowed() {
    return impersonationAllowed;
  }

  /**
   * @param impersonationAllowed the changes an impersonation's session may make, each {@code METHOD
   *     /path-pattern}
   */
  public void setImpersonationAllowed(List<String> impersonationAllowed) {
    this.impersonationAllowed = new ArrayList<>(impersonationAllowed);
  }

  /**
   * {@return the contract the routes speak: {@code gatehouse}, {@code jb-drf-auth} or {@code
   * fastapi-users}}
   */
  public String getContract() {
    return contract;
  }

  /**
   * @param contract {@code gatehouse}, {@code jb-drf-auth} or {@code fastapi-users}
   * @throws IllegalArgumentException for any other value
   */
  public void setContract(String contract) {
    String c = contract == null ? CONTRACT_GATEHOUSE : contract.strip();
    if (!c.equals(CONTRACT_GATEHOUSE)
        && !c.equals(CONTRACT_JB_DRF_AUTH)
        && !c.equals(CONTRACT_FASTAPI_USERS)) {
      throw new IllegalArgumentException(
          "gatehouse.http.contract must be gatehouse, jb-drf-auth or fastapi-users, not "
              + contract);
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

  /** {@return the settings of the {@code fastapi-users} contract} */
  public FastApiUsers getFastapiUsers() {
    return fastapiUsers;
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

    /**
     * Whether answers say what jb-drf-auth's say about an address or a phone, revealing whether an
     * account uses it: "El correo electrónico ya esta en uso." on a sign-up, "No existe un usuario
     * con este correo." or "El correo ya fue verificado." on a resend, {@code email_sent: false} on
     * a reset request for an unknown address, and {@code user_exist} on a code request. Off by
     * default: every address gets the answer of an existing one. Turn it on only for clients that
     * cannot work without these answers, knowing they let anyone test addresses.
     */
    private boolean revealAccounts;

    /** Creates the defaults: no rotation, nothing revealed. */
    public JbDrfAuth() {}

    /** {@return whether answers reveal whether an account uses an address, as jb-drf-auth's do} */
    public boolean isRevealAccounts() {
      return revealAccounts;
    }

    /**
     * @param revealAccounts whether answers reveal whether an account uses an address
     */
    public void setRevealAccounts(boolean revealAccounts) {
      this.revealAccounts = revealAccounts;
    }

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

  /**
   * Settings of the {@code fastapi-users} contract, under {@code gatehouse.http.fastapi-users}:
   * where FastAPI-Users' routers sit. FastAPI-Users' documented application mounts the auth router
   * at {@code /auth/jwt}, the register, reset and verify routers at {@code /auth} and the users
   * router at {@code /users}; here the auth router sits at {@code {base-path}{auth-path}}, the
   * register, reset and verify routers at {@code base-path}, and the users router at {@code
   * {users-path}} from the root, or at {@code {base-path}{users-path}} with {@code
   * users-under-base-path: true} (where 0.1.0 served it).
   *
   * <pre>{@code
   * gatehouse.http:
   *   base-path: /auth
   *   contract: fastapi-users
   *   fastapi-users:
   *     auth-path: /jwt               # POST /auth/jwt/login, POST /auth/jwt/logout
   *     users-path: /users            # GET, PATCH /users/me; GET, PATCH, DELETE /users/{id}
   *     users-under-base-path: false  # true: /auth/users/me
   * }</pre>
   *
   * <p>At the root, {@code {users-path}/me} (and its email and phone routes) and {@code
   * {users-path}/{id}} belong to the contract: they answer in FastAPI's shapes, so a host keeps its
   * own routes elsewhere.
   */
  public static class FastApiUsers {
    /** A path under the base path: empty, or segments each starting with {@code /}. */
    private static final Pattern SUB_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)*");

    /**
     * Where the auth router (login, logout) sits under the base path: {@code /jwt} (FastAPI-Users'
     * example mounts it at {@code /auth/jwt}), or empty for {@code {base-path}/login}.
     */
    private String authPath = "/jwt";

    /**
     * Where the users router ({@code /me}, {@code /{id}}) sits: {@code /users}; under the base path
     * it may be empty ({@code {base-path}/me}).
     */
    private String usersPath = "/users";

    /**
     * Whether the users router sits under the base path ({@code /auth/users/me}) rather than at the
     * root as FastAPI-Users' documented application mounts it ({@code /users/me}).
     */
    private boolean usersUnderBasePath;

    /** Creates the defaults: {@code /jwt} and {@code /users}. */
    public FastApiUsers() {}

    /** {@return where the auth router sits under the base path, e.g. {@code /jwt}} */
    public String getAuthPath() {
      return authPath;
    }

    /**
     * @param authPath where the auth router sits under the base path: empty or {@code /segment...}
     *     without a trailing slash
     * @throws IllegalArgumentException for any other value
     */
    public void setAuthPath(String authPath) {
      this.authPath = subPath("auth-path", authPath);
    }

    /** {@return where the users router sits, e.g. {@code /users}} */
    public String getUsersPath() {
      return usersPath;
    }

    /** {@return whether the users router sits under the base path rather than at the root} */
    public boolean isUsersUnderBasePath() {
      return usersUnderBasePath;
    }

    /**
     * @param usersUnderBasePath {@code true} to serve the users router under the base path ({@code
     *     /auth/users/me}), as 0.1.0 did; {@code false} (the default) for the root ({@code
     *     /users/me}), where FastAPI-Users' documented application mounts it
     */
    public void setUsersUnderBasePath(boolean usersUnderBasePath) {
      this.usersUnderBasePath = usersUnderBasePath;
    }

    /**
     * @param usersPath where the users router sits: {@code /segment...} without a trailing slash,
     *     or empty when it sits under the base path
     * @throws IllegalArgumentException for any other value
     */
    public void setUsersPath(String usersPath) {
      this.usersPath = subPath("users-path", usersPath);
    }

    // Checked rather than normalised: the routes are mapped from the property's text as written
    // (a placeholder in the controller's mappings), so the text must already be the path.
    private static String subPath(String key, String value) {
      String v = value == null ? "" : value;
      if (!SUB_PATH.matcher(v).matches()) {
        throw new IllegalArgumentException(
            "gatehouse.http.fastapi-users."
                + key
                + " must be empty or a path such as /jwt (a leading slash, no trailing one), not "
                + value);
      }
      return v;
    }
  }
}
