package dev.gatehouse.spring.boot.test;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.spring.boot.test.GatehouseTestUsers.TestUser;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

/**
 * Builds the security context of {@link WithGatehouseUser}: a created, signed-in user and the
 * authentication of its access token. Created by Spring Security's test support with the test's
 * beans.
 */
public final class WithGatehouseUserSecurityContextFactory
    implements WithSecurityContextFactory<WithGatehouseUser> {
  private static final MappedJwtClaimSetConverter CLAIMS =
      MappedJwtClaimSetConverter.withDefaults(Collections.emptyMap());

  private final GatehouseTestUsers users;

  /**
   * @param users the test users of {@link AutoConfigureGatehouseTest}
   */
  public WithGatehouseUserSecurityContextFactory(GatehouseTestUsers users) {
    this.users = requireNonNull(users, "users");
  }

  @Override
  public SecurityContext createSecurityContext(WithGatehouseUser annotation) {
    String email =
        annotation.email().isEmpty()
            ? "user-" + UUID.randomUUID() + "@example.test"
            : annotation.email();
    TestUser user = users.create(email, "test-" + UUID.randomUUID());
    String token = users.accessTokenFor(user);
    Jwt jwt;
    try {
      SignedJWT parsed = SignedJWT.parse(token);
      Map<String, Object> claims = CLAIMS.convert(parsed.getJWTClaimsSet().toJSONObject());
      jwt =
          Jwt.withTokenValue(token)
              .headers(h -> h.putAll(parsed.getHeader().toJSONObject()))
              .claims(c -> c.putAll(claims))
              .build();
    } catch (ParseException e) {
      throw new IllegalStateException("Gatehouse issued an access token it cannot parse", e);
    }
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (String role : annotation.roles()) {
      authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new JwtAuthenticationToken(jwt, authorities, jwt.getSubject()));
    return context;
  }
}
