package dev.gatehouse.spring.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The host's own endpoint: the default filter chain lets only a valid access token in. */
@RestController
class HelloController {
  @GetMapping("/api/hello/")
  Map<String, Object> hello(JwtAuthenticationToken auth) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user", auth.getName());
    body.put("profile", auth.getToken().getClaimAsString("profile_id"));
    body.put(
        "authorities", auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
    return body;
  }
}
