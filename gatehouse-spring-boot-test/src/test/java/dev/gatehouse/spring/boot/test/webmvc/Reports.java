package dev.gatehouse.spring.boot.test.webmvc;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A host's route for staff only, guarded as a host guards one: {@code @PreAuthorize}. */
@RestController
@EnableMethodSecurity
public class Reports {

  /** Created by Spring. */
  public Reports() {}

  /**
   * @return the report
   */
  @GetMapping("/reports")
  @PreAuthorize("hasRole('staff')")
  public String report() {
    return "report";
  }
}
