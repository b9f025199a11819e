package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One application that signs its users in through the provider (a relying party), or a service that
 * asks for tokens of its own. Immutable; {@link #toString()} has no secret (a client's secret is
 * never part of it: {@link OpenIdClients#register} answers it once).
 *
 * <pre>{@code
 * OpenIdClient admin = new OpenIdClient("admin-tool", "Admin tool", OpenIdClient.Kind.CONFIDENTIAL,
 *     true, List.of("https://admin.example.com/callback"), List.of("https://admin.example.com/"),
 *     Set.of("openid", "profile", "email"));
 * }</pre>
 *
 * @param clientId the client's id, 1 to 100 characters of letters, digits, {@code -}, {@code _} and
 *     {@code .}
 * @param name the name the consent page shows, 1 to 200 characters
 * @param kind how the client proves itself at the token endpoint
 * @param firstParty whether the team runs the client: its users are asked no consent
 * @param redirectUris where the authorization endpoint may send the browser back (exactly, no
 *     pattern): each {@code https}, {@code http} to a loopback host ({@code 127.0.0.1}, {@code
 *     [::1]}, {@code localhost}) or a private-use scheme with a dot ({@code
 *     com.example.app:/callback}), without fragment, user info or {@code *}; never {@code
 *     javascript:}, {@code data:}, {@code file:}, {@code vbscript:} or {@code blob:}; empty for a
 *     service
 * @param postLogoutRedirectUris where RP-initiated logout may send the browser afterwards, by the
 *     same rule
 * @param scopes the scopes the client may ask for ({@code openid}, {@code profile}, {@code email},
 *     {@code phone}, {@code offline_access} or the host's own)
 * @param backchannelLogoutUri where the provider POSTs a signed logout token when a Gatehouse
 *     session the client got tokens through ends (OpenID Connect Back-Channel Logout 1.0), or
 *     {@code null} for none: {@code https}, or {@code http} to a loopback host outside production,
 *     without fragment, user info or {@code *}; never for a service
 * @param backchannelLogoutSessionRequired whether the client needs {@code sid} in the logout token
 *     (and the ID token): the provider always sends it, so this is kept as the client's
 *     registration says
 */
public record OpenIdClient(
    String clientId,
    String name,
    Kind kind,
    boolean firstParty,
    List<String> redirectUris,
    List<String> postLogoutRedirectUris,
    Set<String> scopes,
    @Nullable String backchannelLogoutUri,
    boolean backchannelLogoutSessionRequired) {

  /** How a client proves itself at the token endpoint. */
  public enum Kind {
    /**
     * A client that cannot keep a secret (a single-page or mobile application, a CLI): the
     * authorization code with PKCE, refresh tokens that rotate; a secret it sends is refused.
     */
    PUBLIC,
    /** A web application with a secret: the authorization code with PKCE, refresh tokens. */
    CONFIDENTIAL,
    /** A service with a secret that asks for tokens of its own (client credentials), no user. */
    SERVICE
  }

  /**
   * Checks and copies the values.
   *
   * @param clientId the client's id
   * @param name the name the consent page shows
   * @param kind how the client proves itself
   * @param firstParty whether the team runs the client
   * @param redirectUris where the browser may be sent back
   * @param postLogoutRedirectUris where the browser may be sent after a logout
   * @param scopes the scopes the client may ask for
   * @param backchannelLogoutUri where logout tokens go, or {@code null}
   * @param backchannelLogoutSessionRequired whether the client needs {@code sid}
   * @throws IllegalArgumentException when a value is out of its bounds, a redirect, post-logout
   *     redirect or back-channel logout URI breaks the rule above (the message names it and why), a
   *     service has one of them or another client has no redirect URI
   */
  public OpenIdClient {
    requireNonNull(clientId, "clientId");
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    if (!clientId.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException(
          "clientId must be 1 to 100 letters, digits, '-', '_' or '.'");
    }
    if (name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("name must be 1 to 200 characters");
    }
    redirectUris = List.copyOf(redirectUris);
    postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
    scopes = Set.copyOf(scopes);
    redirectUris.forEach(RedirectUris::check);
    postLogoutRedirectUris.forEach(RedirectUris::check);
    if (backchannelLogoutUri != null) {
      RedirectUris.checkBackChannel(backchannelLogoutUri);
    }
    if (kind == Kind.SERVICE
        && !(redirectUris.isEmpty()
            && postLogoutRedirectUris.isEmpty()
            && backchannelLogoutUri == null)) {
      throw new IllegalArgumentException("a service signs no user in: it has no redirect URI");
    }
    if (kind != Kind.SERVICE && redirectUris.isEmpty()) {
      throw new IllegalArgumentException("a client that signs users in needs a redirect URI");
    }
    for (String scope : scopes) {
      if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}")) {
        throw new IllegalArgumentException("a scope is 1 to 100 printable characters, no space");
      }
    }
  }

  /**
   * A client without back-channel logout, as before it existed.
   *
   * @param clientId the client's id
   * @param name the name the consent page shows
   * @param kind how the client proves itself
   * @param firstParty whether the team runs the client
   * @param redirectUris where the browser may be sent back
   * @param postLogoutRedirectUris where the browser may be sent after a logout
   * @param scopes the scopes the client may ask for
   * @throws IllegalArgumentException as the canonical constructor
   */
  public OpenIdClient(
      String clientId,
      String name,
      Kind kind,
      boolean firstParty,
      List<String> redirectUris,
      List<String> postLogoutRedirectUris,
      Set<String> scopes) {
    this(
        clientId,
        name,
        kind,
        firstParty,
        redirectUris,
        postLogoutRedirectUris,
        scopes,
        null,
        false);
  }

  /**
   * The same client with back-channel logout (OpenID Connect Back-Channel Logout 1.0).
   *
   * <pre>{@code
   * clients.change(client.withBackchannelLogout("https://admin.example.com/backchannel-logout", true));
   * }</pre>
   *
   * @param uri where logout tokens go, or {@code null} for none
   * @param sessionRequired whether the client needs {@code sid}
   * @return the client
   * @throws IllegalArgumentException when the URI breaks the rule
   */
  public OpenIdClient withBackchannelLogout(@Nullable String uri, boolean sessionRequired) {
    return new OpenIdClient(
        clientId,
        name,
        kind,
        firstParty,
        redirectUris,
        postLogoutRedirectUris,
        scopes,
        uri,
        sessionRequired);
  }

  /** {@return whether the client holds a secret (confidential clients and services)} */
  public boolean hasSecret() {
    return kind != Kind.PUBLIC;
  }
}
