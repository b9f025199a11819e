package dev.gatehouse.spring.pages;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.spring.web.browser.BrowserSignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The pages' session as the landing of a module's form route (an identity provider's post to {@code
 * auth-saml}'s assertion consumer service): a sign-in is kept as the pages keep every sign-in
 * ({@link PageSession#signIn}) and goes on to the signed-in page, a second factor to its page; a
 * refusal goes back to the login page saying why.
 */
@Component
class BrowserLanding implements BrowserSignIn {
  private final PageSession pages;
  private final PageMessages messages;

  BrowserLanding(PageSession pages, PageMessages messages) {
    this.pages = pages;
    this.messages = messages;
  }

  @Override
  public URI signedIn(
      HttpServletRequest request, HttpServletResponse response, SignInResult result) {
    if (SecondFactorPages.offered(result)) {
      return redirect(
          SecondFactorPages.secondStep(request, (SignInResult.SecondStepRequired) result));
    }
    if (!(result instanceof SignInResult.SignedIn in)) {
      return toLogin(request, response, messages.unfinished());
    }
    pages.signIn(request, response, in.tokens());
    return URI.create("/signed-in/");
  }

  @Override
  public URI refused(
      HttpServletRequest request, HttpServletResponse response, AuthException refusal) {
    return toLogin(request, response, messages.of(refusal));
  }

  private static URI toLogin(HttpServletRequest request, HttpServletResponse response, String why) {
    FlashMap flash = RequestContextUtils.getOutputFlashMap(request);
    flash.put("error", why);
    RequestContextUtils.saveOutputFlashMap("/login/", request, response);
    return URI.create("/login/");
  }

  private static URI redirect(String view) {
    return URI.create(view.substring("redirect:".length()));
  }
}
