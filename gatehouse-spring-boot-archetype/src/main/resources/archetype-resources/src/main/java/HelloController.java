package ${package};

import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The host's own routes: the caller comes from the verified access token. */
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
