package dev.gatehouse.examples;

import dev.gatehouse.examples.http.HttpApi;
import dev.gatehouse.examples.http.HttpApi.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** The example's HTTP routes. */
final class Routes {
  private Routes() {}

  static void install(HttpApi http, ExampleApplication app) {
    http.route(
        "GET",
        "/health",
        req -> {
          boolean up = app.databaseUp();
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("status", up ? "ok" : "degraded");
          body.put("database", up ? "up" : "down");
          return Response.of(up ? 200 : 503, body);
        });
    SessionRoutes.install(http, app.gatehouse());
    AccountRoutes.install(http, app.gatehouse());
    OtpRoutes.install(http, app.gatehouse());
  }
}
