package dev.gatehouse.spring.pages;

import java.util.List;
import org.springframework.context.ApplicationContext;
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
      SecondFactorPages.class,
      ModulePage.class
    })
class PageModel {
  private final SocialPages social;
  private final boolean organizationPages;
  private final boolean adminPages;

  PageModel(SocialPages social, ApplicationContext context) {
    this.social = social;
    this.organizationPages = PageSecurity.organizationPages(context);
    this.adminPages = PageSecurity.adminPages(context);
  }

  @ModelAttribute("socialButtons")
  List<SocialPages.Button> socialButtons() {
    return social.buttons();
  }

  @ModelAttribute("signedInName")
  String signedInName() {
    PageSession.SignedIn user = signedIn();
    return user == null ? null : user.name();
  }

  /** Whether a staff member acts as the signed-in user: the header says so. */
  @ModelAttribute("impersonated")
  boolean impersonated() {
    PageSession.SignedIn user = signedIn();
    return user != null && user.impersonated();
  }

  /** The header's link to the organisations' page, when it is served. */
  @ModelAttribute("organizationsLink")
  boolean organizationsLink() {
    return organizationPages;
  }

  /** The header's link to the staff's pages, for staff when they are served. */
  @ModelAttribute("staffLink")
  boolean staffLink() {
    PageSession.SignedIn user = signedIn();
    return adminPages && user != null && user.staff();
  }

  /** Who is signed in in this browser, or {@code null}. */
  static PageSession.SignedIn signedIn() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null && auth.getPrincipal() instanceof PageSession.SignedIn user ? user : null;
  }
}
