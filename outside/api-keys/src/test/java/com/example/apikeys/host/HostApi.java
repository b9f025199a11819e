package com.example.apikeys.host;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The host's own API, as a team writes it with Spring Security's method security: Gatehouse's
 * chain authenticates the caller (a bearer token, or the module's {@code X-API-Key}), and the
 * route decides with {@code @PreAuthorize}.
 */
@RestController
public class HostApi {
  /** Method security on, as the host's own configuration. */
  @Configuration(proxyBeanMethods = false)
  @EnableMethodSecurity
  public static class MethodSecurity {}

  /**
   * {@return who calls: the account, how it authenticated and its authorities}
   *
   * @param caller the authenticated caller
   */
  @GetMapping("/api/whoami")
  @PreAuthorize("isAuthenticated()")
  public Map<String, Object> whoami(JwtAuthenticationToken caller) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user", caller.getName());
    body.put("amr", caller.getToken().getClaimAsStringList("amr"));
    body.put(
        "authorities",
        caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
    return body;
  }
}
