package dev.gatehouse.spring.web.internal.shared;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;

/**
 * One answer of the contract: status, headers and body, written straight to the servlet response by
 * {@link #send}. Every route and every problem answers through one, so the contract has one way to
 * answer.
 *
 * <p>Written by hand rather than returned as a {@code ResponseEntity<byte[]>}: Spring MVC's
 * handling of one (choosing a message converter, copying the headers, the {@code
 * Content-Disposition} check for file extensions, which never applies to the contract's paths) was
 * about 6% of a token refresh's request-thread CPU (docs/BENCHMARKS.md, "Refresh over HTTP"). The
 * servlet calls are the ones that handling ended in, in the same order, so the bytes on the wire
 * are the same, including the headers Spring Security adds when the response is committed.
 */
public final class Reply {
  private final int status;
  private final String contentType;
  private final String[] headers;
  private final byte[] body;

  /**
   * @param status the HTTP status
   * @param contentType the body's media type, or {@code null} without a body
   * @param body the body, or {@code null} for none
   * @param headers further headers as name, value, name, value, in the order they are sent
   */
  public Reply(int status, String contentType, byte[] body, String... headers) {
    if (headers.length % 2 != 0) {
      throw new IllegalArgumentException("headers come as name, value pairs");
    }
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    // Not copied: every caller passes an array made for this answer (varargs or a fresh toArray).
    this.headers = headers;
  }

  /**
   * Writes the answer and, when it has a body, commits it (as Spring MVC's message converters did:
   * the security filters add their headers on commit, and nothing after the handler can change the
   * answer). Without a body the response is left open, as before, and ends with the request.
   *
   * @param response the response
   * @throws IOException when the body cannot be written (the client went away)
   */
  public void send(HttpServletResponse response) throws IOException {
    response.setStatus(status);
    for (int i = 0; i < headers.length; i += 2) {
      // Set, not added: a value a host's filter or interceptor put there first (say a
      // "Cache-Control: public" for its whole API) must not ride along on an answer carrying
      // tokens, as Spring's converters replaced it too. Set-Cookie is the one header sent once
      // per cookie.
      if (headers[i].equalsIgnoreCase(HttpHeaders.SET_COOKIE)) {
        response.addHeader(headers[i], headers[i + 1]);
      } else {
        response.setHeader(headers[i], headers[i + 1]);
      }
    }
    if (contentType != null) {
      response.setContentType(contentType);
    }
    if (body != null) {
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      response.flushBuffer();
    }
  }
}
