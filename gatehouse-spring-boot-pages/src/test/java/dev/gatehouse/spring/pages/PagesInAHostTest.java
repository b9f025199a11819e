package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.boot.host.HostApplication;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

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
      return start(null, properties);
    }

    /** A host whose class path holds {@code resources} before everything else, when not null. */
    static Host start(Path resources, String... properties) {
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
        SpringApplicationBuilder app =
            new SpringApplicationBuilder(HostApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(all.toArray(String[]::new));
        if (resources != null) {
          app.resourceLoader(new DefaultResourceLoader(hostFirst(resources)));
        }
        return new Host(db, app.run());
      } catch (RuntimeException | Error e) {
        db.close();
        throw e;
      }
    }

    /** A class loader that finds a resource in {@code dir} before its parent does. */
    private static ClassLoader hostFirst(Path dir) {
      try {
        return new URLClassLoader(
            new URL[] {dir.toUri().toURL()}, PagesInAHostTest.class.getClassLoader()) {
          @Override
          public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
          }
        };
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
      if (headers.length > 0) {
        request.headers(headers);
      }
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String form, String... headers) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form));
      if (headers.length > 0) {
        request.headers(headers);
      }
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

  @Test
  void aTemplateOfTheSameNameInTheHostReplacesTheModulesPage(@TempDir Path dir) throws Exception {
    Path pages = Files.createDirectories(dir.resolve("templates/gatehouse/pages"));
    // The host's start page, in the module's layout: the host's text, the module's head and links.
    Files.writeString(
        pages.resolve("home.html"),
        """
        <!DOCTYPE html>
        <html xmlns:th="http://www.thymeleaf.org" th:lang="${#locale.language}">
        <head th:replace="~{gatehouse/pages/layout :: head(#{home.title})}"></head>
        <body>
        <main id="main"><p id="host-home">The shop's own welcome</p>
        <a th:href="@{/login/}" th:text="#{login.title}">Log in</a></main>
        </body>
        </html>
        """,
        StandardCharsets.UTF_8);
    try (Host host = Host.start(dir)) {
      String home = host.get("/").body();
      assertThat(home).contains("<p id=\"host-home\">The shop's own welcome</p>");
      // The module's texts and head still fill the host's template; its own page is gone.
      assertThat(home).contains("href=\"/login/\">Log in</a>").contains("/assets/pages.css");
      assertThat(home).doesNotContain("/otp/request/");
      // Every other page is still the module's.
      assertThat(host.get("/login/").body()).contains("<title>Log in · Account</title>");
    }
  }

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  /** A page's form: its session cookie and CSRF token. */
  private record Form(String cookie, String token) {
    static Form of(HttpResponse<String> page) {
      Matcher m = CSRF.matcher(page.body());
      assertThat(m.find()).as("a CSRF token in the form").isTrue();
      String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
      return new Form(cookie.substring(0, cookie.indexOf(';')), m.group(1));
    }
  }

  @Test
  void aCsrfTokenOpensOnlyItsOwnSessionsForms() throws Exception {
    try (Host host = Host.start()) {
      Form mine = Form.of(host.get("/login/"));
      Form theirs = Form.of(host.get("/login/"));
      assertThat(mine.cookie()).isNotEqualTo(theirs.cookie());
      String login = "identifier=a%40example.com&password=wrong-password&_csrf=";
      // Another session's token, a made-up one, none: refused before the form is read.
      assertThat(host.post("/login/", login + theirs.token(), "Cookie", mine.cookie()).statusCode())
          .isEqualTo(403);
      assertThat(host.post("/login/", login + "forged", "Cookie", mine.cookie()).statusCode())
          .isEqualTo(403);
      assertThat(host.post("/login/", login, "Cookie", mine.cookie()).statusCode()).isEqualTo(403);
      // A token without its session's cookie: refused too.
      assertThat(host.post("/login/", login + mine.token()).statusCode()).isEqualTo(403);
      // Its own session's token: the form is read (and the wrong password said so, on the page).
      HttpResponse<String> own =
          host.post("/login/", login + mine.token(), "Cookie", mine.cookie());
      assertThat(own.statusCode()).isEqualTo(200);
      assertThat(own.body()).contains("form-error");
    }
  }

  @Test
  void thePagesChainAnswersForItsOwnPathsOnly() throws Exception {
    try (Host host = Host.start()) {
      // Paths near the pages' own, and ones that climb out of them, are not pages: the bearer-token
      // chain (401, no session) or the firewall (400) answers, never a page or a redirect to one.
      for (String path :
          List.of(
              "/login/x",
              "/login",
              "/loginx/",
              "/signed-in/../auth/me/",
              "/assets/..%2fauth/me/",
              "/account/..;/auth/me/",
              "/auth/me/",
              "/actuator/env")) {
        HttpResponse<String> r = host.get(path);
        assertThat(r.statusCode()).as(path).isIn(400, 401);
        assertThat(r.headers().firstValue("Set-Cookie")).as(path).isEmpty();
        assertThat(r.body()).as(path).doesNotContain("<form");
      }
      // A page session's cookie is no credential for the API beside the pages.
      Form form = Form.of(host.get("/login/"));
      HttpResponse<String> me = host.get("/auth/me/", "Cookie", form.cookie());
      assertThat(me.statusCode()).isEqualTo(401);
      assertThat(me.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    }
  }
}
