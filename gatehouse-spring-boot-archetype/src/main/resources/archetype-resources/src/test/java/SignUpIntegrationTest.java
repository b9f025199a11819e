package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.testing.CapturingEmailSender;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * The whole host on a real port and its H2 database: register, confirm the emailed link, log in,
 * the host's own route with the access token, and the sign-in pages' Secure session cookie.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignUpIntegrationTest {
  private static final String PASSWORD = "correct horse battery staple";

  @LocalServerPort int port;
  @Autowired CapturingEmailSender email;

  /**
   * Test only: the emails are kept in memory instead of printed to the log, and sent on the thread
   * that committed, right after the commit, so the test reads them at once (a running host sends
   * them from Gatehouse's delivery threads and never makes a request wait for the provider).
   */
  @TestConfiguration
  static class Emails {
    @Bean
    CapturingEmailSender capturingEmailSender() {
      return new CapturingEmailSender();
    }

    @Bean
    GatehouseBuilderCustomizer sendOnTheCommittingThread() {
      return builder -> builder.deliveryExecutor(Runnable::run);
    }
  }

  @Test
  void registerConfirmLoginAndCallTheHostsRoute() {
    RestClient http = RestClient.create("http://localhost:" + port);
    String address = "ann@example.com";

    ResponseEntity<Void> registered =
        http.post()
            .uri("/auth/register/")
            .body(Map.of("email", address, "password", PASSWORD))
            .retrieve()
            .toBodilessEntity();
    assertThat(registered.getStatusCode().value()).isEqualTo(201);

    String mail = email.lastTo(address).orElseThrow().textBody();
    Matcher token = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(mail);
    assertThat(token.find()).as(mail).isTrue();
    http.post()
        .uri("/auth/registration/account-confirmation-email/")
        .body(Map.of("token", token.group(1)))
        .retrieve()
        .toBodilessEntity();

    Map<?, ?> login =
        http.post()
            .uri("/auth/login/basic/")
            .body(Map.of("email", address, "password", PASSWORD))
            .retrieve()
            .body(Map.class);
    assertThat(login.get("token_type")).isEqualTo("Bearer");

    Map<?, ?> hello =
        http.get()
            .uri("/api/hello")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + login.get("access"))
            .retrieve()
            .body(Map.class);
    assertThat(hello.get("message")).isEqualTo("hello");
    assertThat(hello.get("user"))
        .isEqualTo(String.valueOf(((Map<?, ?>) login.get("user")).get("id")));

    ResponseEntity<Void> anonymous =
        http.get()
            .uri("/api/hello")
            .retrieve()
            .onStatus(status -> true, (request, response) -> {})
            .toBodilessEntity();
    assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void theSignInPagesKeepTheirSessionInASecureHttpOnlyCookie() {
    ResponseEntity<String> page =
        RestClient.create("http://localhost:" + port)
            .get()
            .uri("/login/")
            .retrieve()
            .toEntity(String.class);
    assertThat(page.getStatusCode().value()).isEqualTo(200);
    assertThat(page.getHeaders().get(HttpHeaders.SET_COOKIE))
        .anySatisfy(
            cookie ->
                assertThat(cookie)
                    .startsWith("JSESSIONID=")
                    .contains("Secure", "HttpOnly", "SameSite=Lax"));
  }
}
