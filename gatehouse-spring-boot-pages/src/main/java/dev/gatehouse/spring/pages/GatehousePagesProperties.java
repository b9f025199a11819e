package dev.gatehouse.spring.pages;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys of the sign-in pages, under {@code gatehouse.pages}: which of the paths the pages may
 * take the host keeps for itself.
 *
 * <pre>{@code
 * gatehouse:
 *   pages:
 *     home: false            # leave / to the host
 *     organizations: false   # leave the invitation's and the organisations' paths to the host
 *     admin: false           # leave /staff/ to the host
 *     host-sign-in: false    # the host's own routes take bearer tokens only
 * }</pre>
 *
 * <p>A mutable bean as Spring binds it; read once at start-up.
 */
@ConfigurationProperties("gatehouse.pages")
public class GatehousePagesProperties {
  /** The key of {@link #isHostSignIn()}. */
  static final String HOST_SIGN_IN = "gatehouse.pages.host-sign-in";

  /**
   * Whether a browser signed in through the pages is signed in to the host's own routes too (the
   * starter's bearer-token chain authenticates a request without a bearer token by the browser's
   * session, with the same roles, CSRF for its changes, and an impersonation only reads); false
   * keeps the host's routes bearer-only.
   */
  private boolean hostSignIn = true;

  /** Whether the pages serve the start page at {@code /}; false leaves it to the host. */
  private boolean home = true;

  /**
   * Whether the organisations' pages are served (with auth-organizations on the class path); false
   * leaves the invitation's and the organisations' paths to the host.
   */
  private boolean organizations = true;

  /**
   * Whether the staff's pages are served under {@code /staff/} (with auth-admin on the class path);
   * false leaves {@code /staff/} to the host.
   */
  private boolean admin = true;

  /** Creates the defaults: every page served. */
  public GatehousePagesProperties() {}

  /** {@return whether the start page at {@code /} is served} */
  public boolean isHome() {
    return home;
  }

  /**
   * @param home whether the start page at {@code /} is served
   */
  public void setHome(boolean home) {
    this.home = home;
  }

  /** {@return whether the organisations' pages are served} */
  public boolean isOrganizations() {
    return organizations;
  }

  /**
   * @param organizations whether the organisations' pages are served
   */
  public void setOrganizations(boolean organizations) {
    this.organizations = organizations;
  }

  /** {@return whether the pages' sign-in signs the browser in to the host's own routes} */
  public boolean isHostSignIn() {
    return hostSignIn;
  }

  /**
   * @param hostSignIn whether the pages' sign-in signs the browser in to the host's own routes
   */
  public void setHostSignIn(boolean hostSignIn) {
    this.hostSignIn = hostSignIn;
  }

  /** {@return whether the staff's pages are served} */
  public boolean isAdmin() {
    return admin;
  }

  /**
   * @param admin whether the staff's pages are served
   */
  public void setAdmin(boolean admin) {
    this.admin = admin;
  }
}
