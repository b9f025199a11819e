package dev.gatehouse.examples;

import static dev.gatehouse.examples.HttpClientSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.Application;
import dev.gatehouse.examples.HttpClientSupport.Reply;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring Boot guide's host, as gatehouse-spring-boot-archetype writes it ({@code
 * com.example.shop}, generated from the archetype's templates by this module's pom: six entity
 * subclasses, the changelog {@code db/changelog/master.xml} with its one include, the
 * application.yml and a controller, nothing else) on each database: register, confirm, login, its
 * own guarded endpoint, refresh, logout, over HTTP on a real port.
 */
class SpringBootHostTest {
  private static final String PASSWORD = "correct horse battery staple";

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void theReadmeHostGetsTheWholeFlowFromTheStarter(DatabaseKind kind) throws Exception {
    try (RunningExample host =
        RunningExample.start(
            kind,
            // The archetype's application.yml; the test's database replaces its datasource. This
            // module's class path holds the OpenID provider, which the archetype's host has not
            // (nor its changelog): off, as there.
            Map.of(
                "spring.config.location",
                "classpath:com/example/shop/application.yml",
                "gatehouse.openid-provider.enabled",
                "false"),
            SpringApplication::new,
            Application.class,
            // Test only: the emails are read from memory, right after the commit.
            RunningExample.CapturedEmail.class,
            RunningExample.TestClock.class)) {
      HttpClientSupport http = host.http();
      CapturingEmailSender email = host.bean(CapturingEmailSender.class);
      String address = "ann@example.com";

      assertThat(
              http.post("/auth/register/", json("email", address, "password", PASSWORD)).status())
          .isEqualTo(201);
      String link = email.lastTo(address).orElseThrow().textBody();
      assertThat(link).contains("http://localhost:8080/"); // the application.yml's frontend-url
      Matcher token = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(link);
      assertThat(token.find()).isTrue();
      assertThat(
              http.post(
                      "/auth/registration/account-confirmation-email/",
                      json("token", token.group(1)))
                  .status())
          .isEqualTo(200);

      Reply login = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
      assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
      assertThat(login.text("token_type")).isEqualTo("Bearer");
      assertThat(login.json().get("expires_in").asLong()).isPositive();

      Reply hello = http.get("/api/hello", login.text("access"));
      assertThat(hello.status()).as(hello.raw().body()).isEqualTo(200);
      assertThat(hello.text("user")).isEqualTo(login.json().at("/user/id").asText());
      Reply anonymous = http.get("/api/hello", null);
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");

      Reply refreshed = http.post("/auth/token/refresh/", json("refresh", login.text("refresh")));
      assertThat(refreshed.status()).isEqualTo(200);
      assertThat(http.get("/api/hello", refreshed.text("access")).status()).isEqualTo(200);

      assertThat(http.post("/auth/logout/", null, refreshed.text("access")).status())
          .isEqualTo(200);
      Reply afterLogout =
          http.post("/auth/token/refresh/", json("refresh", refreshed.text("refresh")));
      assertThat(afterLogout.status()).isEqualTo(401);
      assertThat(afterLogout.code()).isEqualTo("invalid_refresh_token");
    }
  }

  /**
   * A host's roles, added to the tokens by an {@code AccessTokenCustomizer} bean: the starter picks
   * it up, no builder customizer needed (issue 37, item 3).
   */
  static class Roles {
    @Bean
    dev.gatehouse.core.token.AccessTokenCustomizer rolesInTokens() {
      return (user, claims) ->
          claims.put("roles", user.staff() ? List.of("STAFF", "CUSTOMER") : List.of("CUSTOMER"));
    }
  }

  /** Answers the caller's authorities as Spring Security sees them. */
  @RestController
  static class WhoAmI {
    @GetMapping("/api/whoami")
    List<String> whoami(Authentication caller) {
      return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  @OneDatabase(
      "roles from the host's bean into Spring Security; the host's tables are the test above's")
  void rolesAHostPutsIntoTheTokensBecomeSpringSecurityAuthorities(DatabaseKind kind)
      throws Exception {
    try (RunningExample host =
        RunningExample.start(
            kind,
            Map.of("spring.config.location", "classpath:com/example/shop/application.yml"),
            SpringApplication::new,
            Application.class,
            Roles.class,
            WhoAmI.class,
            RunningExample.CapturedEmail.class,
            RunningExample.TestClock.class)) {
      HttpClientSupport http = host.http();
      String address = "roles@example.com";
      http.post("/auth/register/", json("email", address, "password", PASSWORD));
      Matcher token =
          Pattern.compile("token=([A-Za-z0-9_-]+)")
              .matcher(
                  host.bean(CapturingEmailSender.class).lastTo(address).orElseThrow().textBody());
      assertThat(token.find()).isTrue();
      http.post("/auth/registration/account-confirmation-email/", json("token", token.group(1)));
      Reply login = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
      assertThat(login.status()).as(login.raw().body()).isEqualTo(200);

      Reply me = http.get("/api/whoami", login.text("access"));
      assertThat(me.status()).as(me.raw().body()).isEqualTo(200);
      assertThat(me.raw().body()).contains("\"ROLE_CUSTOMER\"").doesNotContain("ROLE_STAFF");
      // Refreshed tokens carry them too: the customizer runs at every issue.
      Reply refreshed = http.post("/auth/token/refresh/", json("refresh", login.text("refresh")));
      assertThat(http.get("/api/whoami", refreshed.text("access")).raw().body())
          .contains("\"ROLE_CUSTOMER\"");
    }
  }
}
