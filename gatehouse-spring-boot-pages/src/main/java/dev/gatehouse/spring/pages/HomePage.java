package dev.gatehouse.spring.pages;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The start page at {@code /}, with the ways to sign in or, once signed in, the account's links.
 * Served unless the host maps {@code /} itself ({@code gatehouse.pages.home: false}).
 */
@Controller
class HomePage {
  private final PageSession pages;

  HomePage(PageSession pages) {
    this.pages = pages;
  }

  @GetMapping("/")
  String home(HttpServletRequest request, HttpServletResponse response, Model model) {
    VerifiedAccessToken caller = pages.live(request, response);
    model.addAttribute("signedIn", caller != null);
    return "gatehouse/pages/home";
  }
}
