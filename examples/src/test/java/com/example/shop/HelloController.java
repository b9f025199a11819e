package com.example.shop;

// snippet:start controller
// HelloController.java
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

// snippet:hide
/** The README's Spring Boot host: an endpoint of its own, for signed-in users only. */
// snippet:show
@RestController
public class HelloController {
  @GetMapping("/api/hello")
  public Map<String, String> hello(@AuthenticationPrincipal Jwt jwt) {
    return Map.of("message", "hello", "user", jwt.getSubject());
  }

  @GetMapping("/api/staff")
  @PreAuthorize("hasRole('staff')")
  public Map<String, String> staff(@AuthenticationPrincipal Jwt jwt) {
    return Map.of("staff", jwt.getSubject());
  }
}
// snippet:end controller
