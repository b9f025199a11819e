package dev.gatehouse.spring.authorizationserver;

import dev.gatehouse.spring.pages.ModulePage;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The staff area's link to the clients' page, on every staff page while it is served. */
@ControllerAdvice(assignableTypes = ModulePage.class)
class OpenIdClientsLink {
  @ModelAttribute("openIdClientsLink")
  boolean openIdClientsLink() {
    return true;
  }
}
