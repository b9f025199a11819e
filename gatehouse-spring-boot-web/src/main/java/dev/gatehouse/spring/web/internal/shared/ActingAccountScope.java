package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.audit.ActingAccount;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens the core's {@link ActingAccount} scope for each request and closes it when the request
 * ends: the token the contract's one caller check takes ({@link ContractSupport}) names, for the
 * audit entries the request writes, the staff account acting in an impersonation; nothing outlives
 * the request on its thread. Thread-safe.
 */
public final class ActingAccountScope extends OncePerRequestFilter implements Ordered {

  /** Created by the contract's configuration. */
  public ActingAccountScope() {}

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try (ActingAccount.Scope scope = ActingAccount.open()) {
      chain.doFilter(request, response);
    }
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
