package dev.gatehouse.cohorts.proxy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A request whose body was read once, to find who it is of, and is read again from memory by
 * whichever system answers it, byte for byte. Its path info is the whole path under the context,
 * which the proxy appends to the legacy system's address.
 */
final class BufferedRequest extends HttpServletRequestWrapper {
  private final byte[] body;
  private final String path;

  private BufferedRequest(HttpServletRequest request, byte[] body, String path) {
    super(request);
    this.body = body;
    this.path = path;
  }

  /**
   * Reads the body, at most {@code max} bytes. {@return the request, or {@code null} when the body
   * is longer} (it was not read past {@code max + 1}, so the request cannot be passed on: the
   * caller refuses it).
   */
  static @Nullable BufferedRequest read(HttpServletRequest request, String path, int max)
      throws IOException {
    byte[] body = request.getInputStream().readNBytes(max + 1);
    return body.length > max ? null : new BufferedRequest(request, body, path);
  }

  /** The body as read. */
  byte[] body() {
    return body;
  }

  @Override
  public String getPathInfo() {
    return path;
  }

  @Override
  public ServletInputStream getInputStream() {
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new IllegalStateException("the body is already in memory; read it directly");
      }

      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return in.read(b, off, len);
      }
    };
  }

  @Override
  public BufferedReader getReader() {
    String encoding = getCharacterEncoding();
    return new BufferedReader(
        new InputStreamReader(
            new ByteArrayInputStream(body),
            encoding == null
                ? StandardCharsets.UTF_8
                : java.nio.charset.Charset.forName(encoding)));
  }
}
