package dev.gatehouse.examples;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The host's own page and routes behind the pages' sign-in: a browser signed in at {@code /login/}
 * reaches them by its session cookie (its changes with the CSRF token the page's form carries), and
 * a client with a bearer token reaches the routes the same way, with the same roles. Kept in
 * memory: the example shows the sign-in, not an order system.
 */
final class Orders {
  private Orders() {}

  /** The orders placed, in memory. */
  static final List<String> PLACED = new CopyOnWriteArrayList<>();

  /** The host's routes: the caller is Spring Security's principal, as with a bearer token. */
  @RestController
  static class OrderRoutes {
    // snippet:start host-route
    @GetMapping("/api/orders/")
    Map<String, Object> orders(@AuthenticationPrincipal Jwt jwt, Authentication caller) {
      return Map.of("user", jwt.getSubject(), "authorities", caller.getAuthorities().toString());
    }

    @GetMapping("/api/orders/all/")
    @PreAuthorize("hasRole('staff')")
    List<String> allOrders() {
      return PLACED;
    }
    // snippet:end host-route
  }

  /** The host's page: a Thymeleaf template whose form carries the CSRF token by itself. */
  @Controller
  static class OrderPage {
    // snippet:start host-page
    @GetMapping("/orders/")
    String page(@AuthenticationPrincipal Jwt jwt, Model model) {
      model.addAttribute("user", jwt.getSubject());
      return "orders"; // templates/orders.html: <form method="post" th:action="@{/orders/}">
    }

    @PostMapping("/orders/")
    String order(@AuthenticationPrincipal Jwt jwt, @RequestParam String item) {
      PLACED.add(jwt.getSubject() + ": " + item);
      return "redirect:/orders/";
    }
    // snippet:end host-page
  }
}
