package dev.gatehouse.spring.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a host's own servlet filter may do around the contract, each only when a request asks for it
 * so that the other tests see the plain contract: {@value #PRESET_CACHE} presets a public {@code
 * Cache-Control} before the route runs (as a host caching its whole API might), and a body sent
 * with {@code Content-Encoding: gzip} is decompressed by wrapping the request, so that its stream
 * yields more than the declared {@code Content-Length}.
 */
class HostFilter extends OncePerRequestFilter {
  static final String PRESET_CACHE = "X-Test-Preset-Cache";

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getHeader(PRESET_CACHE) != null) {
      response.setHeader("Cache-Control", "public, max-age=3600");
    }
    if ("gzip".equalsIgnoreCase(request.getHeader("Content-Encoding"))) {
      request = new Inflating(request);
    }
    chain.doFilter(request, response);
  }

  /** The request with its body decompressed; the declared length is left as sent. */
  private static final class Inflating extends HttpServletRequestWrapper {
    private final ServletInputStream in;

    Inflating(HttpServletRequest request) throws IOException {
      super(request);
      InputStream gz = new GZIPInputStream(request.getInputStream());
      this.in =
          new ServletInputStream() {
            @Override
            public int read() throws IOException {
              return gz.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              return gz.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
              return false;
            }

            @Override
            public boolean isReady() {
              return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
              throw new UnsupportedOperationException();
            }
          };
    }

    @Override
    public ServletInputStream getInputStream() {
      return in;
    }
  }
}
