package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.Gatehouse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells Gatehouse of every request that still carries {@code X-Forwarded-For} or {@code Forwarded}
 * when it reaches the application ({@link Gatehouse#forwardedHeaderFrom}): the servlet container
 * (Tomcat's remote-IP valve with {@code server.forward-headers-strategy=native}) or Spring's
 * forwarded-header filter ({@code framework}) consume the headers of a proxy they trust and give
 * the client's address as the remote address, so a header left on a request from a loopback or
 * private-network peer came through a proxy nobody trusts. Runs after Spring's forwarded-header
 * filter and before Spring Security; two header reads per request, and nothing more after the first
 * such request. Thread-safe.
 */
public final class ForwardedHeaderCheck extends OncePerRequestFilter implements Ordered {
  private final Gatehouse gatehouse;

  /**
   * @param gatehouse the facade told of such requests
   */
  public ForwardedHeaderCheck(Gatehouse gatehouse) {
    this.gatehouse = gatehouse;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null) {
      gatehouse.forwardedHeaderFrom(request.getRemoteAddr());
    }
    chain.doFilter(request, response);
  }

  /** After Spring's forwarded-header filter (the highest precedence), before Spring Security. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 1000;
  }
}
