package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExampleServerTest {
  private static ExampleApplication app;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    app =
        ExampleApplication.start(
            Map.of(
                "PORT",
                "0",
                "GATEHOUSE_DB_URL",
                "jdbc:h2:mem:example-server-test;DB_CLOSE_DELAY=-1"),
            b -> b,
            null);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAnswersOkWithTheDatabaseUp() throws Exception {
    HttpResponse<String> r = get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"status\":\"ok\"").contains("\"database\":\"up\"");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
  }

  @Test
  void anUnknownRouteIsAJson404() throws Exception {
    HttpResponse<String> r = get("/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("\"error\":\"not_found\"");
  }
}
