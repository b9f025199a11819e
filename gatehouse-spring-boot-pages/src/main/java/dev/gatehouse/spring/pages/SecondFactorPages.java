package dev.gatehouse.spring.pages;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.mfa.SecondFactorErrors;
import dev.gatehouse.mfa.SecondFactorService;
import dev.gatehouse.mfa.SecondFactorService.RecoveryCodes;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorLogin;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorProof;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorStatus;
import dev.gatehouse.mfa.SecondFactorService.TotpEnrolment;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second factor in the pages: the login's second step ({@code /login/mfa/}, an authenticator
 * code or a recovery code) and the security settings ({@code /account/security/}: set up an
 * authenticator app from its QR code, see the recovery codes once, make new ones, turn the app
 * off).
 *
 * <p>Nothing secret travels in a URL or lands in a readable cookie: the login's challenge, the
 * enrolment (seed and QR code) and a new set of recovery codes wait in the server-side HTTP
 * session. The QR code is an image on a same-origin route, so the pages' content security policy
 * stays as it is; new recovery codes are taken out of the session by the one page view that shows
 * them.
 *
 * <p>The settings' actions need recent authentication: the session's own recent sign-in, else the
 * password or, for an account with an app, one of its codes, asked for on a page of its own and
 * posted back to the same action.
 */
@Controller
class SecondFactorPages {
  static final String SECOND_STEP = "/login/mfa/";
  private static final String CHALLENGE = SecondFactorPages.class.getName() + ".challenge";
  private static final String ENROLMENT = SecondFactorPages.class.getName() + ".enrolment";
  private static final String NEW_CODES = SecondFactorPages.class.getName() + ".codes";
  private static final String REAUTH_METHODS = SecondFactorPages.class.getName() + ".reauth";
  private static final String METHOD_RECOVERY = "recovery";
  private static final String SECURITY = "/account/security/";
  private static final String REDIRECT_LOGIN = "redirect:/login/";
  private static final String REDIRECT_SECURITY = "redirect:" + SECURITY;
  private static final String PAGE_SECOND_STEP = "gatehouse/pages/mfa-login";
  private static final String PAGE_ENROL = "gatehouse/pages/mfa-enrol";

  /** Refusals of the proof itself, answered on the page that asks for it again. */
  private static final Set<ErrorCode> PROOF_ERRORS =
      Set.of(
          ErrorCode.INVALID_CREDENTIALS,
          ErrorCode.INVALID_CODE,
          SecondFactorErrors.CODE_USED,
          ErrorCode.RATE_LIMITED,
          ErrorCode.ACCOUNT_LOCKED);

  private final Gatehouse gatehouse;
  private final PageSession pages;
  private final PageMessages messages;
  private final SocialPages social;

  SecondFactorPages(
      Gatehouse gatehouse, PageSession pages, PageMessages messages, SocialPages social) {
    this.gatehouse = gatehouse;
    this.pages = pages;
    this.messages = messages;
    this.social = social;
  }

  /**
   * A first factor answered {@code mfa_required}: keeps the challenge in this browser's session
   * (replacing an earlier one) and sends the browser to the second step.
   *
   * @return the redirect to the second step
   */
  static String secondStep(HttpServletRequest request, SignInResult.SecondStepRequired step) {
    request.getSession(true).setAttribute(CHALLENGE, step.challenge());
    return "redirect:" + SECOND_STEP;
  }

  /**
   * {@return whether the pages can continue this second step: a second factor, not an enrolment the
   * account owes (which these pages do not offer)}
   *
   * @param result a first factor's answer
   */
  static boolean offered(SignInResult result) {
    return result instanceof SignInResult.SecondStepRequired step
        && !step.challenge().enrolmentOnly();
  }

  /** Spaces and dashes people type between groups of digits are not part of an app's code. */
  private static String digits(String typed) {
    return typed.replaceAll("[\\s-]", "");
  }

  private static Object attribute(HttpServletRequest request, String name) {
    HttpSession session = request.getSession(false);
    return session == null ? null : session.getAttribute(name);
  }

  private static void forget(HttpServletRequest request, String name) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(name);
    }
  }

  // ---- the login's second step --------------------------------------------------------------

  private boolean expired(SecondFactorChallenge c) {
    return !gatehouse.config().clock().instant().isBefore(c.expiresAt());
  }

  private String expiredPage(HttpServletRequest request, Model model) {
    forget(request, CHALLENGE);
    model.addAttribute("title", messages.text("mfa.expired.title"));
    model.addAttribute("text", messages.text("mfa.expired"));
    return "gatehouse/pages/message";
  }

  private String secondStepPage(SecondFactorChallenge c, boolean recovery, Model model) {
    model.addAttribute(
        "rememberDays", gatehouse.config().get(SecondFactorSettings.MFA_REMEMBER_DEVICE).toDays());
    boolean totp = c.methods().contains(SecondFactorChallenge.METHOD_TOTP);
    boolean recoveryOffered = c.methods().contains(SecondFactorChallenge.METHOD_RECOVERY_CODE);
    model.addAttribute("recovery", recoveryOffered && (recovery || !totp));
    model.addAttribute("recoveryOffered", recoveryOffered);
    model.addAttribute("totpOffered", totp);
    return PAGE_SECOND_STEP;
  }

  @GetMapping(SECOND_STEP)
  String secondStepForm(
      @RequestParam(defaultValue = "") String method, HttpServletRequest request, Model model) {
    SecondFactorChallenge c = (SecondFactorChallenge) attribute(request, CHALLENGE);
    if (c == null) {
      return REDIRECT_LOGIN;
    }
    if (expired(c)) {
      return expiredPage(request, model);
    }
    return secondStepPage(c, METHOD_RECOVERY.equals(method), model);
  }

  @PostMapping(SECOND_STEP)
  String completeLogin(
      @RequestParam(defaultValue = "") String method,
      @RequestParam(defaultValue = "") String code,
      @RequestParam(defaultValue = "false") boolean remember,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    SecondFactorChallenge c = (SecondFactorChallenge) attribute(request, CHALLENGE);
    if (c == null) {
      return REDIRECT_LOGIN;
    }
    if (expired(c)) {
      return expiredPage(request, model);
    }
    boolean recovery = METHOD_RECOVERY.equals(method);
    String typed = recovery ? code.strip() : digits(code);
    if (typed.isEmpty()) {
      model.addAttribute(
          "codeError", messages.text(recovery ? "mfa.recovery.missing" : "mfa.code.missing"));
      return secondStepPage(c, recovery, model);
    }
    SecondFactorProof proof =
        recovery ? SecondFactorProof.recoveryCode(typed) : SecondFactorProof.totp(typed);
    SecondFactorLogin login;
    try {
      login =
          gatehouse
              .feature(SecondFactorService.class)
              .completeLogin(c.token(), proof, PageSession.client(request), remember);
    } catch (AuthException e) {
      if (e.error() == ErrorCode.INVALID_CHALLENGE) {
        return expiredPage(request, model);
      }
      model.addAttribute("codeError", secondFactorError(e, recovery));
      return secondStepPage(c, recovery, model);
    }
    forget(request, CHALLENGE);
    if (login.rememberedDevice() != null) {
      PageSession.rememberDevice(
          response,
          login.rememberedDevice(),
          Duration.between(gatehouse.config().clock().instant(), login.rememberedUntil()));
    }
    pages.signIn(request, response, login.tokens());
    return SocialPages.signedInPage(social.linkPending(request, login.tokens()));
  }

  private String secondFactorError(AuthException e, boolean recovery) {
    if (e.error() == ErrorCode.INVALID_CODE) {
      return messages.text(recovery ? "mfa.recovery.wrong" : "mfa.code.wrong");
    }
    return messages.of(e);
  }

  // ---- security settings --------------------------------------------------------------------

  @GetMapping(SECURITY)
  String security(
      @RequestParam(required = false) String removed,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    VerifiedAccessToken caller = pages.live(request, response);
    if (caller == null) {
      return REDIRECT_LOGIN;
    }
    if (removed != null) {
      model.addAttribute("notice", messages.text("security.totp.removed"));
    }
    return securityPage(caller, model);
  }

  private String securityPage(VerifiedAccessToken caller, Model model) {
    SecondFactorStatus status =
        gatehouse.feature(SecondFactorService.class).status(caller.userPublicId());
    model.addAttribute("totpEnabled", status.totpEnabled());
    model.addAttribute("recoveryCodesLeft", status.recoveryCodesLeft());
    return "gatehouse/pages/security";
  }

  /**
   * Runs a settings action that needs recent authentication: with the proof posted (an app code, or
   * the password), else with the session's recent sign-in; when that is not enough, answers the
   * page that asks for a proof and posts it back to {@code path}.
   */
  private String guarded(
      String path,
      String password,
      String totp,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      Function<Step, String> action) {
    VerifiedAccessToken caller = pages.live(request, response);
    if (caller == null) {
      return REDIRECT_LOGIN;
    }
    Reauthentication proof;
    if (!digits(totp).isEmpty()) {
      proof = Reauthentication.totp(digits(totp));
    } else if (!password.isEmpty()) {
      proof = Reauthentication.password(password);
    } else {
      proof = Reauthentication.recentSignIn();
    }
    try {
      String next = action.apply(new Step(caller, proof));
      forget(request, REAUTH_METHODS);
      return next;
    } catch (ReauthenticationRequiredException e) {
      request.getSession().setAttribute(REAUTH_METHODS, List.copyOf(e.methods()));
      if (proof.kind() != Reauthentication.Kind.RECENT_SIGN_IN) {
        model.addAttribute("error", messages.text("reauth.not-accepted"));
      }
      return reauthPage(path, e.methods(), model);
    } catch (AuthException e) {
      if (proof.kind() == Reauthentication.Kind.RECENT_SIGN_IN
          || !PROOF_ERRORS.contains(e.error())) {
        // Not about the proof (the app was removed meanwhile, say): the settings say what is.
        model.addAttribute("error", messages.of(e));
        return securityPage(caller, model);
      }
      model.addAttribute(
          "error",
          e.error() == ErrorCode.INVALID_CREDENTIALS
              ? messages.text("change.current.wrong")
              : secondFactorError(e, false));
      return reauthPage(path, reauthMethods(request, caller), model);
    }
  }

  /** The proofs the last refusal named; without one, what the account has. */
  @SuppressWarnings("unchecked")
  private List<String> reauthMethods(HttpServletRequest request, VerifiedAccessToken caller) {
    Object kept = attribute(request, REAUTH_METHODS);
    if (kept instanceof List<?> list) {
      return (List<String>) list;
    }
    List<String> methods =
        new ArrayList<>(List.of(ReauthenticationRequiredException.METHOD_PASSWORD));
    if (gatehouse.feature(SecondFactorService.class).status(caller.userPublicId()).totpEnabled()) {
      methods.add(ReauthenticationRequiredException.METHOD_TOTP);
    }
    return methods;
  }

  private static String reauthPage(String path, List<String> methods, Model model) {
    model.addAttribute("action", path);
    model.addAttribute(
        "passwordOffered", methods.contains(ReauthenticationRequiredException.METHOD_PASSWORD));
    model.addAttribute(
        "totpOffered", methods.contains(ReauthenticationRequiredException.METHOD_TOTP));
    return "gatehouse/pages/reauth";
  }

  /** The signed-in caller and the proof of presence an action runs with. */
  private record Step(VerifiedAccessToken caller, Reauthentication proof) {}

  @PostMapping(SECURITY + "totp/")
  String beginEnrolment(
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String totp,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    return guarded(
        SECURITY + "totp/",
        password,
        totp,
        request,
        response,
        model,
        step -> {
          TotpEnrolment enrolment =
              gatehouse
                  .feature(SecondFactorService.class)
                  .beginTotpEnrolment(step.caller(), step.proof(), PageSession.client(request));
          request.getSession().setAttribute(ENROLMENT, enrolment);
          return REDIRECT_SECURITY + "totp/";
        });
  }

  @GetMapping(SECURITY + "totp/")
  String enrolForm(HttpServletRequest request, HttpServletResponse response, Model model) {
    if (pages.live(request, response) == null) {
      return REDIRECT_LOGIN;
    }
    TotpEnrolment enrolment = (TotpEnrolment) attribute(request, ENROLMENT);
    if (enrolment == null) {
      return REDIRECT_SECURITY;
    }
    return enrolPage(enrolment, model);
  }

  private static String enrolPage(TotpEnrolment enrolment, Model model) {
    // Groups of four, as apps show and people type them.
    model.addAttribute("secret", enrolment.secret().replaceAll("(.{4})(?!$)", "$1 "));
    return PAGE_ENROL;
  }

  /** The QR code of the enrolment under way, for the enrolment page's image only. */
  @GetMapping(SECURITY + "totp/qr.png")
  ResponseEntity<byte[]> qrCode(HttpServletRequest request, HttpServletResponse response) {
    TotpEnrolment enrolment = (TotpEnrolment) attribute(request, ENROLMENT);
    if (pages.live(request, response) == null || enrolment == null) {
      return ResponseEntity.notFound().build();
    }
    byte[] png = enrolment.qrPng();
    if (png == null) {
      // The starter installs auth-mfa; a host that left it out shows the secret to type in.
      return ResponseEntity.notFound().build();
    }
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.IMAGE_PNG)
        .body(png);
  }

  @PostMapping(SECURITY + "totp/confirm/")
  String confirmEnrolment(
      @RequestParam(defaultValue = "") String code,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    VerifiedAccessToken caller = pages.live(request, response);
    if (caller == null) {
      return REDIRECT_LOGIN;
    }
    TotpEnrolment enrolment = (TotpEnrolment) attribute(request, ENROLMENT);
    if (enrolment == null) {
      return REDIRECT_SECURITY;
    }
    String typed = digits(code);
    if (typed.isEmpty()) {
      model.addAttribute("codeError", messages.text("mfa.code.missing"));
      return enrolPage(enrolment, model);
    }
    RecoveryCodes codes;
    try {
      codes =
          gatehouse
              .feature(SecondFactorService.class)
              .confirmTotpEnrolment(caller, typed, PageSession.client(request));
    } catch (AuthException e) {
      if (e.error() == SecondFactorErrors.TOTP_NOT_PENDING) {
        forget(request, ENROLMENT);
        return REDIRECT_SECURITY;
      }
      model.addAttribute("codeError", secondFactorError(e, false));
      return enrolPage(enrolment, model);
    }
    forget(request, ENROLMENT);
    return showOnce(request, codes, "security.totp.enabled");
  }

  /** Keeps new recovery codes for the one page view that shows them. */
  private static String showOnce(HttpServletRequest request, RecoveryCodes codes, String notice) {
    request.getSession().setAttribute(NEW_CODES, new NewCodes(codes, notice));
    return REDIRECT_SECURITY + "recovery-codes/";
  }

  /** New recovery codes waiting to be shown, and what the page says above them. */
  private record NewCodes(RecoveryCodes codes, String notice) {}

  @GetMapping(SECURITY + "recovery-codes/")
  String showCodes(HttpServletRequest request, HttpServletResponse response, Model model) {
    if (pages.live(request, response) == null) {
      return REDIRECT_LOGIN;
    }
    NewCodes shown = (NewCodes) attribute(request, NEW_CODES);
    if (shown == null) {
      return REDIRECT_SECURITY;
    }
    forget(request, NEW_CODES);
    model.addAttribute("codes", shown.codes().codes());
    model.addAttribute("notice", messages.text(shown.notice()));
    return "gatehouse/pages/recovery-codes";
  }

  @PostMapping(SECURITY + "recovery-codes/")
  String regenerateCodes(
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String totp,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    return guarded(
        SECURITY + "recovery-codes/",
        password,
        totp,
        request,
        response,
        model,
        step ->
            showOnce(
                request,
                gatehouse
                    .feature(SecondFactorService.class)
                    .regenerateRecoveryCodes(
                        step.caller(), step.proof(), PageSession.client(request)),
                "security.codes.regenerated"));
  }

  @PostMapping(SECURITY + "totp/remove/")
  String removeTotp(
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String totp,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    return guarded(
        SECURITY + "totp/remove/",
        password,
        totp,
        request,
        response,
        model,
        step -> {
          gatehouse
              .feature(SecondFactorService.class)
              .removeTotp(step.caller(), step.proof(), PageSession.client(request));
          forget(request, ENROLMENT);
          return REDIRECT_SECURITY + "?removed";
        });
  }
}
