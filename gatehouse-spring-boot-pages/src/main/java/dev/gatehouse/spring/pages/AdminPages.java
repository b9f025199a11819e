package dev.gatehouse.spring.pages;

import dev.gatehouse.admin.AdminErrors;
import dev.gatehouse.admin.AdminService;
import dev.gatehouse.admin.AdminService.UserPicture;
import dev.gatehouse.admin.AdminService.UserQuery;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserPage;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The staff's pages ({@code auth-admin}) under {@value #BASE}: find users by a prefix of their
 * email, phone or username (paged), one user's picture (account, sessions, second factors, last
 * audit entries), disable with a reason, enable, and impersonate with a reason.
 *
 * <p>Every page asks {@link AdminService} with the browser's live access token, so the permission
 * is the admin API's own: an account that is not staff gets 403 on every page and nothing changes,
 * and the admin service keeps the refusal in the audit trail. The search goes by POST, so the
 * prefix (part of someone's address) never lands in a URL, a history or an access log.
 */
@Controller
class AdminPages implements ModulePage {
  static final String BASE = "/staff";
  static final String USERS = BASE + "/users/";
  private static final String PAGE_MESSAGE = "gatehouse/pages/message";

  /** The first page without a query: the accounts created in this many days. */
  private static final Duration RECENT = Duration.ofDays(30);

  /** The changes whose notice the user's page shows after the redirect. */
  private static final Set<String> DONE = Set.of("disabled", "enabled");

  /** The prefix keys of the search form. */
  private static final Map<String, UserPage.Key> KEYS =
      Map.of(
          "email", UserPage.Key.EMAIL,
          "phone", UserPage.Key.PHONE,
          "username", UserPage.Key.USERNAME);

  private final Gatehouse gatehouse;
  private final PageSession pages;
  private final PageMessages messages;
  private final Clock clock;

  AdminPages(
      Gatehouse gatehouse, PageSession pages, PageMessages messages, ObjectProvider<Clock> clock) {
    this.gatehouse = gatehouse;
    this.pages = pages;
    this.messages = messages;
    this.clock = clock.getIfUnique(Clock::systemUTC);
  }

  private AdminService admin() {
    return gatehouse.feature(AdminService.class);
  }

  /**
   * The staff member's live token, or {@code null} when the browser's session ended (the page then
   * goes to the login).
   */
  private VerifiedAccessToken caller(HttpServletRequest request, HttpServletResponse response) {
    return pages.live(request, response);
  }

  @GetMapping(BASE + "/")
  String start() {
    return "redirect:" + USERS;
  }

  // ---- find ---------------------------------------------------------------------------------

  /** Without a query: the accounts created in the last {@link #RECENT}, newest last. */
  @GetMapping(USERS)
  String recent(HttpServletRequest request, HttpServletResponse response, Model model) {
    VerifiedAccessToken caller = caller(request, response);
    if (caller == null) {
      return "redirect:/login/";
    }
    Instant now = clock.instant();
    return found(
        request,
        response,
        model,
        caller,
        UserQuery.range(UserPage.Key.CREATED, now.minus(RECENT), now.plusSeconds(1)),
        "email",
        "");
  }

  @PostMapping(USERS)
  String find(
      @RequestParam(defaultValue = "email") String by,
      @RequestParam(defaultValue = "") String q,
      @RequestParam(defaultValue = "") String after,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    VerifiedAccessToken caller = caller(request, response);
    if (caller == null) {
      return "redirect:/login/";
    }
    UserPage.Key key = KEYS.getOrDefault(by, UserPage.Key.EMAIL);
    String prefix = q.strip();
    if (prefix.isEmpty() || prefix.length() > 254) {
      model.addAttribute("error", messages.text("admin.find.prefix"));
      Instant now = clock.instant();
      return found(
          request,
          response,
          model,
          caller,
          UserQuery.range(UserPage.Key.CREATED, now.minus(RECENT), now.plusSeconds(1)),
          by,
          q);
    }
    UserQuery query = UserQuery.prefix(key, prefix);
    UUID cursor = after.isBlank() ? null : ModulePage.idOrNull(after);
    return found(
        request,
        response,
        model,
        caller,
        cursor == null ? query : query.after(cursor.toString()),
        by,
        q);
  }

  private String found(
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      VerifiedAccessToken caller,
      UserQuery query,
      String by,
      String q) {
    try {
      AdminService.Page page = admin().find(caller, query);
      model.addAttribute("users", page.users());
      model.addAttribute("next", page.next());
      model.addAttribute("by", by.toLowerCase(Locale.ROOT));
      model.addAttribute("q", q);
      model.addAttribute("recent", !query.by().byPrefix());
      return "gatehouse/pages/admin-users";
    } catch (AuthException e) {
      return refused(response, model, e);
    }
  }

  // ---- one user -----------------------------------------------------------------------------

  @GetMapping(USERS + "{id}/")
  String picture(
      @PathVariable String id,
      @RequestParam(required = false) String done,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    VerifiedAccessToken caller = caller(request, response);
    if (caller == null) {
      return "redirect:/login/";
    }
    if (done != null && DONE.contains(done)) {
      model.addAttribute("notice", messages.text("admin.done." + done));
    }
    return picturePage(response, model, caller, id);
  }

  private String picturePage(
      HttpServletResponse response, Model model, VerifiedAccessToken caller, String id) {
    UUID user = ModulePage.idOrNull(id);
    if (user == null) {
      return refused(
          response, model, ErrorCode.USER_NOT_FOUND, messages.text("error.user_not_found"));
    }
    try {
      UserPicture picture = admin().picture(caller, user);
      model.addAttribute("picture", picture);
      model.addAttribute("user", picture.account());
      return "gatehouse/pages/admin-user";
    } catch (AuthException e) {
      return refused(response, model, e);
    }
  }

  @PostMapping(USERS + "{id}/disable")
  String disable(
      @PathVariable String id,
      @RequestParam(defaultValue = "") String reason,
      @RequestParam(defaultValue = "") String until,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    return change(
        id,
        request,
        response,
        model,
        (caller, user) ->
            admin().disable(caller, user, reason, until(until), PageSession.client(request)),
        "disabled");
  }

  /**
   * The form's end: empty for none, a {@code datetime-local} value read as UTC (as the form says),
   * or an RFC 3339 time; anything else is refused as an end the service refuses.
   */
  private static java.time.@org.jspecify.annotations.Nullable Instant until(String typed) {
    String v = typed.strip();
    if (v.isEmpty()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(v).toInstant();
    } catch (java.time.format.DateTimeParseException notZoned) {
      try {
        return java.time.LocalDateTime.parse(v).toInstant(java.time.ZoneOffset.UTC);
      } catch (java.time.format.DateTimeParseException e) {
        throw new dev.gatehouse.core.error.AuthException.RejectedInputException(
            AdminErrors.INVALID_DISABLE_END, "the end is not a time");
      }
    }
  }

  @PostMapping(USERS + "{id}/enable")
  String enable(
      @PathVariable String id,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    return change(
        id,
        request,
        response,
        model,
        (caller, user) -> admin().enable(caller, user, PageSession.client(request)),
        "enabled");
  }

  /** A change of one account by the admin service. */
  private interface Change {
    void apply(VerifiedAccessToken caller, UUID user);
  }

  private String change(
      String id,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      Change change,
      String done) {
    VerifiedAccessToken caller = caller(request, response);
    if (caller == null) {
      return "redirect:/login/";
    }
    UUID user = ModulePage.idOrNull(id);
    if (user == null) {
      return picturePage(response, model, caller, id);
    }
    try {
      change.apply(caller, user);
      return "redirect:" + USERS + user + "/?done=" + done;
    } catch (AuthException e) {
      return formError(response, model, caller, id, e);
    }
  }

  /**
   * Impersonates the user: the browser leaves the staff member's session (ended) and holds the
   * impersonation's, whose every page says so; the staff member signs in again afterwards.
   */
  @PostMapping(USERS + "{id}/impersonate")
  String impersonate(
      @PathVariable String id,
      @RequestParam(defaultValue = "") String reason,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    VerifiedAccessToken caller = caller(request, response);
    if (caller == null) {
      return "redirect:/login/";
    }
    UUID user = ModulePage.idOrNull(id);
    if (user == null) {
      return picturePage(response, model, caller, id);
    }
    TokenPair acting;
    try {
      acting = admin().impersonate(caller, user, reason, PageSession.client(request));
    } catch (AuthException e) {
      return formError(response, model, caller, id, e);
    }
    pages.endGatehouseSession(request);
    pages.signIn(request, response, acting);
    return "redirect:/signed-in/";
  }

  /**
   * A refused change: the permission's refusal as the page of any refusal, a bad reason on the
   * user's page again.
   */
  private String formError(
      HttpServletResponse response,
      Model model,
      VerifiedAccessToken caller,
      String id,
      AuthException e) {
    if (e.error().kind() == ErrorCode.Kind.FORBIDDEN
        || e.error().kind() == ErrorCode.Kind.NOT_FOUND) {
      return refused(response, model, e);
    }
    model.addAttribute("error", messages.of(e));
    return picturePage(response, model, caller, id);
  }

  /**
   * The admin service's refusal as a page with the status its code's kind has in the admin API: 403
   * for one who is not staff (or not a superuser where one is needed), 404 for an unknown account.
   */
  static String refused(
      HttpServletResponse response, Model model, AuthException e, PageMessages messages) {
    boolean forbidden = e.error().kind() == ErrorCode.Kind.FORBIDDEN;
    return refused(
        response,
        model,
        e.error(),
        forbidden ? messages.text("admin.forbidden") : messages.of(e),
        messages);
  }

  private static String refused(
      HttpServletResponse response,
      Model model,
      ErrorCode code,
      String error,
      PageMessages messages) {
    response.setStatus(code.kind().httpStatus());
    boolean forbidden = code.kind() == ErrorCode.Kind.FORBIDDEN;
    model.addAttribute("title", messages.text(forbidden ? "admin.forbidden.title" : "error.title"));
    model.addAttribute("error", error);
    return PAGE_MESSAGE;
  }

  private String refused(HttpServletResponse response, Model model, AuthException e) {
    return refused(response, model, e, messages);
  }

  private String refused(HttpServletResponse response, Model model, ErrorCode code, String error) {
    return refused(response, model, code, error, messages);
  }
}
