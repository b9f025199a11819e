package dev.gatehouse.spring.boot;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.social.AppleProvider;
import dev.gatehouse.social.FacebookProvider;
import dev.gatehouse.social.GoogleProvider;
import dev.gatehouse.social.OidcProvider;
import dev.gatehouse.social.OidcProvider.TokenEndpointAuth;
import dev.gatehouse.social.SocialProvider;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Sign-in providers from Spring Security's own OAuth2 client properties, read the way Spring's
 * {@code oauth2Login()} reads them, so a host configures "Continue with Google" once:
 *
 * <pre>
 * spring.security.oauth2.client.registration.google.client-id=...
 * spring.security.oauth2.client.registration.google.client-secret=...
 * spring.security.oauth2.client.registration.acme.client-id=...
 * spring.security.oauth2.client.registration.acme.client-secret=...
 * spring.security.oauth2.client.provider.acme.issuer-uri=https://login.acme.example
 * </pre>
 *
 * <p>Each registration becomes a provider whose id is the registration id: {@code google}, {@code
 * apple} and {@code facebook} (by registration id, or by {@code provider}) get Gatehouse's presets
 * for them; any other needs its provider's {@code issuer-uri} (OpenID Connect discovery). A
 * registration for another grant than {@code authorization_code} (a client of the host's own
 * service calls), or one whose provider is no OpenID Connect issuer (such as GitHub), is left to
 * Spring and logged once at INFO. {@code scope} is used as given, with {@code openid} added when
 * missing (Gatehouse signs in with the id_token); {@code client-authentication-method} chooses
 * {@code client_secret_basic} or {@code client_secret_post}. Spring's {@code redirect-uri} is not
 * used: Gatehouse's callback is its own route under {@code gatehouse.frontend-url}, and that is the
 * address to register at the provider. A {@link SocialProvider} bean of the host with the same id
 * wins. {@code gatehouse.social.spring-registrations=false} turns the reading off.
 */
final class SpringClientRegistrations {
  private static final Logger LOG = LoggerFactory.getLogger(SpringClientRegistrations.class);

  static final String REGISTRATIONS = "spring.security.oauth2.client.registration";
  static final String PROVIDERS = "spring.security.oauth2.client.provider";

  private final List<SocialProvider> providers;

  /** One {@code registration.<id>}, as Spring Security names its keys. */
  public static final class Registration {
    private String provider;
    private String clientId;
    private String clientSecret;
    private String clientAuthenticationMethod;
    private String authorizationGrantType;
    private Set<String> scope = new LinkedHashSet<>();

    /** Bound by Spring. */
    public Registration() {}

    public void setProvider(String provider) {
      this.provider = provider;
    }

    public void setClientId(String clientId) {
      this.clientId = clientId;
    }

    public void setClientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
    }

    public void setClientAuthenticationMethod(String method) {
      this.clientAuthenticationMethod = method;
    }

    public void setAuthorizationGrantType(String grantType) {
      this.authorizationGrantType = grantType;
    }

    public void setScope(Set<String> scope) {
      this.scope = scope;
    }

    public String getProvider() {
      return provider;
    }

    public String getClientId() {
      return clientId;
    }

    public String getClientSecret() {
      return clientSecret;
    }

    public String getClientAuthenticationMethod() {
      return clientAuthenticationMethod;
    }

    public String getAuthorizationGrantType() {
      return authorizationGrantType;
    }

    public Set<String> getScope() {
      return scope;
    }

    @Override
    public String toString() {
      return "Registration[provider=" + provider + "]";
    }
  }

  /** One {@code provider.<id>}: Gatehouse needs only the issuer. */
  public static final class Provider {
    private String issuerUri;

    /** Bound by Spring. */
    public Provider() {}

    public void setIssuerUri(String issuerUri) {
      this.issuerUri = issuerUri;
    }

    public String getIssuerUri() {
      return issuerUri;
    }
  }

  /**
   * @param environment the host's environment
   * @param taken ids of the host's own {@link SocialProvider} beans, which win
   * @param clock the clock the providers check token times with
   * @throws ConfigurationException when a sign-in registration has no client id or asks for a
   *     client authentication Gatehouse cannot do from properties
   */
  SpringClientRegistrations(Environment environment, Set<String> taken, Clock clock) {
    Binder binder = Binder.get(environment);
    Map<String, Registration> registrations =
        new TreeMap<>(
            binder
                .bind(REGISTRATIONS, Bindable.mapOf(String.class, Registration.class))
                .orElse(Map.of()));
    Map<String, Provider> issuers =
        binder.bind(PROVIDERS, Bindable.mapOf(String.class, Provider.class)).orElse(Map.of());
    List<SocialProvider> out = new ArrayList<>();
    registrations.forEach(
        (id, r) -> {
          if (taken.contains(id)) {
            return;
          }
          SocialProvider p = provider(id, r, issuers.get(kind(id, r)), clock);
          if (p != null) {
            out.add(p);
          }
        });
    this.providers = List.copyOf(out);
  }

  /** {@return the providers made from the properties, in registration-id order} */
  List<SocialProvider> providers() {
    return providers;
  }

  private static String kind(String id, Registration r) {
    return r.getProvider() == null || r.getProvider().isBlank() ? id : r.getProvider();
  }

  private static SocialProvider provider(String id, Registration r, Provider at, Clock clock) {
    String grant = r.getAuthorizationGrantType();
    if (grant != null && !grant.isBlank() && !"authorization_code".equals(grant)) {
      LOG.info("{}.{}: grant type {} is not a sign-in; left to Spring", REGISTRATIONS, id, grant);
      return null;
    }
    String key = REGISTRATIONS + "." + id;
    if (r.getClientId() == null || r.getClientId().isBlank()) {
      throw new ConfigurationException(key + ".client-id is missing: every registration needs one");
    }
    String kind = kind(id, r).toLowerCase(Locale.ROOT);
    String secret = r.getClientSecret();
    URI issuer = at == null || at.getIssuerUri() == null ? null : URI.create(at.getIssuerUri());
    if (kind.equals("facebook")) {
      if (!id.equals("facebook")) {
        throw new ConfigurationException(
            key + ": Gatehouse's Facebook provider is named facebook; name the registration so");
      }
      return FacebookProvider.builder(r.getClientId(), required(key, secret)).build();
    }
    OidcProvider.Builder b;
    if (kind.equals("google")) {
      b = GoogleProvider.builder(id, r.getClientId(), required(key, secret));
    } else if (kind.equals("apple") || (issuer != null && issuer.equals(AppleProvider.ISSUER))) {
      b = AppleProvider.builderWithClientSecret(id, r.getClientId(), required(key, secret));
    } else if (issuer == null) {
      LOG.info(
          "{}: provider {} has no issuer-uri, so it is not an OpenID Connect provider Gatehouse"
              + " can sign in with; left to Spring",
          key,
          kind);
      return null;
    } else {
      b = OidcProvider.builder(id, issuer, r.getClientId());
      if (secret != null && !secret.isBlank()) {
        b.clientSecret(secret);
      }
    }
    if (issuer != null) {
      // A provider at another address than its preset (a test double, a regional endpoint).
      b.issuer(issuer);
    }
    b.clock(clock);
    if (!r.getScope().isEmpty()) {
      Set<String> scope = new LinkedHashSet<>();
      scope.add("openid");
      scope.addAll(r.getScope());
      b.scope(String.join(" ", scope));
    }
    String method = r.getClientAuthenticationMethod();
    if (method != null && !method.isBlank()) {
      b.tokenEndpointAuth(authMethod(key, method));
    }
    return b.build();
  }

  private static TokenEndpointAuth authMethod(String key, String method) {
    return switch (method.toLowerCase(Locale.ROOT)) {
      case "client_secret_basic", "basic" -> TokenEndpointAuth.CLIENT_SECRET_BASIC;
      case "client_secret_post", "post" -> TokenEndpointAuth.CLIENT_SECRET_POST;
      default ->
          throw new ConfigurationException(
              key
                  + ".client-authentication-method="
                  + method
                  + " is not supported from properties: use client_secret_basic or"
                  + " client_secret_post, or declare a SocialProvider bean (OidcProvider with"
                  + " privateKeyJwt)");
    };
  }

  private static String required(String key, String secret) {
    if (secret == null || secret.isBlank()) {
      throw new ConfigurationException(key + ".client-secret is missing: this provider needs one");
    }
    return secret;
  }
}
