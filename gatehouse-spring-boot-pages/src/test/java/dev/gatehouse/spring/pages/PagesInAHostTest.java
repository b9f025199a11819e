package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.boot.host.HostApplication;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The pages in a host that did not write them (the autoconfigure module's test host, which has no
 * page, no message of its own and no filter chain): the module's texts, its filter chain beside the
 * starter's bearer-token one, the host's messages over the module's, and {@code /} left to a host
 * that asks.
 */
class PagesInAHostTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  /** A running host and its database, closed together. */
  private record Host(TestDatabase db, ConfigurableApplicationContext context)
      implements AutoCloseable {
    static Host start(String... properties) {
      TestDatabase db = TestDatabase.create(DatabaseKind.H2);
      List<String> all = new ArrayList<>();
      all.add("spring.datasource.url=" + db.jdbcUrl());
      all.add("spring.datasource.username=" + db.user());
      all.add("spring.datasource.password=" + db.password());
      all.add("spring.main.banner-mode=off");
      all.add("server.port=0");
      all.add("server.address=127.0.0.1");
      all.addAll(List.of(properties));
      try {
        return new Host(
            db,
            new SpringApplicationBuilder(HostApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(all.toArray(String[]::new))
                .run());
      } catch (RuntimeException | Error e) {
        db.close();
        throw e;
      }
    }

    HttpResponse<String> get(String path) throws Exception {
      return HTTP.send(
          HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String form) throws Exception {
      return HTTP.send(
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
      try {
        context.close();
      } finally {
        db.close();
      }
    }
  }

  @Test
  void aHostWithNoPagesOfItsOwnServesTheModulesInItsOwnChain() throws Exception {
    try (Host host = Host.start()) {
      HttpResponse<String> login = host.get("/login/");
      assertThat(login.statusCode()).isEqualTo(200);
      // The module's texts (the host has no messages.properties), its site name included.
      assertThat(login.body()).contains("<title>Log in · Account</title>");
      assertThat(login.headers().firstValue("Content-Security-Policy").orElse(""))
          .contains("default-src 'self'");
      assertThat(host.get("/").body()).contains("/otp/request/");
      assertThat(host.get("/assets/pages.css").statusCode()).isEqualTo(200);

      // A form post without the session's CSRF token is refused and signs no one in.
      assertThat(host.post("/login/", "identifier=a%40example.com&password=x").statusCode())
          .isEqualTo(403);
      // A signed-in page sends a stranger to the login page, not to a bearer-token 401.
      HttpResponse<String> security = host.get("/account/security/");
      assertThat(security.statusCode()).isEqualTo(302);
      assertThat(security.headers().firstValue("Location").orElse("")).endsWith("/login/");

      // Everything else is still the starter's stateless bearer-token chain: no cookie, a 401.
      HttpResponse<String> other = host.get("/orders/");
      assertThat(other.statusCode()).isEqualTo(401);
      assertThat(other.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
      assertThat(other.headers().firstValue("Set-Cookie")).isEmpty();
    }
  }

  @Test
  void theHostsMessagesReplaceTheModulesAndTheHostMayKeepTheStartPage() throws Exception {
    try (Host host =
        Host.start("spring.messages.basename=shop-messages", "gatehouse.pages.home=false")) {
      String login = host.get("/login/").body();
      // The host's two keys win; every other text is still the module's.
      assertThat(login).contains("<title>Sign in to the shop · Test Shop</title>");
      assertThat(login).contains(">Password<");
      // "/" is the host's now: not a page, so the bearer-token chain answers.
      assertThat(host.get("/").statusCode()).isEqualTo(401);
      assertThat(host.get("/login/").statusCode()).isEqualTo(200);
    }
  }
}
