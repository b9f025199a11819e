package dev.gatehouse.spring.pages;

import dev.gatehouse.spring.web.browser.SignedInBrowser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;

/**
 * The pages' sign-in for the host's own routes ({@code gatehouse.pages.host-sign-in}, on by
 * default): the browser's Gatehouse session as {@link PageSession} keeps it, and the pages' CSRF
 * tokens, so a host page's form carries the same token as the pages' forms.
 */
final class HostSignIn implements SignedInBrowser {
  private final PageSession pages;
  private final CsrfTokenRequestHandler handler = new CsrfTokenUnmasking();

  HostSignIn(PageSession pages) {
    this.pages = pages;
  }

  @Override
  public Optional<LiveToken> signedIn(HttpServletRequest request, HttpServletResponse response) {
    return Optional.ofNullable(pages.liveToken(request, response));
  }

  /** The pages' login: a signed-out browser asking for a host page signs in there. */
  @Override
  public Optional<String> signInPage() {
    return Optional.of("/login/");
  }

  @Override
  public CsrfTokenRepository csrfTokens() {
    return PageSession.CSRF_TOKENS;
  }

  @Override
  public CsrfTokenRequestHandler csrfTokenRequestHandler() {
    return handler;
  }
}
