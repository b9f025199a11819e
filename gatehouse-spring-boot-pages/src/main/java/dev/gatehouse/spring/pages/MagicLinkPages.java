package dev.gatehouse.spring.pages;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.magiclink.MagicLinkErrors;
import dev.gatehouse.magiclink.MagicLinkService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in by emailed link: {@code /magic-link/request/} asks for it, the email's link opens {@code
 * /magic-link?token=...} (a button signs in: a mail scanner that fetches every link must not use it
 * up), and the email's code signs in on the page that asked. The link is bound to this browser: its
 * binding is kept in the pages' HTTP session (an HTTP-only cookie), so the link opened in another
 * browser is refused there and the page says to type the code where it was asked for.
 */
@Controller
class MagicLinkPages {
  private static final String BINDING = MagicLinkPages.class.getName() + ".binding";
  private static final String PENDING = MagicLinkPages.class.getName() + ".pending";
  private static final String TOKEN = MagicLinkPages.class.getName() + ".token";
  private static final String PAGE_REQUEST = "gatehouse/pages/magic-link-request";
  private static final String PAGE_SENT = "gatehouse/pages/magic-link-sent";
  private static final String PAGE_MESSAGE = "gatehouse/pages/message";

  private final Gatehouse gatehouse;
  private final PageSession pages;
  private final PageMessages messages;
  private final SocialPages social;

  MagicLinkPages(
      Gatehouse gatehouse, PageSession pages, PageMessages messages, SocialPages social) {
    this.gatehouse = gatehouse;
    this.pages = pages;
    this.messages = messages;
    this.social = social;
  }

  private static String attribute(HttpServletRequest request, String name) {
    HttpSession session = request.getSession(false);
    return session == null ? null : (String) session.getAttribute(name);
  }

  @GetMapping("/magic-link/request/")
  String requestForm(Model model) {
    model.addAttribute("email", "");
    return PAGE_REQUEST;
  }

  @PostMapping("/magic-link/request/")
  String request(
      @RequestParam(defaultValue = "") String email, HttpServletRequest request, Model model) {
    HttpSession session = request.getSession(true);
    String binding = attribute(request, BINDING);
    if (binding == null) {
      binding = MagicLinkService.newBrowserBinding();
      session.setAttribute(BINDING, binding);
    }
    try {
      gatehouse
          .feature(MagicLinkService.class)
          .requestLink(email.strip(), binding, PageSession.client(request));
      session.setAttribute(PENDING, email.strip());
      return sentPage(model);
    } catch (AuthException e) {
      model.addAttribute("email", email);
      model.addAttribute("emailError", messages.of(e));
      return PAGE_REQUEST;
    }
  }

  private String sentPage(Model model) {
    model.addAttribute("codeLength", gatehouse.config().get(OtpSettings.OTP_LENGTH));
    return PAGE_SENT;
  }

  @PostMapping("/magic-link/code/")
  String code(
      @RequestParam(defaultValue = "") String code,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    String email = attribute(request, PENDING);
    if (email == null) {
      return "redirect:/magic-link/request/";
    }
    try {
      SignInResult result =
          gatehouse
              .feature(MagicLinkService.class)
              .signInWithCode(email, code.replaceAll("[\\s-]", ""), PageSession.client(request));
      request.getSession().removeAttribute(PENDING);
      return signedIn(request, response, result, model);
    } catch (AuthException e) {
      model.addAttribute("codeError", messages.of(e));
      return sentPage(model);
    }
  }

  /** The emailed link: keeps its token in the session and drops it from the URL. */
  @GetMapping(path = "/magic-link", params = "token")
  String link(@RequestParam String token, HttpServletRequest request) {
    request.getSession(true).setAttribute(TOKEN, token);
    return "redirect:/magic-link/open/";
  }

  @GetMapping("/magic-link/open/")
  String openForm(HttpServletRequest request, Model model) {
    if (attribute(request, TOKEN) == null) {
      return message(model, "link.dead.title", "link.dead");
    }
    return "gatehouse/pages/magic-link-open";
  }

  @PostMapping("/magic-link/open/")
  String open(HttpServletRequest request, HttpServletResponse response, Model model) {
    String token = attribute(request, TOKEN);
    if (token == null) {
      return message(model, "link.dead.title", "link.dead");
    }
    request.getSession().removeAttribute(TOKEN);
    try {
      SignInResult result =
          gatehouse
              .feature(MagicLinkService.class)
              .signInWithLink(token, attribute(request, BINDING), PageSession.client(request));
      request.getSession().removeAttribute(PENDING);
      return signedIn(request, response, result, model);
    } catch (AuthException e) {
      if (e.error() == ErrorCode.INVALID_LINK) {
        return message(model, "link.dead.title", "link.dead");
      }
      if (e.error() == MagicLinkErrors.LINK_OTHER_BROWSER) {
        return message(model, "magic.other-browser.title", "magic.other-browser");
      }
      model.addAttribute("title", messages.text("error.title"));
      model.addAttribute("error", messages.of(e));
      return PAGE_MESSAGE;
    }
  }

  private String signedIn(
      HttpServletRequest request, HttpServletResponse response, SignInResult result, Model model) {
    if (SecondFactorPages.offered(result)) {
      return SecondFactorPages.secondStep(request, (SignInResult.SecondStepRequired) result);
    }
    if (!(result instanceof SignInResult.SignedIn in)) {
      model.addAttribute("title", messages.text("error.title"));
      model.addAttribute("error", messages.unfinished());
      return PAGE_MESSAGE;
    }
    pages.signIn(request, response, in.tokens());
    return SocialPages.signedInPage(social.linkPending(request, in.tokens()));
  }

  private String message(Model model, String titleKey, String textKey) {
    model.addAttribute("title", messages.text(titleKey));
    model.addAttribute("text", messages.text(textKey));
    return PAGE_MESSAGE;
  }
}
