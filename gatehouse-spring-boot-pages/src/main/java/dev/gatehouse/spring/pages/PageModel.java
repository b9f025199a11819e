package dev.gatehouse.spring.pages;

import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page needs: the name of whoever is signed in (or {@code null}) for the header, and the
 * "Continue with ..." buttons for the login and code pages.
 */
@ControllerAdvice(
    assignableTypes = {
      HomePage.class,
      OtpPages.class,
      PasswordPages.class,
      SecondFactorPages.class
    })
class PageModel {
  private final SocialPages social;

  PageModel(SocialPages social) {
    this.social = social;
  }

  @ModelAttribute("socialButtons")
  List<SocialPages.Button> socialButtons() {
    return social.buttons();
  }

  @ModelAttribute("signedInName")
  String signedInName() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null && auth.getPrincipal() instanceof PageSession.SignedIn user
        ? user.name()
        : null;
  }
}
