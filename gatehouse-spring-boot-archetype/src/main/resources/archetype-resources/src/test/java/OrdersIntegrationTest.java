package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.boot.test.AutoConfigureGatehouseTest;
import dev.gatehouse.spring.boot.test.GatehouseTestUsers;
import dev.gatehouse.spring.boot.test.GatehouseTestUsers.TestUser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The host's page and route behind the sign-in pages, on a real port: signed out, the page sends
 * the browser to /login/ and the route answers 401; signed in at /login/, the same browser sees
 * both by its session cookie, and a client sees the route with the contract's access token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureGatehouseTest
class OrdersIntegrationTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern ACCESS = Pattern.compile("\"access\"\\s*:\\s*\"([^\"]+)\"");

  @LocalServerPort int port;
  @Autowired GatehouseTestUsers users;

  /** A browser: follows no redirect, keeps the session cookie the host sets. */
  private final HttpClient http = HttpClient.newHttpClient();
  private String cookie = "";

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    if (!cookie.isEmpty()) {
      request.header("Cookie", cookie);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    for (String set : response.headers().allValues("Set-Cookie")) {
      cookie = set.substring(0, set.indexOf(';'));
    }
    return response;
  }

  private HttpRequest.Builder to(String path, String accept) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Accept", accept);
  }

  private HttpResponse<String> page(String path) throws Exception {
    return send(to(path, "text/html"));
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return send(
        to(path, "text/html")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  private static String csrf(HttpResponse<String> page) {
    Matcher token = CSRF.matcher(page.body());
    assertThat(token.find()).as("a form with the CSRF token").isTrue();
    return token.group(1);
  }

  private static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void signedOutThePageSendsTheBrowserToLoginAndTheRouteAnswers401() throws Exception {
    HttpResponse<String> page = page("/orders/");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/login/");
    assertThat(send(to("/api/orders", "application/json")).statusCode()).isEqualTo(401);
  }

  @Test
  void theBrowserSignedInAtTheLoginPageSeesThePageAndTheRoute() throws Exception {
    TestUser ann = users.create("orders.ann@example.com", PASSWORD);
    String login = csrf(page("/login/"));
    String form = "identifier=" + encoded(ann.email()) + "&password=" + encoded(PASSWORD);
    HttpResponse<String> signedIn = post("/login/", form + "&_csrf=" + encoded(login));
    assertThat(signedIn.statusCode()).isEqualTo(302);

    HttpResponse<String> page = page("/orders/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(ann.id().toString());
    HttpResponse<String> route = send(to("/api/orders", "application/json"));
    assertThat(route.statusCode()).isEqualTo(200);
    assertThat(route.body()).contains("\"user\":\"" + ann.id() + "\"");

    // The page's sign-out form carries the session's CSRF token; after it the cookie is nobody.
    assertThat(post("/logout/", "_csrf=" + encoded(csrf(page))).statusCode()).isEqualTo(302);
    assertThat(send(to("/api/orders", "application/json")).statusCode()).isEqualTo(401);
  }

  @Test
  void aClientWithTheAccessTokenOfTheLoginRouteReadsTheRoute() throws Exception {
    TestUser bob = users.create("orders.bob@example.com", PASSWORD);
    HttpResponse<String> login =
        http.send(
            to("/auth/login/basic/", "application/json")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + bob.email() + "\",\"password\":\"" + PASSWORD + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher access = ACCESS.matcher(login.body());
    assertThat(access.find()).as(login.body()).isTrue();

    HttpResponse<String> route =
        http.send(
            to("/api/orders", "application/json")
                .header("Authorization", "Bearer " + access.group(1))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(route.statusCode()).isEqualTo(200);
    assertThat(route.body()).contains("\"user\":\"" + bob.id() + "\"");
  }
}
