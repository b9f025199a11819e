package dev.gatehouse.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A tiny JSON client for the end-to-end tests. */
final class HttpClientSupport {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  private final int port;

  HttpClientSupport(int port) {
    this.port = port;
  }

  /** A response with its parsed JSON body. */
  record Reply(int status, JsonNode json, HttpResponse<String> raw) {
    String text(String field) {
      JsonNode n = json.get(field);
      return n == null || n.isNull() ? null : n.asText();
    }

    /** The stable Gatehouse code of a problem-details answer (RFC 9457). */
    String code() {
      return text("code");
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  /** A JSON object of string pairs: {@code json("email", a, "password", b)}. */
  static String json(String... kv) throws Exception {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return JSON.writeValueAsString(m);
  }

  Reply send(String method, String path, String jsonBody, String bearer) throws Exception {
    return send(method, path, jsonBody, bearer, java.util.Map.of());
  }

  Reply send(
      String method,
      String path,
      String jsonBody,
      String bearer,
      java.util.Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody))
            .header("Content-Type", "application/json");
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    headers.forEach(b::header);
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
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
}
