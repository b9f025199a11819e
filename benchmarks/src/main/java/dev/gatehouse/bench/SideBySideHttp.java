package dev.gatehouse.bench;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stateless HTTP helpers for {@link SideBySide}'s load generator: JSON and form request bodies and
 * requests, Keycloak admin requests with a bearer token, sending a request and checking its status,
 * and the setup helpers {@link #email} (a bench user's address) and {@link #parallel} (a task over
 * indexes on a few threads).
 */
final class SideBySideHttp {

  private SideBySideHttp() {}

  static final String JSON = "application/json";
  static final String FORM = "application/x-www-form-urlencoded";

  static HttpRequest json(String url, Map<String, Object> body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofString(jsonBody(body)))
        .build();
  }

  static String jsonBody(Map<String, Object> body) {
    return JSONObjectUtils.toJSONString(body);
  }

  static HttpRequest form(String url, Map<String, String> fields) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", FORM)
        .POST(HttpRequest.BodyPublishers.ofString(formBody(fields)))
        .build();
  }

  static String formBody(Map<String, String> fields) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      b.append(b.length() == 0 ? "" : "&")
          .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  static HttpRequest admin(String token, String method, String url, Object body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(
            method,
            HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(castMap(body))))
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> castMap(Object body) {
    return (Map<String, ?>) body;
  }

  static String expect(HttpClient c, HttpRequest r, int status) throws Exception {
    HttpResponse<String> resp = c.send(r, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != status) {
      String body = resp.body();
      throw new IOException(
          r.method()
              + " "
              + r.uri().getPath()
              + " answered "
              + resp.statusCode()
              + ": "
              + body.substring(0, Math.min(200, body.length())));
    }
    return resp.body();
  }

  static String email(String user) {
    return user + "@example.test";
  }

  /** A task over indexes 0..n-1. */
  interface IndexTask {
    void run(int i) throws Exception;
  }

  static void parallel(int threads, int n, IndexTask task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th =
          new Thread(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < n && failures.isEmpty()) {
                  try {
                    task.run(i);
                  } catch (Exception e) {
                    failures.add(e);
                  }
                }
              });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join();
    }
    if (!failures.isEmpty()) {
      throw failures.peek();
    }
  }
}
