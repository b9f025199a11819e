package dev.gatehouse.spring.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * Reads a Gatehouse access token's authorities: each entry of the {@code roles} claim (a string
 * list, or one space-separated string, added by the host's access-token customiser) becomes {@code
 * ROLE_<role>}, each scope of {@code scope}/{@code scp} becomes {@code SCOPE_<scope>}, as Spring
 * Security's {@code hasRole} and {@code hasAuthority("SCOPE_...")} expect. Role names are kept as
 * they are ({@code hasRole("admin")} matches the role {@code admin}).
 *
 * <pre>{@code
 * http.authorizeHttpRequests(a -> a.requestMatchers("/admin/**").hasRole("admin"))
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class GatehouseAuthoritiesConverter
    implements Converter<Jwt, Collection<GrantedAuthority>> {
  /** The claim holding the user's roles. */
  public static final String ROLES_CLAIM = "roles";

  /** Creates the converter. */
  public GatehouseAuthoritiesConverter() {}

  /**
   * A {@link JwtAuthenticationConverter} with these authorities and {@code sub} as the name.
   *
   * @return the converter
   */
  public static JwtAuthenticationConverter jwtAuthenticationConverter() {
    JwtAuthenticationConverter c = new JwtAuthenticationConverter();
    c.setJwtGrantedAuthoritiesConverter(new GatehouseAuthoritiesConverter());
    c.setPrincipalClaimName(JwtClaimNames.SUB);
    return c;
  }

  @Override
  public Collection<GrantedAuthority> convert(Jwt jwt) {
    Set<String> names = new LinkedHashSet<>();
    for (String role : values(jwt.getClaims().get(ROLES_CLAIM))) {
      names.add(role.startsWith("ROLE_") ? role : "ROLE_" + role);
    }
    for (String claim : List.of("scope", "scp")) {
      for (String scope : values(jwt.getClaims().get(claim))) {
        names.add("SCOPE_" + scope);
      }
    }
    List<GrantedAuthority> out = new ArrayList<>(names.size());
    names.forEach(n -> out.add(new SimpleGrantedAuthority(n)));
    return out;
  }

  private static List<String> values(Object claim) {
    List<String> out = new ArrayList<>();
    if (claim instanceof String s) {
      for (String part : s.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    } else if (claim instanceof Collection<?> c) {
      for (Object o : c) {
        if (o instanceof String s && !s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }
}
