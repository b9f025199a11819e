package dev.gatehouse.spring.boot.test;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.spring.boot.test.GatehouseTestUsers.TestUser;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
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
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

/**
 * Runs a test as a real Gatehouse user, the way {@code @WithMockUser} runs it as a mock one: before
 * the test a user is created (active, verified, with a default profile) and signed in through
 * {@link GatehouseTestUsers}, and the security context holds a {@code JwtAuthenticationToken} of
 * the session's access token, with {@code ROLE_<role>} for each of {@link #roles()}, as the
 * starter's resource server would authenticate a request bearing it. A MockMvc request then reaches
 * the host's controllers as that user, {@code @PreAuthorize("hasRole('staff')")} included. Needs
 * {@link AutoConfigureGatehouseTest} and {@code spring-security-test}.
 *
 * <pre>
 * &#64;Test
 * &#64;WithGatehouseUser(roles = "staff")
 * void staffSeeTheReport() throws Exception {
 *   mvc.perform(get("/reports")).andExpect(status().isOk());
 * }
 * </pre>
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithGatehouseUser.WithGatehouseUserSecurityContextFactory.class)
public @interface WithGatehouseUser {
  /** {@return the user's email; empty (the default) for a new address per test} */
  String email() default "";

  /** {@return the roles the authentication carries, each as {@code ROLE_<role>}} */
  String[] roles() default {};

  /** {@return when the user is created: before the test method (the default) or its execution} */
  TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;

  /**
   * Builds the security context of {@link WithGatehouseUser}: a created, signed-in user and the
   * authentication of its access token. Created by Spring Security's test support with the test's
   * beans.
   */
  public static final class WithGatehouseUserSecurityContextFactory
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
}
