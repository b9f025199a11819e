package dev.gatehouse.examples;

import dev.gatehouse.examples.app.User;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The example host: a Spring Boot application on {@code gatehouse-spring-boot-starter} with the
 * HTTP contract switched on ({@code /auth/...}, see {@code application.yml}), its own six entities
 * ({@code dev.gatehouse.examples.app}) and changelog ({@code db/changelog/app-master.xml}), its
 * providers ({@link Providers}), lazy migration from a legacy database ({@link LazyMigration}), a
 * guarded endpoint of its own ({@code GET /api/hello/}), one for staff only ({@code GET
 * /api/staff/}, method security on the token's roles) and {@code GET /health}.
 *
 * <p>Starts on an embedded H2 database unless {@code GATEHOUSE_DB_URL} names another. Environment:
 * {@code PORT} (default 8080), {@code GATEHOUSE_DB_URL} / {@code _USER} / {@code _PASSWORD}, every
 * {@code GATEHOUSE_*} setting, the {@code GATEHOUSE_JWT_*} keys, the providers' {@code
 * GATEHOUSE_SMTP_*} and {@code GATEHOUSE_TWILIO_*}, and {@code GATEHOUSE_LEGACY_*}; or any Spring
 * property ({@code gatehouse.otp.ttl}, {@code spring.datasource.url}, ...).
 */
@SpringBootApplication
@EnableMethodSecurity
// This module holds two more entity sets beside the host's (django, legacy: schema-adoption
// examples for the tests); a host with one set needs no @EntityScan.
@EntityScan(basePackageClasses = User.class)
public class ExampleApplication {

  /** Created by Spring. */
  public ExampleApplication() {}

  /**
   * The application as {@link #main} runs it, for tests that start it with more sources.
   *
   * @param sources the application class and any test configuration
   * @return the application, not yet running
   */
  public static SpringApplication application(Class<?>... sources) {
    return new SpringApplication(sources);
  }

  /**
   * Runs the example until the process is stopped.
   *
   * @param args Spring Boot arguments ({@code --server.port=9090}, ...)
   */
  public static void main(String[] args) {
    application(ExampleApplication.class).run(args);
  }

  /** The host's own endpoint, guarded by the starter's filter chain with Gatehouse's tokens. */
  @RestController
  static class HelloController {
    /**
     * @param jwt the caller's verified access token
     * @return who is calling, as which profile
     */
    @GetMapping("/api/hello/")
    Map<String, Object> hello(@AuthenticationPrincipal Jwt jwt) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("message", "hello from the host application");
      body.put("user", jwt.getSubject());
      body.put("profile", jwt.getClaimAsString("profile_id"));
      return body;
    }
  }

  /** An endpoint for staff accounts only: the access token's default roles claim is enough. */
  @RestController
  static class StaffController {
    // snippet:start staff-only
    @GetMapping("/api/staff/")
    @PreAuthorize("hasRole('staff')")
    Map<String, Object> staffOnly(@AuthenticationPrincipal Jwt jwt) {
      return Map.of("staff", jwt.getSubject(), "roles", jwt.getClaimAsStringList("roles"));
    }
    // snippet:end staff-only
  }
}
