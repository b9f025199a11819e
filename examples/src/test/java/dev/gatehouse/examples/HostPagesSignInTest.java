package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * docs/SPRING.md's host page and host route ({@link Orders}) behind the pages' sign-in, in the
 * running example: the browser that signed in at {@code /login/} sees its page and routes by its
 * cookie, orders with the page's CSRF token and not without it, gets no staff route without the
 * role, and a stranger gets 401.
 */
@OneDatabase("the host's page and route behind the pages' sign-in; the chain is the web module's")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class HostPagesSignInTest {
  @Parameter DatabaseKind kind;

  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static RunningExample app;
  private String cookie = "";

  @BeforeParameterizedClassInvocation
  static void start(DatabaseKind kind) {
    app = SharedExample.on(kind);
  }

  private HttpResponse<String> send(String path, String form) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
    if (form != null) {
      request
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form));
    }
    if (!cookie.isEmpty()) {
      request.header("Cookie", cookie);
    }
    HttpResponse<String> got = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    for (String set : got.headers().allValues("Set-Cookie")) {
      if (set.startsWith("example_session=")) {
        cookie = set.substring(0, set.indexOf(';'));
      }
    }
    return got;
  }

  private static String csrf(HttpResponse<String> page) {
    Matcher m = CSRF.matcher(page.body());
    assertThat(m.find()).as("a CSRF token in the page").isTrue();
    return m.group(1);
  }

  private static String form(String... pairs) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      s.append(s.isEmpty() ? "" : "&")
          .append(pairs[i])
          .append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return s.toString();
  }

  /** A confirmed account, made through the library; its public id. */
  private static UUID account(String email) {
    Gatehouse gatehouse = app.bean(Gatehouse.class);
    gatehouse
        .accounts()
        .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
    String body = app.bean(CapturingEmailSender.class).lastTo(email).orElseThrow().textBody();
    Matcher m = Pattern.compile("token=([^\\s\"&<]+)").matcher(body);
    assertThat(m.find()).isTrue();
    gatehouse.accounts().confirmEmail(m.group(1));
    return gatehouse.accounts().findByEmail(email).orElseThrow().id();
  }

  @Test
  void theBrowserSignedInAtThePagesUsesTheHostsPageAndRoutes() throws Exception {
    assertThat(send("/api/orders/", null).statusCode()).isEqualTo(401);
    assertThat(send("/orders/", null).statusCode()).isEqualTo(401);

    String email = "orders." + kind.name().toLowerCase() + "@example.com";
    UUID id = account(email);
    String login = csrf(send("/login/", null));
    HttpResponse<String> in =
        send("/login/", form("identifier", email, "password", PASSWORD, "_csrf", login));
    assertThat(in.headers().firstValue("Location").orElse("")).endsWith("/signed-in/");

    HttpResponse<String> page = send("/orders/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Signed in as <span>" + id + "</span>");
    HttpResponse<String> route = send("/api/orders/", null);
    assertThat(route.statusCode()).isEqualTo(200);
    assertThat(route.body()).contains(id.toString());
    assertThat(send("/api/orders/all/", null).statusCode()).isEqualTo(403);

    int before = Orders.PLACED.size();
    assertThat(send("/orders/", form("item", "forged")).statusCode()).isEqualTo(403);
    assertThat(Orders.PLACED).hasSize(before);
    HttpResponse<String> ordered = send("/orders/", form("item", "tea", "_csrf", csrf(page)));
    // The page's token still holds after the requests since: the cookie's requests neither rotate
    // it nor change the session's id.
    assertThat(ordered.statusCode()).isEqualTo(302);
    assertThat(Orders.PLACED).hasSize(before + 1).contains(id + ": tea");
  }
}
