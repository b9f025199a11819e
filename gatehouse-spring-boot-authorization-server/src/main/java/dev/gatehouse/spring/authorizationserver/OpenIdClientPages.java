package dev.gatehouse.spring.authorizationserver;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.authorizationserver.OpenIdClientAdmin.ClientDraft;
import dev.gatehouse.spring.pages.BrowserSession;
import dev.gatehouse.spring.pages.ModulePage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The provider's clients in the pages' staff area ({@value #CLIENTS}): the list, a client's page,
 * registering, changing, a new secret (shown once, on the answer's page, never in a URL) and
 * removing. Every page asks {@link OpenIdClientAdmin} with the browser's live access token, so the
 * permission is the staff routes' own: an account that is not staff gets 403 and nothing changes.
 * Served in the pages' filter chain (its session and CSRF check), which covers {@code /staff/**}
 * when the pages serve their staff area ({@code auth-admin} on the class path).
 */
@Controller
class OpenIdClientPages implements ModulePage {
  static final String CLIENTS = "/staff/openid-clients/";
  private static final String LIST = "gatehouse/pages/admin-openid-clients";
  private static final String ONE = "gatehouse/pages/admin-openid-client";
  private static final Set<String> DONE = Set.of("changed", "removed");

  private final Gatehouse gatehouse;
  private final BrowserSession browser;
  private final MessageSource messages;

  OpenIdClientPages(Gatehouse gatehouse, BrowserSession browser, MessageSource messages) {
    this.gatehouse = gatehouse;
    this.browser = browser;
    this.messages = messages;
  }

  private OpenIdClientAdmin admin() {
    return gatehouse.feature(OpenIdClientAdmin.class);
  }

  private String text(String key) {
    return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
  }

  /** The staff member's live token, or empty when the browser's session ended. */
  private Optional<VerifiedAccessToken> caller(
      HttpServletRequest request, HttpServletResponse response) {
    return browser.signedIn(request, response);
  }

  @GetMapping(CLIENTS)
  String list(
      @RequestParam(required = false) String done,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Optional<VerifiedAccessToken> caller = caller(request, response);
    if (caller.isEmpty()) {
      return "redirect:/login/";
    }
    if (done != null && DONE.contains(done)) {
      model.addAttribute("notice", text("admin.clients.done." + done));
    }
    return listPage(response, model, caller.get());
  }

  private String listPage(HttpServletResponse response, Model model, VerifiedAccessToken caller) {
    try {
      model.addAttribute("clients", admin().list(caller));
      model.addAttribute(
          "kinds", Arrays.stream(OpenIdClient.Kind.values()).map(Enum::name).toList());
      return LIST;
    } catch (AuthException e) {
      return refused(response, model, e);
    }
  }

  @PostMapping(CLIENTS)
  String register(
      @RequestParam(name = "client_id", defaultValue = "") String clientId,
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String kind,
      @RequestParam(name = "first_party", defaultValue = "false") boolean firstParty,
      @RequestParam(name = "redirect_uris", defaultValue = "") String redirectUris,
      @RequestParam(name = "logout_uris", defaultValue = "") String logoutUris,
      @RequestParam(defaultValue = "") String scopes,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Optional<VerifiedAccessToken> caller = caller(request, response);
    if (caller.isEmpty()) {
      return "redirect:/login/";
    }
    try {
      OpenIdClients.Registered registered =
          admin()
              .register(
                  caller.get(),
                  new ClientDraft(
                      clientId.strip(),
                      name.strip(),
                      kind,
                      firstParty,
                      words(redirectUris),
                      words(logoutUris),
                      words(scopes)),
                  client(request));
      model.addAttribute("notice", text("admin.clients.done.registered"));
      return clientPage(
          response, model, caller.get(), registered.client().clientId(), registered.secret());
    } catch (AuthException e) {
      if (!input(e)) {
        return refused(response, model, e);
      }
      model.addAttribute("error", e.getMessage());
      model.addAttribute("draftId", clientId);
      model.addAttribute("draftName", name);
      return listPage(response, model, caller.get());
    }
  }

  @GetMapping(CLIENTS + "{id}/")
  String one(
      @PathVariable String id,
      @RequestParam(required = false) String done,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Optional<VerifiedAccessToken> caller = caller(request, response);
    if (caller.isEmpty()) {
      return "redirect:/login/";
    }
    if (done != null && DONE.contains(done)) {
      model.addAttribute("notice", text("admin.clients.done." + done));
    }
    return clientPage(response, model, caller.get(), id, null);
  }

  private String clientPage(
      HttpServletResponse response,
      Model model,
      VerifiedAccessToken caller,
      String id,
      @Nullable String secret) {
    try {
      OpenIdClient client =
          admin().list(caller).stream()
              .filter(c -> c.clientId().equals(id))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AuthException.NotFoundException(
                          OpenIdProviderErrors.OPENID_CLIENT_NOT_FOUND));
      model.addAttribute("client", client);
      model.addAttribute("scopes", String.join(" ", client.scopes().stream().sorted().toList()));
      model.addAttribute("secret", secret);
      return ONE;
    } catch (AuthException e) {
      return refused(response, model, e);
    }
  }

  @PostMapping(CLIENTS + "{id}/")
  String change(
      @PathVariable String id,
      @RequestParam(defaultValue = "") String name,
      @RequestParam(name = "first_party", defaultValue = "false") boolean firstParty,
      @RequestParam(name = "redirect_uris", defaultValue = "") String redirectUris,
      @RequestParam(name = "logout_uris", defaultValue = "") String logoutUris,
      @RequestParam(defaultValue = "") String scopes,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Optional<VerifiedAccessToken> caller = caller(request, response);
    if (caller.isEmpty()) {
      return "redirect:/login/";
    }
    try {
      admin()
          .change(
              caller.get(),
              id,
              new ClientDraft(
                  null,
                  name.strip(),
                  null,
                  firstParty,
                  words(redirectUris),
                  words(logoutUris),
                  words(scopes)),
              client(request));
      return "redirect:" + CLIENTS + id + "/?done=changed";
    } catch (AuthException e) {
      return formError(response, model, caller.get(), id, e);
    }
  }

  @PostMapping(CLIENTS + "{id}/secret")
  String newSecret(
      @PathVariable String id,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Optional<VerifiedAccessToken> caller = caller(request, response);
    if (caller.isEmpty()) {
      return "redirect:/login/";
    }
    try {
      String secret = admin().newSecret(caller.get(), id, client(request));
      model.addAttribute("notice", text("admin.clients.done.secret"));
      return clientPage(response, model, caller.get(), id, secret);
    } catch (AuthException e) {
      return formError(response, model, caller.get(), id, e);
    }
  }

  @PostMapping(CLIENTS + "{id}/remove")
  String remove(
      @PathVariable String id,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Optional<VerifiedAccessToken> caller = caller(request, response);
    if (caller.isEmpty()) {
      return "redirect:/login/";
    }
    try {
      admin().remove(caller.get(), id, client(request));
      return "redirect:" + CLIENTS + "?done=removed";
    } catch (AuthException e) {
      return refused(response, model, e);
    }
  }

  /** A form's list: one value a line or separated by spaces, blanks dropped. */
  private static List<String> words(String typed) {
    return Arrays.stream(typed.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  private static ClientInfo client(HttpServletRequest request) {
    return new ClientInfo(
        SessionService.CLIENT_WEB, request.getRemoteAddr(), request.getHeader("User-Agent"), null);
  }

  private static boolean input(AuthException e) {
    return e.error().kind() == ErrorCode.Kind.REJECTED_INPUT
        || e.error().kind() == ErrorCode.Kind.CONFLICT;
  }

  /** A refused change: the permission's refusal as its page, bad input on the client's page. */
  private String formError(
      HttpServletResponse response,
      Model model,
      VerifiedAccessToken caller,
      String id,
      AuthException e) {
    if (!input(e)) {
      return refused(response, model, e);
    }
    model.addAttribute("error", e.getMessage());
    return clientPage(response, model, caller, id, null);
  }

  /** The service's refusal as the pages' message page, with its code's status: 403, 404. */
  private String refused(HttpServletResponse response, Model model, AuthException e) {
    response.setStatus(e.error().kind().httpStatus());
    boolean forbidden = e.error().kind() == ErrorCode.Kind.FORBIDDEN;
    model.addAttribute("title", text(forbidden ? "admin.forbidden.title" : "error.title"));
    model.addAttribute(
        "error",
        forbidden
            ? text("admin.forbidden")
            : messages.getMessage(
                "error." + e.error().code().toLowerCase(Locale.ROOT),
                null,
                e.getMessage(),
                LocaleContextHolder.getLocale()));
    return "gatehouse/pages/message";
  }
}
