package dev.gatehouse.examples.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthInfrastructureException;
import dev.gatehouse.core.error.RateLimitedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small JSON-over-HTTP server on the JDK's {@link HttpServer}: exact-path routes, a bounded body,
 * strict JSON, and one mapping from Gatehouse's error codes to HTTP statuses.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final int MAX_BODY_BYTES = 64 * 1024;

  /** Codes answered 401: the caller is not (or no longer) authenticated. */
  private static final Set<String> UNAUTHORIZED =
      Set.of(
          "invalid_credentials",
          "invalid_token",
          "invalid_refresh_token",
          "otp_expired",
          "otp_used",
          "invalid_code",
          "unauthorized");

  /** Codes answered 404. */
  private static final Set<String> NOT_FOUND = Set.of("not_found");

  /** Codes answered 403. */
  private static final Set<String> FORBIDDEN =
      Set.of(
          "forbidden",
          "account_not_verified",
          "bootstrap_disabled",
          "invalid_bootstrap_token",
          "superuser_exists");

  /** A route's logic. */
  @FunctionalInterface
  public interface Handler {
    /**
     * @param request the request
     * @return the response
     */
    Response handle(Request request);
  }

  /**
   * A request.
   *
   * @param method HTTP method
   * @param path request path
   * @param query raw query string, or {@code null}
   * @param body the JSON body
   * @param headers request headers (first value, lower-case names)
   * @param clientIp the peer address
   * @param pathParam the {@code {id}} path segment, or {@code null}
   */
  public record Request(
      String method,
      String path,
      String query,
      JsonBody body,
      Map<String, String> headers,
      String clientIp,
      String pathParam) {
    /**
     * The {@code {id}} segment of a route such as {@code /auth/profiles/{id}/} as a number.
     *
     * @return the id
     * @throws ApiException when it is not a positive integer
     */
    public long idParam() {
      try {
        long v = Long.parseLong(pathParam);
        if (v > 0) {
          return v;
        }
      } catch (NumberFormatException | NullPointerException e) {
        // fall through to the typed error
      }
      throw new ApiException(404, "not_found", "no such resource");
    }

    /**
     * @param name lower-case header name
     * @return the header, or {@code null}
     */
    public String header(String name) {
      return headers.get(name);
    }

    /** The bearer token of the Authorization header, or {@code null}. */
    public String bearerToken() {
      String h = header("authorization");
      if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return null;
      }
      return h.substring(7).trim();
    }

    /**
     * @param name query parameter
     * @return its first value, or {@code null}
     */
    public String queryParam(String name) {
      if (query == null) {
        return null;
      }
      for (String part : query.split("&")) {
        int eq = part.indexOf('=');
        String k = eq < 0 ? part : part.substring(0, eq);
        if (k.equals(name)) {
          return eq < 0
              ? ""
              : java.net.URLDecoder.decode(
                  part.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
      return null;
    }
  }

  /**
   * A response.
   *
   * @param status HTTP status
   * @param body JSON-serialisable body, or {@code null} for none
   * @param headers extra headers
   */
  public record Response(int status, Object body, Map<String, String> headers) {
    /**
     * @param body JSON body
     * @return 200 with the body
     */
    public static Response ok(Object body) {
      return new Response(200, body, Map.of());
    }

    /**
     * @param status HTTP status
     * @param body JSON body
     * @return the response
     */
    public static Response of(int status, Object body) {
      return new Response(status, body, Map.of());
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final ObjectMapper mapper;
  private final Map<String, Handler> routes = new LinkedHashMap<>();

  /**
   * @param port the port, or 0 for any free one
   * @throws IOException when the port cannot be bound
   */
  public HttpApi(int port) throws IOException {
    this.mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    this.executor = Executors.newFixedThreadPool(16);
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
  }

  /**
   * Adds a route.
   *
   * @param method HTTP method
   * @param path exact path, e.g. {@code /auth/login/basic/}
   * @param handler the logic
   * @return this server
   */
  public HttpApi route(String method, String path, Handler handler) {
    routes.put(method + " " + path, handler);
    return this;
  }

  /** Starts serving. */
  public void start() {
    server.start();
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The JSON mapper the server writes with. */
  public ObjectMapper mapper() {
    return mapper;
  }

  private void dispatch(HttpExchange ex) throws IOException {
    Response response;
    try {
      String path = ex.getRequestURI().getPath();
      String param = null;
      Handler h = routes.get(ex.getRequestMethod() + " " + path);
      if (h == null) {
        // Routes ending in "{id}/" match one extra path segment.
        int end = path.endsWith("/") ? path.length() - 1 : path.length();
        int slash = path.lastIndexOf('/', end - 1);
        if (slash > 0 && end > slash + 1) {
          h = routes.get(ex.getRequestMethod() + " " + path.substring(0, slash + 1) + "{id}/");
          param = h == null ? null : path.substring(slash + 1, end);
        }
      }
      if (h == null) {
        boolean pathKnown = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + path));
        response =
            pathKnown
                ? error(405, "method_not_allowed", "method not allowed")
                : error(404, "not_found", "no such route");
      } else {
        byte[] body = readBounded(ex.getRequestBody());
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders()
            .forEach(
                (k, v) ->
                    headers.put(k.toLowerCase(java.util.Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        Request req =
            new Request(
                ex.getRequestMethod(),
                path,
                ex.getRequestURI().getRawQuery(),
                JsonBody.parse(mapper, body),
                headers,
                ex.getRemoteAddress().getAddress().getHostAddress(),
                param);
        response = h.handle(req);
      }
    } catch (ApiException e) {
      response = error(e.status(), e.code(), e.getMessage());
    } catch (RateLimitedException e) {
      long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
      response =
          new Response(
              429,
              errorBody(e.code(), "too many attempts; retry later"),
              Map.of("Retry-After", Long.toString(seconds)));
    } catch (AuthInfrastructureException e) {
      LOG.warn("request failed: {}", e.code(), e);
      response = error(503, e.code(), "temporarily unavailable; retry later");
    } catch (AuthException e) {
      response = error(statusOf(e.code()), e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("unexpected failure", e);
      response = error(500, "internal_error", "internal error");
    }
    write(ex, response);
  }

  static int statusOf(String code) {
    if (UNAUTHORIZED.contains(code)) {
      return 401;
    }
    if (NOT_FOUND.contains(code) || code.endsWith("_not_found")) {
      return 404;
    }
    if (FORBIDDEN.contains(code)) {
      return 403;
    }
    if ("code_burned".equals(code)) {
      return 429;
    }
    return 400;
  }

  private static Response error(int status, String code, String message) {
    return Response.of(status, errorBody(code, message));
  }

  private static Map<String, Object> errorBody(String code, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", code);
    m.put("detail", message);
    return m;
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
    if (b.length > MAX_BODY_BYTES) {
      throw new ApiException(
          413, "body_too_large", "the body exceeds " + MAX_BODY_BYTES + " bytes");
    }
    return b;
  }

  private void write(HttpExchange ex, Response r) throws IOException {
    byte[] bytes = r.body() == null ? new byte[0] : mapper.writeValueAsBytes(r.body());
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
