package dev.gatehouse.spring.pages;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.AccountSettings.LoginIdentifier;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.mfa.SecondFactorService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The password pages: log in, register, confirm the email address from the emailed link, request a
 * reset and set a new password from the reset link, change the password while signed in, log out.
 *
 * <p>The emailed links ({@code /confirm-email?token=...}, {@code /reset-password?token=...}) are
 * the only URLs that carry a token: the page keeps it in the session and redirects to the same path
 * without it, so it leaves the address bar and the history at once and never appears in a page.
 */
@Controller
class PasswordPages {
  private static final String CONFIRM_TOKEN = PasswordPages.class.getName() + ".confirm";
  private static final String RESET_TOKEN = PasswordPages.class.getName() + ".reset";
  private static final String PAGE_MESSAGE = "gatehouse/pages/message";

  /** Where another filter chain keeps the request that sent the browser to sign in. */
  private static final RequestCache SAVED_REQUESTS = new HttpSessionRequestCache();

  private final Gatehouse gatehouse;
  private final PageSession pages;
  private final PageMessages messages;
  private final SocialPages social;

  PasswordPages(Gatehouse gatehouse, PageSession pages, PageMessages messages, SocialPages social) {
    this.gatehouse = gatehouse;
    this.pages = pages;
    this.messages = messages;
    this.social = social;
  }

  @GetMapping("/signed-in/")
  String signedIn(
      @RequestParam(required = false) String linked,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    if (linked != null) {
      model.addAttribute("notice", messages.text("social.linked"));
    }
    if (pages.live(request, response) == null) {
      return "redirect:/login/";
    }
    // Signed in to accept an organisation's invitation: back to it (OrganizationPages).
    HttpSession session = request.getSession(false);
    if (session != null && session.getAttribute(PageSession.INVITATION) != null) {
      return "redirect:/organizations/invitation";
    }
    // Sent to sign in by another chain (the OpenID provider's authorization endpoint): back to it,
    // by a page that moves on by itself. A redirect would continue the login form's submission,
    // whose form-action policy ('self') forbids the provider's redirect to another site.
    SavedRequest asked = SAVED_REQUESTS.getRequest(request, response);
    if (asked != null) {
      SAVED_REQUESTS.removeRequest(request, response);
      model.addAttribute("continueTo", asked.getRedirectUrl());
    }
    return "gatehouse/pages/signed-in";
  }

  // ---- log in and out ---------------------------------------------------------------------

  private String identifierLabel() {
    GatehouseConfig config = gatehouse.config();
    LoginIdentifier id = config.get(AccountSettings.LOGIN_IDENTIFIER);
    String phone = config.get(AccountSettings.LOGIN_BY_PHONE) ? ".phone" : "";
    return messages.text("login.identifier." + id.name().toLowerCase(Locale.ROOT) + phone);
  }

  /** The longest {@code login_hint} the login form takes: an email address's 254 characters. */
  static final int LOGIN_HINT_MAX = 254;

  @GetMapping("/login/")
  String loginForm(
      @RequestParam(name = "signed-out", required = false) String signedOut,
      @RequestParam(name = "login_hint", required = false) String loginHint,
      Model model) {
    model.addAttribute("identifierLabel", identifierLabel());
    if (!model.containsAttribute("identifier")) {
      // The email-first sign-in (OrganizationSignInPages) hands over the address it was given;
      // an OpenID relying party's login_hint only fills the field in (escaped, never trusted).
      model.addAttribute("identifier", hint(loginHint));
    }
    if (signedOut != null) {
      model.addAttribute("notice", messages.text("logout.done"));
    }
    return "gatehouse/pages/login";
  }

  private static String hint(String loginHint) {
    if (loginHint == null
        || loginHint.length() > LOGIN_HINT_MAX
        || loginHint.codePoints().anyMatch(Character::isISOControl)) {
      return "";
    }
    return loginHint.strip();
  }

  @PostMapping("/login/")
  String login(
      @RequestParam(defaultValue = "") String identifier,
      @RequestParam(defaultValue = "") String password,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    try {
      SignInResult result =
          gatehouse
              .accounts()
              .login(new LoginRequest(identifier.strip(), password, PageSession.client(request)));
      if (SecondFactorPages.offered(result)) {
        return SecondFactorPages.secondStep(request, (SignInResult.SecondStepRequired) result);
      }
      if (!(result instanceof SignInResult.SignedIn in)) {
        model.addAttribute("identifierLabel", identifierLabel());
        model.addAttribute("identifier", identifier);
        model.addAttribute("error", messages.unfinished());
        return "gatehouse/pages/login";
      }
      pages.signIn(request, response, in.tokens());
      // A "Continue with ..." that asked to prove the account first links it now.
      return SocialPages.signedInPage(social.linkPending(request, in.tokens()));
    } catch (AuthException e) {
      model.addAttribute("identifierLabel", identifierLabel());
      model.addAttribute("identifier", identifier);
      model.addAttribute("error", messages.of(e));
      return "gatehouse/pages/login";
    }
  }

  /**
   * Asks a signed-in browser whether to log out: where the OpenID provider sends a logout request
   * it cannot tie to this browser's own sign-in (another user's or no {@code id_token_hint}), so
   * that a link or an image signs no one out. Only the form's POST, with its CSRF token, does.
   */
  @GetMapping("/logout/")
  String confirmLogout(HttpServletRequest request, HttpServletResponse response) {
    if (pages.signedIn(request, response).isEmpty()) {
      return "redirect:/login/?signed-out";
    }
    return "gatehouse/pages/logout";
  }

  @PostMapping("/logout/")
  String logout(HttpServletRequest request, HttpServletResponse response) {
    pages.signOut(request, response);
    return "redirect:/login/?signed-out";
  }

  // ---- registration and confirmation ------------------------------------------------------

  private boolean usernameRequired() {
    return gatehouse.config().get(AccountSettings.LOGIN_IDENTIFIER) == LoginIdentifier.USERNAME;
  }

  private boolean termsRequired() {
    return gatehouse.config().get(AccountSettings.TERMS_REQUIRED);
  }

  private String registerPage(Model model, String email, String username) {
    model.addAttribute("email", email);
    model.addAttribute("username", username);
    model.addAttribute("usernameRequired", usernameRequired());
    model.addAttribute("termsRequired", termsRequired());
    model.addAttribute("minLength", gatehouse.config().get(PasswordSettings.PASSWORD_MIN_LENGTH));
    return "gatehouse/pages/register";
  }

  @GetMapping("/register/")
  String registerForm(Model model) {
    return registerPage(model, "", "");
  }

  @PostMapping("/register/")
  String register(
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String username,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "false") boolean terms,
      HttpServletRequest request,
      Model model) {
    try {
      gatehouse
          .accounts()
          .register(
              RegistrationRequest.builder()
                  .email(email.strip())
                  .username(username.isBlank() ? null : username.strip())
                  .password(password)
                  .termsAccepted(terms)
                  .language(LocaleContextHolder.getLocale().toLanguageTag())
                  .build(),
              PageSession.client(request));
      return message(model, "register.done.title", "register.done");
    } catch (AuthException e) {
      model.addAttribute("error", messages.of(e));
      return registerPage(model, email, username);
    }
  }

  private String message(Model model, String titleKey, String textKey) {
    model.addAttribute("title", messages.text(titleKey));
    model.addAttribute("text", messages.text(textKey));
    return PAGE_MESSAGE;
  }

  private static String linkToken(HttpServletRequest request, String attribute) {
    HttpSession session = request.getSession(false);
    return session == null ? null : (String) session.getAttribute(attribute);
  }

  /** The emailed link: keeps its token in the session and drops it from the URL. */
  @GetMapping(path = "/confirm-email", params = "token")
  String confirmLink(@RequestParam String token, HttpServletRequest request) {
    request.getSession(true).setAttribute(CONFIRM_TOKEN, token);
    return "redirect:/confirm-email";
  }

  /**
   * A button, not a confirmation on GET: mail scanners that fetch every link must not use it up.
   */
  @GetMapping("/confirm-email")
  String confirmForm(HttpServletRequest request, Model model) {
    if (linkToken(request, CONFIRM_TOKEN) == null) {
      return message(model, "link.dead.title", "link.dead");
    }
    return "gatehouse/pages/confirm";
  }

  @PostMapping("/confirm-email")
  String confirm(HttpServletRequest request, Model model) {
    String token = linkToken(request, CONFIRM_TOKEN);
    if (token == null) {
      return message(model, "link.dead.title", "link.dead");
    }
    request.getSession().removeAttribute(CONFIRM_TOKEN);
    try {
      gatehouse.accounts().confirmEmail(token);
      return message(model, "confirm.done.title", "confirm.done");
    } catch (AuthException e) {
      return e.error() == ErrorCode.INVALID_LINK
          ? message(model, "link.dead.title", "link.dead")
          : errorMessage(model, e);
    }
  }

  private String errorMessage(Model model, AuthException e) {
    model.addAttribute("title", messages.text("error.title"));
    model.addAttribute("error", messages.of(e));
    return PAGE_MESSAGE;
  }

  // ---- password reset ---------------------------------------------------------------------

  @GetMapping("/reset/")
  String resetRequestForm(Model model) {
    model.addAttribute("email", "");
    return "gatehouse/pages/reset-request";
  }

  @PostMapping("/reset/")
  String resetRequest(
      @RequestParam(defaultValue = "") String email, HttpServletRequest request, Model model) {
    try {
      gatehouse.accounts().requestPasswordReset(email.strip(), PageSession.client(request));
      return message(model, "reset.sent.title", "reset.sent");
    } catch (AuthException e) {
      model.addAttribute("email", email);
      model.addAttribute("emailError", messages.of(e));
      return "gatehouse/pages/reset-request";
    }
  }

  @GetMapping(path = "/reset-password", params = "token")
  String resetLink(@RequestParam String token, HttpServletRequest request) {
    request.getSession(true).setAttribute(RESET_TOKEN, token);
    return "redirect:/reset-password";
  }

  @GetMapping("/reset-password")
  String resetForm(HttpServletRequest request, Model model) {
    if (linkToken(request, RESET_TOKEN) == null) {
      return message(model, "link.dead.title", "link.dead");
    }
    model.addAttribute("minLength", gatehouse.config().get(PasswordSettings.PASSWORD_MIN_LENGTH));
    return "gatehouse/pages/reset-password";
  }

  @PostMapping("/reset-password")
  String reset(
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String repeat,
      HttpServletRequest request,
      Model model) {
    String token = linkToken(request, RESET_TOKEN);
    if (token == null) {
      return message(model, "link.dead.title", "link.dead");
    }
    model.addAttribute("minLength", gatehouse.config().get(PasswordSettings.PASSWORD_MIN_LENGTH));
    if (!password.equals(repeat)) {
      model.addAttribute("error", messages.text("password.mismatch"));
      return "gatehouse/pages/reset-password";
    }
    try {
      gatehouse.accounts().confirmPasswordReset(token, password);
      request.getSession().removeAttribute(RESET_TOKEN);
      return message(model, "reset.done.title", "reset.done");
    } catch (AuthException e) {
      if (e.error() == ErrorCode.INVALID_LINK) {
        request.getSession().removeAttribute(RESET_TOKEN);
        return message(model, "link.dead.title", "link.dead");
      }
      model.addAttribute("error", messages.of(e));
      return "gatehouse/pages/reset-password";
    }
  }

  // ---- change password --------------------------------------------------------------------

  @GetMapping("/account/password/")
  String changeForm(HttpServletRequest request, HttpServletResponse response, Model model) {
    VerifiedAccessToken caller = pages.live(request, response);
    if (caller == null) {
      return "redirect:/login/";
    }
    return changePage(caller, model);
  }

  /** The form; an account with an authenticator app may confirm with its code instead. */
  private String changePage(VerifiedAccessToken caller, Model model) {
    model.addAttribute("minLength", gatehouse.config().get(PasswordSettings.PASSWORD_MIN_LENGTH));
    model.addAttribute(
        "totpOffered",
        gatehouse.feature(SecondFactorService.class).status(caller.userPublicId()).totpEnabled());
    return "gatehouse/pages/change-password";
  }

  @PostMapping("/account/password/")
  String change(
      @RequestParam(name = "current", defaultValue = "") String current,
      @RequestParam(name = "password", defaultValue = "") String next,
      @RequestParam(defaultValue = "") String repeat,
      @RequestParam(defaultValue = "") String totp,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    VerifiedAccessToken caller = pages.live(request, response);
    if (caller == null) {
      return "redirect:/login/";
    }
    if (!next.equals(repeat)) {
      model.addAttribute("error", messages.text("password.mismatch"));
      return changePage(caller, model);
    }
    // The current password, or else the authenticator app's code (step-up with the second factor).
    String appCode = totp.replaceAll("[\\s-]", "");
    Reauthentication proof =
        current.isEmpty() && !appCode.isEmpty()
            ? Reauthentication.totp(appCode)
            : Reauthentication.password(current);
    try {
      gatehouse.accounts().changePassword(caller, proof, next, PageSession.client(request));
    } catch (AuthException e) {
      model.addAttribute(
          "error",
          e.error().equals(ErrorCode.INVALID_CREDENTIALS)
              ? messages.text("change.current.wrong")
              : e.error().equals(ErrorCode.INVALID_CODE)
                  ? messages.text("mfa.code.wrong")
                  : messages.of(e));
      return changePage(caller, model);
    }
    // Every session of the account ends with the change, this browser's too.
    pages.clear(request, response);
    return message(model, "change.done.title", "change.done");
  }
}
