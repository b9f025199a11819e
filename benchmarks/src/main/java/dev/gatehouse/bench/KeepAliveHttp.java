package dev.gatehouse.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The side by side's load generator for the measured requests: one blocking HTTP/1.1 keep-alive
 * connection per client thread, a request written as one buffer and its answer read by content
 * length or chunks.
 *
 * <p>Why not {@code java.net.http.HttpClient}: its synchronous {@code send} runs on asynchronous
 * machinery (a selector thread, futures, publishers and subscribers per exchange) and cost the load
 * generator 1–1.7 ms of CPU per refresh, as much as half a Gatehouse refresh. On two cores that the
 * load generator, both servers and PostgreSQL share, every millisecond the client spends is taken
 * from the server under test, and it is the same for both sides, so it flattened the rate ratio
 * towards 1. This client does only what the two servers' token endpoints and sign-in forms need: no
 * TLS, no redirects followed, no cookie handling of its own (the caller's), no compression, no
 * pipelining.
 */
final class KeepAliveHttp implements Closeable {
  /**
   * Sent like any real client's: Gatehouse records a session's user agent on every refresh, so a
   * request without one would skip work a browser's request causes.
   */
  static final String USER_AGENT = "gatehouse-side-by-side/1 (load generator)";

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /**
   * Whether the open connection has carried an exchange (only then may a failure be a stale one).
   */
  private boolean reused;

  KeepAliveHttp(URI server) {
    this.host = server.getHost();
    this.port = server.getPort();
  }

  /** An answer: its status, its headers (names in lower case) and its body. */
  record Response(int status, Map<String, List<String>> headers, String body) {
    /** {@return the header's first value, or null} */
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** {@return every value of the header (Set-Cookie comes once per cookie)} */
    List<String> all(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
  }

  /**
   * POSTs {@code body} to {@code path} and answers the response body, failing unless the status is
   * {@code expected}.
   *
   * <p>A request is sent again only when a reused connection fails before any byte of the answer
   * arrived (the server closed it while idle), never after: a refresh token must not be presented
   * twice.
   */
  String post(String path, String contentType, String body, int expected) throws IOException {
    Response r = exchange("POST", path, Map.of("Content-Type", contentType), body);
    if (r.status() != expected) {
      throw new IOException(
          "POST "
              + path
              + " answered "
              + r.status()
              + ": "
              + r.body().substring(0, Math.min(200, r.body().length())));
    }
    return r.body();
  }

  /**
   * Sends one request ({@code body} null for none) with {@code headers} beside Host, Accept,
   * User-Agent and Content-Length, and answers the response whatever its status; redirects are not
   * followed. Sent again only as {@link #post} says.
   */
  Response exchange(String method, String path, Map<String, String> headers, String body)
      throws IOException {
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder(256);
    h.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ");
    h.append(host).append(':').append(port).append("\r\n");
    boolean accept = false;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
      accept |= e.getKey().equalsIgnoreCase("Accept");
    }
    if (!accept) {
      h.append("Accept: application/json\r\n");
    }
    h.append("User-Agent: ").append(USER_AGENT).append("\r\n");
    if (body != null) {
      h.append("Content-Length: ").append(payload.length).append("\r\n");
    }
    byte[] head = h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = new byte[head.length + payload.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(payload, 0, request, head.length, payload.length);
    while (true) {
      open();
      boolean stale = reused;
      int status;
      Answer answer;
      try {
        try {
          out.write(request);
          out.flush();
        } catch (IOException e) {
          if (stale) {
            throw new StaleConnectionException();
          }
          throw e;
        }
        status = statusLine(stale);
        answer = readAnswer();
      } catch (StaleConnectionException e) {
        close();
        continue;
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
      reused = true;
      if (answer.close) {
        close();
      }
      return new Response(status, answer.headers, answer.body);
    }
  }

  private void open() throws IOException {
    if (socket != null) {
      return;
    }
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(host, port), 10_000);
    s.setSoTimeout(60_000);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
    out = s.getOutputStream();
    reused = false;
  }

  /** Reads the status line; on a reused connection that ends before it, the exchange is stale. */
  private int statusLine(boolean mayBeStale) throws IOException {
    String line;
    try {
      line = readLine();
    } catch (IOException e) {
      if (mayBeStale) {
        throw new StaleConnectionException();
      }
      throw e;
    }
    if (!line.startsWith("HTTP/1.") || line.length() < 12) {
      throw new IOException("not an HTTP/1.x status line: " + line);
    }
    return Integer.parseInt(line.substring(9, 12));
  }

  private record Answer(Map<String, List<String>> headers, String body, boolean close) {}

  private Answer readAnswer() throws IOException {
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    Map<String, List<String>> headers = new HashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {
          // other headers do not change how the body is read
        }
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
    if (chunked) {
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        copy(size, body);
        readLine(); // the CRLF after each chunk
      }
      for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
        // trailers are not used by either server; read past them
      }
    } else if (length >= 0) {
      copy(length, body);
    } else {
      // No length and not chunked: the body runs to the end of the connection.
      in.transferTo(body);
      close = true;
    }
    return new Answer(headers, body.toString(StandardCharsets.UTF_8), close);
  }

  private long chunkSize() throws IOException {
    String line = readLine();
    int semicolon = line.indexOf(';');
    return Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
  }

  private void copy(long n, ByteArrayOutputStream to) throws IOException {
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    long left = n;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        throw new EOFException("answer ended " + left + " bytes early");
      }
      to.write(buffer, 0, read);
      left -= read;
    }
  }

  /** One header line without its CRLF, in ISO-8859-1 as HTTP/1.1 headers are. */
  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed in the middle of an answer");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      line.append((char) b);
    }
  }

  @Override
  public void close() {
    Socket s = socket;
    socket = null;
    in = null;
    out = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing a connection that failed anyway
      }
    }
  }

  /** A reused connection the server had closed before this request reached it. */
  private static final class StaleConnectionException extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
