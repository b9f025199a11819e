package dev.gatehouse.spring.pages;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SignedInCaller;
import dev.gatehouse.organizations.Membership;
import dev.gatehouse.organizations.Organization;
import dev.gatehouse.organizations.OrganizationService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The organisations' pages ({@code auth-organizations}): the invitation's link, which signs the
 * invitee in or up and accepts, and the page that switches the session's active organisation.
 *
 * <p>The link ({@code /organizations/invitation?token=...}, the default of {@code
 * gatehouse.links.organization-invitation}) keeps its token in the session and drops it from the
 * URL, as the reset link does; nothing is accepted on GET (a mail scanner must not use it up). A
 * signed-in account accepts with a button: the library accepts only for the account whose verified
 * address was invited, once. A browser that is not signed in creates the invited account with a
 * button, or signs in first and comes back to the invitation ({@link PageSession#INVITATION}).
 */
@Controller
class OrganizationPages implements ModulePage {
  static final String INVITATION = "/organizations/invitation";
  static final String SWITCH = "/account/organizations/";
  private static final String PAGE_MESSAGE = "gatehouse/pages/message";

  private final Gatehouse gatehouse;
  private final PageSession pages;
  private final PageMessages messages;

  OrganizationPages(Gatehouse gatehouse, PageSession pages, PageMessages messages) {
    this.gatehouse = gatehouse;
    this.pages = pages;
    this.messages = messages;
  }

  private OrganizationService orgs() {
    return gatehouse.feature(OrganizationService.class);
  }

  // ---- the invitation -----------------------------------------------------------------------

  /** The emailed link: keeps its token in the session and drops it from the URL. */
  @GetMapping(path = INVITATION, params = "token")
  String invitationLink(@RequestParam String token, HttpServletRequest request) {
    request.getSession(true).setAttribute(PageSession.INVITATION, token);
    return "redirect:" + INVITATION;
  }

  private static String invitationToken(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? null : (String) session.getAttribute(PageSession.INVITATION);
  }

  private static void forgetInvitation(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(PageSession.INVITATION);
    }
  }

  @GetMapping(INVITATION)
  String invitation(HttpServletRequest request, HttpServletResponse response, Model model) {
    if (invitationToken(request) == null) {
      return deadInvitation(model);
    }
    model.addAttribute("signedIn", pages.live(request, response) != null);
    return "gatehouse/pages/invitation";
  }

  @PostMapping(INVITATION + "/accept")
  String accept(HttpServletRequest request, HttpServletResponse response, Model model) {
    String token = invitationToken(request);
    if (token == null) {
      return deadInvitation(model);
    }
    VerifiedAccessToken caller = pages.live(request, response);
    if (caller == null) {
      return "redirect:/login/";
    }
    if (SignedInCaller.of(caller).acting()) {
      // An impersonation may look, not change: a membership is the account's own (issue 73).
      return errorMessage(model, messages.text("error." + ErrorCode.IMPERSONATION_REFUSED.code()));
    }
    try {
      Membership joined = orgs().accept(caller.userPublicId(), token);
      forgetInvitation(request);
      return joined(model, caller.userPublicId(), joined);
    } catch (AuthException e) {
      if (e.error() == ErrorCode.INVALID_LINK) {
        forgetInvitation(request);
        return deadInvitation(model);
      }
      return errorMessage(model, e);
    }
  }

  /** A browser that is not signed in: the invited address's account is made and signed in. */
  @PostMapping(INVITATION + "/sign-up")
  String signUp(HttpServletRequest request, HttpServletResponse response, Model model) {
    String token = invitationToken(request);
    if (token == null) {
      return deadInvitation(model);
    }
    try {
      SignInResult result = orgs().signUp(token, PageSession.client(request));
      forgetInvitation(request);
      if (SecondFactorPages.offered(result)) {
        return SecondFactorPages.secondStep(request, (SignInResult.SecondStepRequired) result);
      }
      if (!(result instanceof SignInResult.SignedIn in)) {
        return errorMessage(model, messages.unfinished());
      }
      pages.signIn(request, response, in.tokens());
      return "redirect:" + SWITCH + "?joined";
    } catch (AuthException e) {
      if (e.error().equals(ErrorCode.INVALID_LINK)) {
        forgetInvitation(request);
        return deadInvitation(model);
      }
      if (e.error().equals(ErrorCode.LINK_REQUIRED)) {
        // The address has an account: its owner signs in, and comes back here to accept.
        model.addAttribute("signedIn", false);
        model.addAttribute("error", messages.text("invitation.has-account"));
        return "gatehouse/pages/invitation";
      }
      return errorMessage(model, e);
    }
  }

  private String joined(Model model, UUID caller, Membership joined) {
    String name = orgs().find(caller, joined.organization()).map(Organization::name).orElse("");
    model.addAttribute("title", messages.text("invitation.joined.title"));
    model.addAttribute("text", messages.text("invitation.joined", name));
    model.addAttribute("next", SWITCH);
    return PAGE_MESSAGE;
  }

  private String deadInvitation(Model model) {
    model.addAttribute("title", messages.text("invitation.dead.title"));
    model.addAttribute("text", messages.text("invitation.dead"));
    return PAGE_MESSAGE;
  }

  private String errorMessage(Model model, AuthException e) {
    return errorMessage(model, messages.of(e));
  }

  private String errorMessage(Model model, String error) {
    model.addAttribute("title", messages.text("error.title"));
    model.addAttribute("error", error);
    return PAGE_MESSAGE;
  }

  // ---- the active organisation --------------------------------------------------------------

  /**
   * One of the caller's organisations on the switch page.
   *
   * @param id the organisation's id
   * @param name its name
   * @param slug its short name
   * @param role the caller's role in it
   * @param active whether the session acts for it now
   */
  record Row(UUID id, String name, String slug, String role, boolean active) {}

  @GetMapping(SWITCH)
  String organizations(
      @RequestParam(required = false) String joined,
      @RequestParam(required = false) String switched,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    VerifiedAccessToken caller = pages.live(request, response);
    if (caller == null) {
      return "redirect:/login/";
    }
    if (joined != null) {
      model.addAttribute("notice", messages.text("organizations.joined"));
    } else if (switched != null) {
      model.addAttribute("notice", messages.text("organizations.switched"));
    }
    return switchPage(caller, model);
  }

  private String switchPage(VerifiedAccessToken caller, Model model) {
    UUID user = caller.userPublicId();
    String active = caller.claim("org_id").orElse(null);
    List<Row> rows = new ArrayList<>();
    for (Membership m : orgs().memberships(user)) {
      orgs()
          .find(user, m.organization())
          .ifPresent(
              o ->
                  rows.add(
                      new Row(
                          o.id(), o.name(), o.slug(), m.role(), o.id().toString().equals(active))));
    }
    model.addAttribute("organizations", rows);
    model.addAttribute("anyActive", active != null);
    return "gatehouse/pages/organizations";
  }

  /**
   * Makes the organisation of the form the session's active one ({@code organization} empty: none);
   * the new tokens replace this browser's. The library refuses an organisation the caller is not a
   * member of, whatever the form says.
   */
  @PostMapping(SWITCH + "switch")
  String switchOrganization(
      @RequestParam(defaultValue = "") String organization,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    VerifiedAccessToken caller = pages.live(request, response);
    if (caller == null) {
      return "redirect:/login/";
    }
    UUID target = organization.isBlank() ? null : ModulePage.idOrNull(organization);
    if (!organization.isBlank() && target == null) {
      model.addAttribute("error", messages.text("error.organization_not_found"));
      return switchPage(caller, model);
    }
    try {
      pages.replaceTokens(
          request, orgs().switchOrganization(caller.userPublicId(), caller.sessionId(), target));
      return "redirect:" + SWITCH + "?switched";
    } catch (AuthException e) {
      model.addAttribute("error", messages.of(e));
      return switchPage(caller, model);
    }
  }
}
