package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.ProfileStore.Person;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The standard claims of OpenID Connect from Gatehouse's account and profile, by scope: {@code
 * email} ({@code email}, {@code email_verified}), {@code phone} ({@code phone_number}, {@code
 * phone_number_verified}), {@code profile} ({@code name}, {@code given_name}, {@code family_name},
 * {@code preferred_username}, {@code birthdate}, {@code gender}, {@code picture}, {@code locale},
 * {@code zoneinfo}). Userinfo answers them, read at each request (the ID token's {@code auth_time}
 * is the time the user signed in to the Gatehouse session, {@link ProviderPrincipal}). The host's
 * own {@code OAuth2TokenCustomizer<JwtEncodingContext>} beans customise the tokens.
 */
final class StandardClaims
    implements OAuth2TokenCustomizer<JwtEncodingContext>,
        Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {
  private final Gatehouse gatehouse;
  private final Iterable<OAuth2TokenCustomizer<JwtEncodingContext>> hosts;

  StandardClaims(Gatehouse gatehouse, Iterable<OAuth2TokenCustomizer<JwtEncodingContext>> hosts) {
    this.gatehouse = requireNonNull(gatehouse, "gatehouse");
    this.hosts = requireNonNull(hosts, "hosts");
  }

  @Override
  public void customize(JwtEncodingContext context) {
    hosts.forEach(h -> h.customize(context));
  }

  @Override
  public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
    String subject = context.getAuthorization().getPrincipalName();
    Set<String> scopes = context.getAccessToken().getScopes();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", subject);
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
