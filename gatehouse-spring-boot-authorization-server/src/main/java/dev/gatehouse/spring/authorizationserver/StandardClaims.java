package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.core.store.SessionStore.SessionState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.util.ClassUtils;

/**
 * The claims of the provider's tokens and userinfo. An access token's {@code scope} is one
 * space-separated string (RFC 9068). The standard ones of OpenID Connect from Gatehouse's account
 * and profile, by scope, at userinfo: {@code email} ({@code email}, {@code email_verified}), {@code
 * phone} ({@code phone_number}, {@code phone_number_verified}), {@code profile} ({@code name},
 * {@code given_name}, {@code family_name}, {@code preferred_username}, {@code birthdate}, {@code
 * gender}, {@code picture}, {@code locale}, {@code zoneinfo}), read at each request (the ID token's
 * {@code auth_time} is the time the user signed in to the Gatehouse session, {@link
 * ProviderPrincipal}, omitted when unknown, and its {@code amr} the session's). With {@code
 * auth-organizations} installed, the scope {@value OrganizationClaims#SCOPE} adds the user's
 * organisations and roles to the ID token, the access token and userinfo; with one issuer per
 * organisation ({@link IssuerOrganization}), what an organisation's issuer issues is for its
 * members only and carries {@code org}. Then the host's {@link OpenIdClaims}, which may not set a
 * protected claim.
 */
final class StandardClaims
    implements OAuth2TokenCustomizer<JwtEncodingContext>,
        Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {
  private final Gatehouse gatehouse;
  private final ProviderStore store;
  private final Iterable<OpenIdClaims> hosts;
  private final @Nullable Function<UUID, List<Map<String, Object>>> organizations;
  private final @Nullable IssuerOrganization issuers;

  /**
   * The organisation of the request's issuer, with one issuer per organisation ({@link
   * OrganizationIssuers}).
   */
  interface IssuerOrganization {
    /**
     * @param user the user
     * @return the claim {@code org} (the organisation and the user's role in it), or {@code null}
     *     when the request's issuer is the root one
     * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException {@code
     *     invalid_grant} when the user is not a member of the issuer's organisation
     */
    @Nullable Map<String, Object> member(UUID user);
  }

  StandardClaims(
      Gatehouse gatehouse, Iterable<OpenIdClaims> hosts, @Nullable IssuerOrganization issuers) {
    this.gatehouse = requireNonNull(gatehouse, "gatehouse");
    this.store = gatehouse.feature(ProviderStore.class);
    this.hosts = requireNonNull(hosts, "hosts");
    this.issuers = issuers;
    this.organizations =
        ClassUtils.isPresent(OrganizationClaims.SERVICE, StandardClaims.class.getClassLoader())
            ? OrganizationClaims.of(gatehouse).orElse(null)
            : null;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
        && !context.getAuthorizedScopes().isEmpty()) {
      // RFC 9068, section 2.2.3: the scopes as one space-separated string, not a JSON array.
      context.getClaims().claim("scope", String.join(" ", context.getAuthorizedScopes()));
    }
    if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
      return;
    }
    OpenIdClaims.Target target;
    if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
      target = OpenIdClaims.Target.ID_TOKEN;
    } else if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
      target = OpenIdClaims.Target.ACCESS_TOKEN;
    } else {
      return;
    }
    if (target == OpenIdClaims.Target.ID_TOKEN
        && context.getPrincipal() instanceof ProviderPrincipal signedIn) {
      signIn(signedIn, context);
    }
    UUID user = UUID.fromString(context.getPrincipal().getName());
    added(user, context.getRegisteredClient().getClientId(), context.getAuthorizedScopes(), target)
        .forEach(context.getClaims()::claim);
  }

  /**
   * How and when the user signed in, as the ID token says it: {@code amr} from the Gatehouse
   * session the authorization was granted in (the methods the caller rule read from that session's
   * token), and {@code auth_time} whenever the sign-in time is known, never otherwise. Spring
   * Authorization Server writes {@code auth_time} only when it tracked the browser's session; it is
   * written here from the principal in every case (so it is there whenever a relying party sent
   * {@code max_age}, which the provider meets with a known time only: {@link SignInPrompt}), and
   * taken out for a principal whose time is unknown, so a relying party's {@code max_age} is never
   * met by a time the provider does not know.
   */
  private void signIn(ProviderPrincipal signedIn, JwtEncodingContext context) {
    if (signedIn.authTime() == null) {
      context.getClaims().claims(c -> c.remove("auth_time"));
    } else {
      context.getClaims().claim("auth_time", signedIn.authTime());
    }
    String sessionId = signedIn.sessionId();
    if (sessionId == null) {
      return;
    }
    List<String> amr =
        store
            .inTransaction(tx -> tx.sessions().findSession(sessionId))
            .map(SessionState::amr)
            .orElse(List.of());
    if (!amr.isEmpty()) {
      context.getClaims().claim("amr", amr);
    }
  }

  /**
   * The claims of the standard scopes this provider serves at userinfo, by scope (the ID token's
   * own are {@link #ID_TOKEN_CLAIMS}); {@code openid} adds none of them.
   */
  private static final Map<String, List<String>> SCOPE_CLAIMS =
      Map.of(
          OidcScopes.EMAIL,
          List.of("email", "email_verified"),
          OidcScopes.PHONE,
          List.of("phone_number", "phone_number_verified"),
          OidcScopes.PROFILE,
          List.of(
              "name",
              "given_name",
              "family_name",
              "preferred_username",
              "birthdate",
              "gender",
              "picture",
              "locale",
              "zoneinfo"));

  /** The claims of every ID token (when known: {@code auth_time}, {@code amr}, {@code sid}). */
  private static final List<String> ID_TOKEN_CLAIMS =
      List.of("sub", "iss", "aud", "exp", "iat", "jti", "auth_time", "nonce", "amr", "azp", "sid");

  /**
   * {@return the scopes this provider answers claims for, as discovery lists them: {@code openid},
   * the standard ones it serves, the organisations' with {@code auth-organizations}, and each
   * host's {@link OpenIdClaims#scopes()}}
   */
  List<String> scopesServed() {
    Set<String> scopes = new TreeSet<>(SCOPE_CLAIMS.keySet());
    if (organizations != null) {
      scopes.add(OrganizationClaims.SCOPE);
    }
    hosts.forEach(h -> scopes.addAll(h.scopes()));
    scopes.remove(OidcScopes.OPENID);
    List<String> listed = new ArrayList<>(List.of(OidcScopes.OPENID));
    listed.addAll(scopes);
    return listed;
  }

  /**
   * {@return the claims this provider may answer in an ID token or at userinfo, as discovery lists
   * them: the ID token's own, the standard scopes', the organisations' and each host's {@link
   * OpenIdClaims#claimNames()}}
   */
  List<String> claimsServed() {
    Set<String> claims = new LinkedHashSet<>(ID_TOKEN_CLAIMS);
    new TreeMap<>(SCOPE_CLAIMS).values().forEach(claims::addAll);
    if (issuers != null) {
      claims.add("org");
    }
    if (organizations != null) {
      claims.add(OrganizationClaims.SCOPE);
    }
    hosts.forEach(h -> claims.addAll(new TreeSet<>(h.claimNames())));
    return List.copyOf(claims);
  }

  /** The organisations' and the host's claims for one token or userinfo answer. */
  private Map<String, Object> added(
      UUID user, String clientId, Set<String> scopes, OpenIdClaims.Target target) {
    Map<String, Object> claims = new LinkedHashMap<>();
    Map<String, Object> org = issuers == null ? null : issuers.member(user);
    if (org != null) {
      claims.put("org", org);
    }
    if (organizations != null && scopes.contains(OrganizationClaims.SCOPE)) {
      claims.put(OrganizationClaims.SCOPE, organizations.apply(user));
    }
    OpenIdClaims.Request request = new OpenIdClaims.Request(user, clientId, scopes, target);
    for (OpenIdClaims host : hosts) {
      host.claims(request)
          .forEach(
              (name, value) -> {
                if (OpenIdClaims.PROTECTED.contains(name)) {
                  throw new IllegalStateException(
                      "the host's OpenIdClaims "
                          + host.getClass().getName()
                          + " sets the claim '"
                          + name
                          + "', which the provider answers for (OpenIdClaims.PROTECTED)");
                }
                claims.put(name, value);
              });
    }
    return claims;
  }

  @Override
  public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
    String subject = context.getAuthorization().getPrincipalName();
    Set<String> scopes = context.getAccessToken().getScopes();
    Map<String, Object> claims = new LinkedHashMap<>();
    UUID userId = UUID.fromString(subject);
    Me me = gatehouse.profiles().me(userId, null);
    UserView user = me.user();
    if (scopes.contains(OidcScopes.EMAIL) && user.email() != null) {
      claims.put("email", user.email());
      claims.put("email_verified", user.emailVerified());
    }
    if (scopes.contains(OidcScopes.PHONE) && user.phone() != null) {
      claims.put("phone_number", user.phone());
      claims.put("phone_number_verified", user.phoneVerified());
    }
    if (scopes.contains(OidcScopes.PROFILE)) {
      Person person = me.currentProfile().person();
      String family = joined(person.lastName1(), person.lastName2());
      putIfPresent(claims, "given_name", person.firstName());
      putIfPresent(claims, "family_name", family);
      putIfPresent(claims, "name", joined(person.firstName(), family));
      putIfPresent(claims, "preferred_username", user.username());
      putIfPresent(
          claims, "birthdate", person.birthday() == null ? null : person.birthday().toString());
      putIfPresent(claims, "gender", person.gender());
      putIfPresent(claims, "picture", person.picture());
      putIfPresent(claims, "locale", user.language());
      putIfPresent(claims, "zoneinfo", user.timeZone());
    }
    claims.putAll(
        added(
            userId,
            context.getAuthorization().getRegisteredClientId(),
            scopes,
            OpenIdClaims.Target.USERINFO));
    claims.put("sub", subject);
    return new OidcUserInfo(claims);
  }

  private static @Nullable String joined(@Nullable String first, @Nullable String second) {
    if (first == null || first.isBlank()) {
      return second;
    }
    return second == null || second.isBlank() ? first : first + " " + second;
  }

  private static void putIfPresent(
      Map<String, Object> claims, String name, @Nullable Object value) {
    if (value != null) {
      claims.put(name, value);
    }
  }
}
