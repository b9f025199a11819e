package ${package};

import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The host's own page and route behind the sign-in pages: a browser signed in at /login/ reaches
 * both by its session cookie, a client by its access token; either way the caller is the verified
 * access token. Signed out, the page sends a browser to /login/ and the route answers 401.
 */
@Controller
public class OrdersController {
  @GetMapping("/orders/")
  public String page(@AuthenticationPrincipal Jwt jwt, Model model) {
    model.addAttribute("user", jwt.getSubject());
    return "orders"; // src/main/resources/templates/orders.html
  }

  @GetMapping("/api/orders")
  @ResponseBody
  public Map<String, Object> orders(@AuthenticationPrincipal Jwt jwt) {
    return Map.of("user", jwt.getSubject(), "orders", List.of());
  }
}
