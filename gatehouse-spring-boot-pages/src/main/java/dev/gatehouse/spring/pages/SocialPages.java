package dev.gatehouse.spring.pages;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.social.SocialService;
import dev.gatehouse.social.SocialService.SocialRedirect;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Continue with Google" and the like: one button per registered {@code SocialProvider}, none when
 * the host registers none. The button's route starts the flow at the provider; the callback route
 * finishes it and signs the browser in as a password login does.
 *
 * <p>The {@code state} the provider sends back is also kept in this browser's HTTP session and must
 * match at the callback (and is forgotten there): a callback planted in another browser, altered or
 * replayed signs nobody in. A "link required" answer keeps its link token in the session; the next
 * password login of that account in this browser links the identity ({@link #linkPending}).
 */
@Controller
class SocialPages {
  static final String CALLBACK = "/login/social/callback/";
  private static final String PENDING = SocialPages.class.getName() + ".state";
  private static final String LINK = SocialPages.class.getName() + ".link";

  /** The provider and state of the flow this browser started. */
  private record Pending(String provider, String state) {}

  private final Gatehouse gatehouse;
  private final PageSession pages;
  private final PageMessages messages;

  SocialPages(Gatehouse gatehouse, PageSession pages, PageMessages messages) {
    this.gatehouse = gatehouse;
    this.pages = pages;
    this.messages = messages;
  }

  /**
   * A sign-in button of the login and code pages.
   *
   * @param id the provider's id
   * @param label "Continue with ..." in the page's language
   */
  record Button(String id, String label) {}

  /** The buttons, in the providers' id order; empty when no provider is registered. */
  List<Button> buttons() {
    return gatehouse.feature(SocialService.class).providers().stream()
        .map(id -> new Button(id, messages.text("social.continue", displayName(id))))
        .toList();
  }

  private String displayName(String id) {
    String fallback = id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1);
    return messages.textOr("social.name." + id, fallback);
  }

  /**
   * The callback at the configured public address ({@code gatehouse.frontend-url}, whose origin
   * serves these pages), never one built from the request's {@code Host}: a client that sends
   * another Host must not choose where the provider sends the code.
   */
  private URI callbackUri() {
    return gatehouse.config().get(GatehouseConfig.FRONTEND_URL).resolve(CALLBACK);
  }

  @GetMapping("/login/social/{provider}/")
  String begin(@PathVariable String provider, HttpServletRequest request, Model model) {
    if (!gatehouse.feature(SocialService.class).providers().contains(provider)) {
      return failed(model, messages.text("social.unknown"));
    }
    SocialRedirect redirect = gatehouse.feature(SocialService.class).begin(provider, callbackUri());
    request.getSession(true).setAttribute(PENDING, new Pending(provider, redirect.state()));
    return "redirect:" + redirect.authorizationUri();
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
      session.removeAttribute(PENDING); // one callback per flow, whatever it brings
    }
    String state = parameters.getOrDefault("state", "");
    if (pending == null || !sameState(pending.state(), state)) {
      return failed(model, messages.text("social.state"));
    }
    String code = parameters.get("code");
    if (parameters.containsKey("error") || code == null || code.isBlank()) {
      return failed(model, messages.text("social.refused"));
    }
    Map<String, String> others = new java.util.HashMap<>(parameters);
    others.keySet().removeAll(List.of("state", "code"));
    try {
      SignInResult outcome =
          gatehouse
              .feature(SocialService.class)
              .complete(pending.provider(), state, code, others, PageSession.client(request));
      if (outcome instanceof SignInResult.SignedIn signedIn) {
        pages.signIn(request, response, signedIn.tokens());
        return "redirect:/signed-in/";
      }
      if (SecondFactorPages.offered(outcome)) {
        return SecondFactorPages.secondStep(request, (SignInResult.SecondStepRequired) outcome);
      }
      if (!(outcome instanceof SignInResult.LinkRequired link)) {
        return failed(model, messages.unfinished());
      }
      request.getSession(true).setAttribute(LINK, link.linkToken());
      model.addAttribute("title", messages.text("social.link.title"));
      model.addAttribute("text", messages.text("social.link", displayName(link.provider())));
      return "gatehouse/pages/message";
    } catch (AuthException e) {
      return failed(model, messages.of(e));
    }
  }

  /** Where a sign-in lands; it says so when it also linked a provider's identity. */
  static String signedInPage(boolean linked) {
    return linked ? "redirect:/signed-in/?linked" : "redirect:/signed-in/";
  }

  /** {@return whether the state a callback returned is the one kept, compared in constant time} */
  static boolean sameState(String kept, String returned) {
    return MessageDigest.isEqual(
        kept.getBytes(StandardCharsets.UTF_8), returned.getBytes(StandardCharsets.UTF_8));
  }

  private String failed(Model model, String error) {
    model.addAttribute("title", messages.text("social.failed.title"));
    model.addAttribute("error", error);
    return "gatehouse/pages/message";
  }

  /**
   * After a sign-in in this browser: links the identity of a "link required" answer kept in the
   * session, if any; the library refuses it when it was issued for another account.
   *
   * @return whether an identity was linked
   */
  boolean linkPending(HttpServletRequest request, TokenPair signedIn) {
    HttpSession session = request.getSession(false);
    String token = session == null ? null : (String) session.getAttribute(LINK);
    if (token == null) {
      return false;
    }
    session.removeAttribute(LINK);
    try {
      gatehouse
          .feature(SocialService.class)
          .linkPending(
              // The sign-in that just started this session is the recent sign-in linking needs.
              gatehouse.sessions().verifyAccessToken(signedIn.accessToken()),
              Reauthentication.recentSignIn(),
              token,
              PageSession.client(request));
      return true;
    } catch (AuthException notThisAccountOrExpired) {
      return false;
    }
  }
}
