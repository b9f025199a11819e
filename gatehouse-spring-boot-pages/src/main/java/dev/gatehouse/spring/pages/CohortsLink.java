package dev.gatehouse.spring.pages;

import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.core.Gatehouse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The staff area's link to the cohorts' page ({@link CohortPages}), on every staff page while the
 * host's Gatehouse installs {@code auth-cohorts} (a host has the module on its class path before it
 * installs it with its rule).
 */
@ControllerAdvice(assignableTypes = ModulePage.class)
class CohortsLink {
  private final boolean installed;

  CohortsLink(Gatehouse gatehouse) {
    this.installed = gatehouse.findFeature(CohortService.class).isPresent();
  }

  @ModelAttribute("cohortsLink")
  boolean cohortsLink() {
    return installed;
  }
}
