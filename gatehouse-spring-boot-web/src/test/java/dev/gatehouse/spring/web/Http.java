package dev.gatehouse.spring.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON client over a real port, as a browser or a mobile app would talk to the host. */
final class Http {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final int port;

  Http(int port) {
    this.port = port;
  }

  /** A response with its parsed JSON body (an empty object when there is none). */
  record Reply(int status, JsonNode json, HttpResponse<String> raw) {
    String text(String field) {
      JsonNode n = json.get(field);
      return n == null || n.isNull() ? null : n.asString();
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String contentType() {
      return header("Content-Type");
    }
  }

  Reply send(String method, String path, String body, String bearer, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            // A request that hangs fails its test instead of hanging the build.
            .timeout(java.time.Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    boolean typed = false;
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      typed |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (body != null && !typed) {
      b.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json;
    try {
      json = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (RuntimeException e) {
      json = JSON.createObjectNode();
    }
    return new Reply(r.statusCode(), json, r);
  }

  Reply post(String path, String json) throws Exception {
    return send("POST", path, json, null);
  }

  Reply post(String path, String json, String bearer) throws Exception {
    return send("POST", path, json, bearer);
  }

  Reply get(String path, String bearer) throws Exception {
    return send("GET", path, null, bearer);
  }

  /** A JSON object from alternating keys and values. */
  static String json(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return JSON.writeValueAsString(m);
  }
}
