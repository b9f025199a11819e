package dev.gatehouse.spring.pages;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * Spring Security's default handling of the pages' CSRF tokens (each page gets the session's token
 * masked afresh, against BREACH), except that a posted token which does not unmask (crafted bytes
 * that are not UTF-8 once unmasked made Spring Security 7.1's decoding throw, a 500 with a long
 * stack trace per request) counts as a wrong token: a 403 like any other CSRF failure, and one log
 * line without the token.
 */
final class CsrfTokenUnmasking implements CsrfTokenRequestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CsrfTokenUnmasking.class);
  private final XorCsrfTokenRequestAttributeHandler masked =
      new XorCsrfTokenRequestAttributeHandler();

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
    masked.handle(request, response, token);
  }

  @Override
  public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
    try {
      return masked.resolveCsrfTokenValue(request, token);
    } catch (RuntimeException e) {
      LOG.info(
          "Refused a CSRF token that does not unmask on {} ({})",
          request.getRequestURI(),
          e.getClass().getSimpleName());
      return null;
    }
  }
}
