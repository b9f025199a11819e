package dev.gatehouse.spring.pages;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.organizations.OrganizationSignIn;
import dev.gatehouse.organizations.OrganizationSignIn.Redirect;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The email-first sign-in of an organisation's own identity provider ({@code auth-organizations}):
 * the page asks the address only; when an organisation's sign-in answers for its domain the browser
 * goes on to that provider (from a page of this site naming the provider's host, by a link: the
 * pages' {@code form-action 'self'} keeps a form from leading to another site), and comes back to
 * the callback, which signs it in (the account and the membership are made on a first sign-in). An
 * address of any other domain goes on to the password login with the address filled in, so an
 * address whose organisation requires its own sign-in is never asked for a password here.
 *
 * <p>An organisation whose provider speaks SAML ({@code auth-saml} installed) is started the same
 * way ({@link SamlPageStart}); its provider posts its answer to the module's assertion consumer
 * service, whose sign-in lands in this session ({@link BrowserLanding}).
 *
 * <p>As with "Continue with ..." ({@link SocialPages}), the {@code state} is kept in this browser's
 * HTTP session and must match at the callback, where it is forgotten: a callback planted in another
 * browser, altered or replayed signs nobody in; the library spends the state once and checks the
 * provider's answer (nonce, issuer, the address's domain).
 */
@Controller
class OrganizationSignInPages implements ModulePage {
  static final String PAGE = "/login/organization/";
  static final String CONTINUE = PAGE + "continue/";
  static final String CALLBACK = PAGE + "callback/";
  private static final String PENDING = OrganizationSignInPages.class.getName() + ".state";

  /**
   * The sign-in this browser started: the state the callback must bring ({@code null} for a SAML
   * sign-in, which does not come back here), where the IdP is.
   */
  private record Pending(@Nullable String state, URI authorizationUri) {}

  private final Gatehouse gatehouse;
  private final PageSession pages;
  private final PageMessages messages;

  OrganizationSignInPages(Gatehouse gatehouse, PageSession pages, PageMessages messages) {
    this.gatehouse = gatehouse;
    this.pages = pages;
    this.messages = messages;
  }

  /** The callback at the configured public address, never one built from the request's Host. */
  private URI callbackUri() {
    return gatehouse.config().get(GatehouseConfig.FRONTEND_URL).resolve(CALLBACK);
  }

  @GetMapping(PAGE)
  String emailForm(Model model) {
    model.addAttribute("email", "");
    return "gatehouse/pages/login-organization";
  }

  @PostMapping(PAGE)
  String start(
      @RequestParam(defaultValue = "") String email,
      HttpServletRequest request,
      HttpServletResponse response,
      RedirectAttributes next,
      Model model) {
    try {
      Redirect r =
          gatehouse
              .feature(OrganizationSignIn.class)
              .start(email, callbackUri(), PageSession.client(request));
      request.getSession(true).setAttribute(PENDING, new Pending(r.state(), r.authorizationUri()));
      // The pages' policy lets a form lead to this site only (form-action 'self', redirects
      // included): the browser goes on to the provider from a page of this site, by a link.
      return "redirect:" + CONTINUE;
    } catch (AuthException e) {
      if (e.error() == ErrorCode.UNKNOWN_PROVIDER) {
        return startSaml(email, request, response, next, model);
      }
      return refused(email, e, model);
    }
  }

  /** No organisation's OpenID Connect provider answers for the domain: a SAML one, or none. */
  private String startSaml(
      String email,
      HttpServletRequest request,
      HttpServletResponse response,
      RedirectAttributes next,
      Model model) {
    try {
      Optional<URI> saml =
          SamlPageStart.available()
              ? SamlPageStart.start(gatehouse, email, request, response)
              : Optional.empty();
      if (saml.isPresent()) {
        request.getSession(true).setAttribute(PENDING, new Pending(null, saml.get()));
        return "redirect:" + CONTINUE;
      }
    } catch (AuthException e) {
      if (e.error() != ErrorCode.UNKNOWN_PROVIDER) {
        return refused(email, e, model);
      }
    }
    // No organisation signs this domain in: the password login, the address filled in.
    next.addFlashAttribute("identifier", email.strip());
    return "redirect:/login/";
  }

  private String refused(String email, AuthException e, Model model) {
    model.addAttribute("email", email);
    model.addAttribute("error", messages.of(e));
    return "gatehouse/pages/login-organization";
  }

  /** Where the browser goes on to the organisation's provider, naming the provider's host. */
  @GetMapping(CONTINUE)
  String continueAtTheProvider(HttpServletRequest request, Model model) {
    HttpSession session = request.getSession(false);
    Pending pending = session == null ? null : (Pending) session.getAttribute(PENDING);
    if (pending == null) {
      return failed(model, messages.text("social.state"));
    }
    model.addAttribute("title", messages.text("organization.sign-in.continue.title"));
    model.addAttribute(
        "text",
        messages.text("organization.sign-in.continue", pending.authorizationUri().getHost()));
    model.addAttribute("next", pending.authorizationUri().toString());
    return "gatehouse/pages/message";
  }

  @GetMapping(CALLBACK)
  String callback(
      @RequestParam Map<String, String> parameters,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    HttpSession session = request.getSession(false);
    Pending pending = session == null ? null : (Pending) session.getAttribute(PENDING);
    if (pending != null) {
      session.removeAttribute(PENDING); // one callback per sign-in, whatever it brings
    }
    String state = parameters.getOrDefault("state", "");
    if (pending == null
        || pending.state() == null
        || !SocialPages.sameState(pending.state(), state)) {
      return failed(model, messages.text("social.state"));
    }
    String code = parameters.get("code");
    if (parameters.containsKey("error") || code == null || code.isBlank()) {
      return failed(model, messages.text("social.refused"));
    }
    try {
      SignInResult outcome =
          gatehouse
              .feature(OrganizationSignIn.class)
              .complete(state, code, PageSession.client(request));
      if (SecondFactorPages.offered(outcome)) {
        return SecondFactorPages.secondStep(request, (SignInResult.SecondStepRequired) outcome);
      }
      if (!(outcome instanceof SignInResult.SignedIn signedIn)) {
        return failed(model, messages.unfinished());
      }
      pages.signIn(request, response, signedIn.tokens());
      return "redirect:/signed-in/";
    } catch (AuthException e) {
      return failed(model, messages.of(e));
    }
  }

  private String failed(Model model, String error) {
    model.addAttribute("title", messages.text("organization.sign-in.failed.title"));
    model.addAttribute("error", error);
    return "gatehouse/pages/message";
  }
}
