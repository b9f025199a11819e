package dev.gatehouse.spring.pages;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.otp.OtpService.OtpSent;
import dev.gatehouse.core.session.SignInResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in with a one-time code: {@code /otp/request/} (email or phone), then {@code /otp/verify/}
 * (the code, a resend button that waits out the cooldown). The destination waiting for its code is
 * kept in the HTTP session, not in the URL.
 */
@Controller
class OtpPages {
  private static final String PENDING = OtpPages.class.getName() + ".pending";

  /** Malformed contact codes, shown beside the field rather than above the form. */
  private static final Set<ErrorCode> CONTACT_ERRORS =
      Set.of(ErrorCode.INVALID_EMAIL, ErrorCode.INVALID_PHONE);

  /** The code on its way, and when another may be asked for. */
  record Pending(String destination, OtpChannel channel, String masked, Instant resendAt) {}

  private final Gatehouse gatehouse;
  private final PageSession pages;
  private final PageMessages messages;
  private final SocialPages social;

  OtpPages(Gatehouse gatehouse, PageSession pages, PageMessages messages, SocialPages social) {
    this.gatehouse = gatehouse;
    this.pages = pages;
    this.messages = messages;
    this.social = social;
  }

  private Instant now() {
    return gatehouse.config().clock().instant();
  }

  @GetMapping("/otp/request/")
  String requestForm(Model model) {
    model.addAttribute("channel", "email");
    model.addAttribute("contact", "");
    return "gatehouse/pages/otp-request";
  }

  @PostMapping("/otp/request/")
  String request(
      @RequestParam(defaultValue = "email") String channel,
      @RequestParam(defaultValue = "") String contact,
      HttpServletRequest request,
      Model model) {
    OtpChannel parsed = "phone".equals(channel) ? OtpChannel.SMS : OtpChannel.EMAIL;
    model.addAttribute("channel", parsed == OtpChannel.SMS ? "phone" : "email");
    model.addAttribute("contact", contact);
    if (contact.isBlank()) {
      model.addAttribute(
          "contactError",
          messages.text(parsed == OtpChannel.SMS ? "otp.phone.missing" : "otp.email.missing"));
      return "gatehouse/pages/otp-request";
    }
    try {
      send(request, contact.strip(), parsed);
      return "redirect:/otp/verify/";
    } catch (AuthException e) {
      model.addAttribute(
          CONTACT_ERRORS.contains(e.error()) ? "contactError" : "error", messages.of(e));
      return "gatehouse/pages/otp-request";
    }
  }

  private void send(HttpServletRequest request, String destination, OtpChannel channel) {
    OtpSent sent =
        gatehouse
            .otp()
            .request(
                OtpRequest.of(destination, channel, OtpPurpose.LOGIN)
                    .withClient(PageSession.client(request))
                    .withLocale(LocaleContextHolder.getLocale()));
    request
        .getSession(true)
        .setAttribute(
            PENDING,
            new Pending(
                destination, channel, sent.maskedDestination(), now().plus(sent.resendAfter())));
  }

  private static Pending pending(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? null : (Pending) session.getAttribute(PENDING);
  }

  @GetMapping("/otp/verify/")
  String verifyForm(HttpServletRequest request, Model model) {
    Pending p = pending(request);
    if (p == null) {
      return "redirect:/otp/request/";
    }
    return verifyPage(p, model);
  }

  private String verifyPage(Pending p, Model model) {
    model.addAttribute("masked", p.masked());
    model.addAttribute("codeLength", gatehouse.config().get(OtpSettings.OTP_LENGTH));
    long wait = Math.max(0, Duration.between(now(), p.resendAt()).toSeconds());
    if (now().isBefore(p.resendAt()) && wait == 0) {
      wait = 1;
    }
    model.addAttribute("resendIn", wait);
    return "gatehouse/pages/otp-verify";
  }

  @PostMapping("/otp/verify/")
  String verify(
      @RequestParam(defaultValue = "") String code,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Pending p = pending(request);
    if (p == null) {
      return "redirect:/otp/request/";
    }
    // Spaces and dashes people type or paste between groups of digits are not part of the code.
    String digits = code.replaceAll("[\\s-]", "");
    if (digits.isEmpty()) {
      model.addAttribute("codeError", messages.text("otp.code.missing"));
      return verifyPage(p, model);
    }
    try {
      SignInResult result =
          gatehouse
              .otp()
              .loginWithCode(p.destination(), p.channel(), digits, PageSession.client(request));
      if (SecondFactorPages.offered(result)) {
        // The code was right and is spent: the second step takes over.
        request.getSession().removeAttribute(PENDING);
        return SecondFactorPages.secondStep(request, (SignInResult.SecondStepRequired) result);
      }
      if (!(result instanceof SignInResult.SignedIn in)) {
        model.addAttribute("codeError", messages.unfinished());
        return verifyPage(p, model);
      }
      pages.signIn(request, response, in.tokens());
      request.getSession().removeAttribute(PENDING);
      return SocialPages.signedInPage(social.linkPending(request, in.tokens()));
    } catch (AuthException e) {
      model.addAttribute("codeError", messages.of(e));
      return verifyPage(p, model);
    }
  }

  @PostMapping("/otp/resend/")
  String resend(HttpServletRequest request, Model model) {
    Pending p = pending(request);
    if (p == null) {
      return "redirect:/otp/request/";
    }
    try {
      send(request, p.destination(), p.channel());
      model.addAttribute("notice", messages.text("otp.resent"));
      return verifyPage(pending(request), model);
    } catch (AuthException e) {
      model.addAttribute("error", messages.of(e));
      return verifyPage(p, model);
    }
  }
}
