package dev.gatehouse.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Twilio's Messages API that checks each request as Twilio documents it (POST
 * to /2010-04-01/Accounts/{sid}/Messages.json, form-encoded, Basic auth) and records the accepted
 * messages.
 */
final class TwilioStandIn implements AutoCloseable {
  static final String SID = "AC00000000000000000000000000000001";
  static final String TOKEN = "twilio-test-auth-token";
  private final HttpServer server;
  private final List<Map<String, String>> messages = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  TwilioStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Map<String, String>> messages() {
    return List.copyOf(messages);
  }

  String lastBodyTo(String to) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (to.equals(messages.get(i).get("To"))) {
        return messages.get(i).get("Body");
      }
    }
    return null;
  }

  private void handle(HttpExchange ex) throws IOException {
    String expectedAuth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    if (!"POST".equals(ex.getRequestMethod())
        || !ex.getRequestURI().getPath().equals("/2010-04-01/Accounts/" + SID + "/Messages.json")) {
      answer(ex, 404, "{\"code\":20404,\"message\":\"not found\",\"status\":404}");
      return;
    }
    if (!expectedAuth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      answer(ex, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
      return;
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
      answer(ex, 400, "{\"code\":21000,\"message\":\"bad content type\",\"status\":400}");
      return;
    }
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair :
        new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      form.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    if (!form.containsKey("To") || !form.containsKey("Body") || !form.containsKey("From")) {
      answer(ex, 400, "{\"code\":21604,\"message\":\"missing parameter\",\"status\":400}");
      return;
    }
    messages.add(form);
    String sid = String.format("SM%032d", ids.incrementAndGet());
    answer(
        ex,
        201,
        "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"to\":\"" + form.get("To") + "\"}");
  }

  private static void answer(HttpExchange ex, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
