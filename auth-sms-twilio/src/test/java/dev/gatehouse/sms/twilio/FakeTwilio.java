package dev.gatehouse.sms.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A local stand-in for Twilio's Messages API that checks each request the way Twilio's API
 * reference describes it and answers in Twilio's JSON shapes. A test can also force an answer.
 */
final class FakeTwilio implements AutoCloseable {
  static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  static final String AUTH_TOKEN = "f00dfeedf00dfeedf00dfeedf00dfeed";

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

  /** One request as Twilio would see it. */
  record Request(
      String method,
      String path,
      String authorization,
      String contentType,
      Map<String, String> form) {}

  /** A forced answer. */
  record Answer(int status, String body, Map<String, String> headers) {}

  enum Mode {
    REALISTIC,
    FORCED,
    HANG_UNTIL_RELEASED
  }

  final List<Request> requests = new CopyOnWriteArrayList<>();
  final CountDownLatch release = new CountDownLatch(1);
  final CountDownLatch hanging = new CountDownLatch(1);
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.REALISTIC);
  private final AtomicReference<Answer> forced = new AtomicReference<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  FakeTwilio() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void force(int status, String body, Map<String, String> headers) {
    forced.set(new Answer(status, body, headers));
    mode.set(Mode.FORCED);
  }

  void hangUntilReleased() {
    mode.set(Mode.HANG_UNTIL_RELEASED);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestHeaders().getFirst("Authorization"),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              decodeForm(body));
      requests.add(request);
      switch (mode.get()) {
        case FORCED -> {
          Answer a = forced.get();
          a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          respond(exchange, a.status(), a.body());
        }
        case HANG_UNTIL_RELEASED -> {
          hanging.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          respond(exchange, 201, created(request.form()));
        }
        default -> realistic(exchange, request);
      }
    } finally {
      exchange.close();
    }
  }

  /** Twilio's documented checks, in the order Twilio applies them. */
  private void realistic(HttpExchange exchange, Request r) throws IOException {
    String path = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    String expectedAuth =
        "Basic "
            + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(UTF_8));
    if (!r.path().equals(path)) {
      respond(
          exchange,
          404,
          error(20404, "The requested resource " + r.path() + " was not found", 404));
    } else if (!r.method().equals("POST")) {
      respond(exchange, 405, error(20004, "Method not allowed", 405));
    } else if (!expectedAuth.equals(r.authorization())) {
      exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Twilio API\"");
      respond(exchange, 401, error(20003, "Authenticate", 401));
    } else if (r.contentType() == null
        || !r.contentType().startsWith("application/x-www-form-urlencoded")) {
      respond(exchange, 400, error(20001, "Unsupported content type", 400));
    } else if (!r.form().containsKey("To")) {
      respond(exchange, 400, error(21604, "A 'To' phone number is required.", 400));
    } else if (!r.form().containsKey("From") && !r.form().containsKey("MessagingServiceSid")) {
      respond(
          exchange,
          400,
          error(
              21603,
              "A 'From' or 'MessagingServiceSid' parameter is required to send a message",
              400));
    } else if (!r.form().containsKey("Body")) {
      respond(exchange, 400, error(21602, "Message body is required.", 400));
    } else if (!E164.matcher(r.form().get("To")).matches()) {
      respond(exchange, 400, error(21211, "Invalid 'To' Phone Number: " + r.form().get("To"), 400));
    } else {
      respond(exchange, 201, created(r.form()));
    }
  }

  private String created(Map<String, String> form) {
    String sid = String.format("SM%032x", sequence.incrementAndGet());
    return "{\"account_sid\": \""
        + ACCOUNT_SID
        + "\", \"api_version\": \"2010-04-01\", \"body\": \"(omitted)\", \"date_created\":"
        + " \"Thu, 24 Aug 2023 05:01:45 +0000\", \"date_sent\": null, \"direction\": \"outbound-api\","
        + " \"error_code\": null, \"error_message\": null, \"from\": \""
        + form.getOrDefault("From", "")
        + "\", \"messaging_service_sid\": null, \"num_media\": \"0\", \"num_segments\": \"1\","
        + " \"price\": null, \"price_unit\": \"USD\", \"sid\": \""
        + sid
        + "\", \"status\": \"queued\", \"subresource_uris\": {\"media\":"
        + " \"/2010-04-01/Accounts/"
        + ACCOUNT_SID
        + "/Messages/"
        + sid
        + "/Media.json\"}, \"to\": \""
        + form.get("To")
        + "\", \"uri\": \"/2010-04-01/Accounts/"
        + ACCOUNT_SID
        + "/Messages/"
        + sid
        + ".json\"}";
  }

  static String error(int code, String message, int status) {
    return "{\"code\": "
        + code
        + ", \"message\": \""
        + message.replace("\"", "\\\"")
        + "\", \"more_info\": \"https://www.twilio.com/docs/errors/"
        + code
        + "\", \"status\": "
        + status
        + "}";
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Map<String, String> decodeForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
      form.put(key, value);
    }
    return form;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
