package dev.gatehouse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The side by side's load client against a scripted HTTP/1.1 server on a real socket: it must read
 * both servers' answers (a length or chunks), keep one connection alive, follow {@code Connection:
 * close}, and present a request twice only when a reused connection was already closed.
 */
class KeepAliveHttpTest {
  /** What the scripted server does with one request. */
  private record Script(String answer, boolean closeAfter) {}

  private ServerSocket listener;
  private Thread serverThread;
  private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();

  /** Each request the server read, as "connection number: body". */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    serverThread = new Thread(this::serve, "scripted-http");
    serverThread.setDaemon(true);
    serverThread.start();
  }

  @AfterEach
  void stop() throws Exception {
    listener.close();
    serverThread.join(TimeUnit.SECONDS.toMillis(10));
  }

  private void serve() {
    int connection = 0;
    while (!listener.isClosed()) {
      try (Socket s = listener.accept()) {
        connection++;
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        while (true) {
          String body = readRequest(in);
          if (body == null) {
            break;
          }
          seen.add(connection + ": " + body);
          Script script = scripts.poll(10, TimeUnit.SECONDS);
          if (script == null || script.answer() == null) {
            break;
          }
          out.write(script.answer().getBytes(StandardCharsets.UTF_8));
          out.flush();
          if (script.closeAfter()) {
            break;
          }
        }
      } catch (IOException | InterruptedException e) {
        // the listener closed at the end of the test, or the client went away
      }
    }
  }

  /**
   * Each request's line and Cookie header as the server read them ("GET /path cookie a=1"), beside
   * {@link #seen}.
   */
  private final List<String> heads = new CopyOnWriteArrayList<>();

  /** The body of the next request, or null at the end of the connection. */
  private String readRequest(InputStream in) throws IOException {
    int length = 0;
    boolean any = false;
    String head = null;
    for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      any = true;
      if (head == null) {
        head = line.substring(0, line.lastIndexOf(' '));
      }
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
      if (line.toLowerCase(Locale.ROOT).startsWith("cookie:")) {
        head += " cookie " + line.substring(7).trim();
      }
    }
    if (!any) {
      return null;
    }
    heads.add(head);
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return null;
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  private KeepAliveHttp client() {
    return new KeepAliveHttp(URI.create("http://127.0.0.1:" + listener.getLocalPort()));
  }

  private static String withLength(int status, String body, String... headers) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "HTTP/1.1 "
        + status
        + " X\r\n"
        + String.join("", headers)
        + "Content-Type: application/json\r\nContent-Length: "
        + bytes.length
        + "\r\n\r\n"
        + body;
  }

  @Test
  void readsLengthAndChunkedAnswersOverOneConnection() throws Exception {
    scripts.add(new Script(withLength(200, "{\"a\":\"é\"}"), false));
    scripts.add(
        new Script(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=1\r\n{\"b\"\r\n5\r\n:\"cd\"\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n",
            false));
    try (KeepAliveHttp c = client()) {
      assertEquals("{\"a\":\"é\"}", c.post("/one", "application/json", "first", 200));
      assertEquals("{\"b\":\"cd\"}", c.post("/two", "application/json", "second", 200));
    }
    assertEquals(List.of("1: first", "1: second"), seen);
  }

  @Test
  void followsConnectionCloseWithANewConnection() throws Exception {
    scripts.add(new Script(withLength(200, "one", "Connection: close\r\n"), true));
    scripts.add(new Script(withLength(200, "two"), false));
    try (KeepAliveHttp c = client()) {
      assertEquals("one", c.post("/", "text/plain", "a", 200));
      assertEquals("two", c.post("/", "text/plain", "b", 200));
    }
    assertEquals(List.of("1: a", "2: b"), seen);
  }

  @Test
  void aReusedConnectionClosedWhileIdleIsReopenedAndTheRequestSentOnce() throws Exception {
    // The server closes after the first answer without saying so, as an idle timeout does.
    scripts.add(new Script(withLength(200, "one"), true));
    scripts.add(new Script(withLength(200, "two"), false));
    try (KeepAliveHttp c = client()) {
      assertEquals("one", c.post("/", "text/plain", "a", 200));
      assertEquals("two", c.post("/", "text/plain", "b", 200));
    }
    assertEquals(List.of("1: a", "2: b"), seen);
  }

  @Test
  void anUnexpectedStatusFailsWithTheStatusAndTheStartOfTheBody() throws Exception {
    scripts.add(new Script(withLength(401, "{\"code\":\"invalid_token\"}"), false));
    scripts.add(new Script(withLength(200, "after"), false));
    try (KeepAliveHttp c = client()) {
      IOException e =
          assertThrows(IOException.class, () -> c.post("/r", "application/json", "x", 200));
      assertTrue(e.getMessage().contains("answered 401"), e.getMessage());
      assertTrue(e.getMessage().contains("invalid_token"), e.getMessage());
      // The answer was read whole, so the connection is still usable.
      assertEquals("after", c.post("/r", "application/json", "y", 200));
    }
    assertEquals(List.of("1: x", "1: y"), seen);
  }

  @Test
  void aFreshConnectionThatEndsBeforeItsAnswerFailsInsteadOfSendingAgain() throws Exception {
    // The server reads the request and closes without an answer.
    scripts.add(new Script(null, true));
    try (KeepAliveHttp c = client()) {
      assertThrows(IOException.class, () -> c.post("/", "text/plain", "only-once", 200));
    }
    assertEquals(List.of("1: only-once"), seen);
  }

  @Test
  void theProvidersBrowserKeepsCookiesSendsThemBackAndFollowsNoRedirect() throws Exception {
    scripts.add(
        new Script(
            "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/login/?a=1\r\n"
                + "Set-Cookie: SESSION=s1; Path=/; HttpOnly\r\nSet-Cookie: RESTART=r; Path=/\r\n"
                + "Content-Length: 0\r\n\r\n",
            false));
    scripts.add(
        new Script(withLength(200, "<form>", "Set-Cookie: RESTART=; Max-Age=0\r\n"), false));
    scripts.add(new Script(withLength(200, "done"), false));
    try (KeepAliveHttp c = client()) {
      ProviderBrowser browser = new ProviderBrowser(c);
      KeepAliveHttp.Response first = browser.get("/authorize?x=1");
      String location = ProviderBrowser.location(first, "authorize");
      assertEquals("http://127.0.0.1:1/login/?a=1", location);
      assertEquals("<form>", browser.get(location).body());
      assertEquals("done", browser.post("/login/", java.util.Map.of("u", "a b")).body());
    }
    assertEquals(
        List.of(
            "GET /authorize?x=1",
            "GET /login/?a=1 cookie SESSION=s1; RESTART=r",
            "POST /login/ cookie SESSION=s1"),
        heads);
    assertEquals(List.of("1: ", "1: ", "1: u=a+b"), seen);
  }
}
