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
 * A request on its way to the system that answers it. Its path info is the whole path under the
 * context, which the proxy appends to the legacy system's address. A sign-in's or a refresh's body
 * was read once, to find who it is of, and is read again from memory, byte for byte; any other
 * request's body is not read here at all (a picture's upload streams through as it came).
 */
final class BufferedRequest extends HttpServletRequestWrapper {
  private final byte @Nullable [] body;
  private final String path;

  private BufferedRequest(HttpServletRequest request, byte @Nullable [] body, String path) {
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

  /** A request whose body this filter does not read. */
  static BufferedRequest unread(HttpServletRequest request, String path) {
    return new BufferedRequest(request, null, path);
  }

  /** The body as read, or {@code null} when it was not read. */
  byte @Nullable [] body() {
    return body;
  }

  @Override
  public String getPathInfo() {
    return path;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    byte[] read = body;
    if (read == null) {
      return super.getInputStream();
    }
    ByteArrayInputStream in = new ByteArrayInputStream(read);
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
  public BufferedReader getReader() throws IOException {
    byte[] read = body;
    if (read == null) {
      return super.getReader();
    }
    String encoding = getCharacterEncoding();
    return new BufferedReader(
        new InputStreamReader(
            new ByteArrayInputStream(read),
            encoding == null
                ? StandardCharsets.UTF_8
                : java.nio.charset.Charset.forName(encoding)));
  }
}
