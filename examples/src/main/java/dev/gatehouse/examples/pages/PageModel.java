package dev.gatehouse.examples.pages;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's header needs: the name of whoever is signed in, or {@code null}. */
@ControllerAdvice(assignableTypes = {OtpPages.class, PasswordPages.class})
class PageModel {
  @ModelAttribute("signedInName")
  String signedInName() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null && auth.getPrincipal() instanceof PageSession.SignedIn user
        ? user.name()
        : null;
  }
}
