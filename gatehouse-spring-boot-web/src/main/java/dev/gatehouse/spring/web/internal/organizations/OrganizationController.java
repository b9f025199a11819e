package dev.gatehouse.spring.web.internal.organizations;

import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.organizations.Invitation;
import dev.gatehouse.organizations.Membership;
import dev.gatehouse.organizations.Organization;
import dev.gatehouse.organizations.OrganizationErrors;
import dev.gatehouse.organizations.OrganizationService;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.JsonBody;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import dev.gatehouse.spring.web.internal.shared.Shapes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Organisations over JSON, served when {@code auth-organizations} is on the class path. Every route
 * but the sign-up by invitation needs the caller's access token, and each answers what the service
 * decides for that caller: an organisation the caller is not a member of is not found (404 {@code
 * organization_not_found}, as one that does not exist, also for an id that is not one), a member
 * whose role lacks the permission is refused (403 {@code forbidden}).
 */
@RestController
@ConditionalOnClass(name = "dev.gatehouse.organizations.OrganizationService")
@RequestMapping("${gatehouse.http.base-path:/auth}/organizations")
public class OrganizationController {
  private final ContractSupport support;

  OrganizationController(ContractSupport support) {
    this.support = support;
  }

  @GetMapping("/")
  void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
    UUID caller = support.caller(request).user();
    OrganizationService orgs = orgs();
    List<Map<String, Object>> mine = new ArrayList<>();
    for (Membership m : orgs.memberships(caller)) {
      // An organisation deleted between the two reads is simply not listed.
      orgs.find(caller, m.organization())
          .ifPresent(
              o -> {
                Map<String, Object> item = organization(o);
                item.put("role", m.role());
                item.put("joined_at", Shapes.time(m.joinedAt()));
                mine.add(item);
              });
    }
    Replies.ok(mine).send(response);
  }

  @PostMapping("/")
  void create(HttpServletRequest request, HttpServletResponse response) throws IOException {
    UUID caller = support.caller(request).user();
    JsonBody b = ContractJson.read(request);
    Organization created = orgs().create(caller, b.string("name"), b.string("slug"));
    Replies.of(201, organization(created)).send(response);
  }

  @GetMapping("/{organization}/")
  void read(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    Organization o =
        orgs()
            .find(caller, organizationId(organization))
            .orElseThrow(OrganizationController::notFound);
    Replies.ok(organization(o)).send(response);
  }

  @PatchMapping("/{organization}/")
  void update(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    UUID id = organizationId(organization);
    JsonBody b = ContractJson.read(request);
    Organization changed =
        orgs().update(caller, id, b.string("name"), b.optionalObjectText("settings"));
    Replies.ok(organization(changed)).send(response);
  }

  @DeleteMapping("/{organization}/")
  void delete(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    orgs().delete(caller, organizationId(organization));
    ContractSupport.detail("organization deleted").send(response);
  }

  @GetMapping("/{organization}/members/")
  void members(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    List<Map<String, Object>> members = new ArrayList<>();
    for (Membership m : orgs().members(caller, organizationId(organization))) {
      members.add(member(m));
    }
    Replies.ok(members).send(response);
  }

  @PatchMapping("/{organization}/members/{user}/")
  void changeRole(
      HttpServletRequest request,
      @PathVariable String organization,
      @PathVariable String user,
      HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    UUID id = organizationId(organization);
    String role = ContractJson.read(request).string("role");
    Replies.ok(member(orgs().changeRole(caller, id, memberId(user), role))).send(response);
  }

  @DeleteMapping("/{organization}/members/{user}/")
  void remove(
      HttpServletRequest request,
      @PathVariable String organization,
      @PathVariable String user,
      HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    orgs().remove(caller, organizationId(organization), memberId(user));
    ContractSupport.detail("member removed").send(response);
  }

  @PostMapping("/{organization}/leave/")
  void leave(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    orgs().remove(caller, organizationId(organization), caller);
    ContractSupport.detail("left the organization").send(response);
  }

  /**
   * New tokens for the caller's session whose access token names the organisation and the caller's
   * role in it; a non-member's answer is 404 and the session keeps what it had.
   */
  @PostMapping("/{organization}/switch/")
  void switchOrganization(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken c = support.liveCaller(request);
    UUID id = organizationId(organization);
    support.tokens(orgs().switchOrganization(c.userPublicId(), c.sessionId(), id)).send(response);
  }

  @DeleteMapping("/active/")
  void clearActiveOrganization(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken c = support.liveCaller(request);
    support.tokens(orgs().switchOrganization(c.userPublicId(), c.sessionId(), null)).send(response);
  }

  @GetMapping("/{organization}/invitations/")
  void invitations(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    List<Map<String, Object>> pending = new ArrayList<>();
    for (Invitation i : orgs().invitations(caller, organizationId(organization))) {
      pending.add(invitation(i));
    }
    Replies.ok(pending).send(response);
  }

  @PostMapping("/{organization}/invitations/")
  void invite(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    UUID id = organizationId(organization);
    JsonBody b = ContractJson.read(request);
    Invitation sent = orgs().invite(caller, id, b.string("email"), b.string("role"));
    Replies.of(201, invitation(sent)).send(response);
  }

  @DeleteMapping("/{organization}/invitations/{invitation}/")
  void revoke(
      HttpServletRequest request,
      @PathVariable String organization,
      @PathVariable String invitation,
      HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    orgs().revoke(caller, organizationId(organization), invitationId(invitation));
    ContractSupport.detail("invitation revoked").send(response);
  }

  @PostMapping("/{organization}/invitations/{invitation}/resend/")
  void resend(
      HttpServletRequest request,
      @PathVariable String organization,
      @PathVariable String invitation,
      HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    Invitation renewed =
        orgs().resend(caller, organizationId(organization), invitationId(invitation));
    Replies.ok(invitation(renewed)).send(response);
  }

  @PostMapping("/invitations/accept/")
  void accept(HttpServletRequest request, HttpServletResponse response) throws IOException {
    UUID caller = support.caller(request).user();
    String token = ContractJson.read(request).string("token");
    Replies.ok(member(orgs().accept(caller, token))).send(response);
  }

  /** Anyone with the invitation's link: signs the invitee up and in, as a login answers. */
  @PostMapping("/invitations/sign-up/")
  void signUp(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    ClientInfo client = ContractSupport.loginClient(request, b);
    support
        .loginAnswer(client, SecondStepAnswer.signedIn(orgs().signUp(b.string("token"), client)))
        .send(response);
  }

  private OrganizationService orgs() {
    return support.gatehouse().feature(OrganizationService.class);
  }

  // ---- path ids: what is not an id is simply not found ---------------------------------------

  static UUID organizationId(String segment) {
    return uuid(segment, OrganizationErrors.ORGANIZATION_NOT_FOUND);
  }

  private static UUID memberId(String segment) {
    return uuid(segment, ErrorCode.USER_NOT_FOUND);
  }

  private static UUID invitationId(String segment) {
    UUID id = parse(segment);
    if (id == null) {
      throw new RejectedInputException(ErrorCode.INVALID_LINK, "no such invitation");
    }
    return id;
  }

  private static UUID uuid(String segment, ErrorCode notFound) {
    UUID id = parse(segment);
    if (id == null) {
      throw new NotFoundException(notFound);
    }
    return id;
  }

  private static UUID parse(String segment) {
    // The canonical form only: an id spelt another way is not an id of ours.
    if (segment == null || segment.length() != 36) {
      return null;
    }
    try {
      UUID id = UUID.fromString(segment);
      return id.toString().equals(segment) ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static NotFoundException notFound() {
    return new NotFoundException(OrganizationErrors.ORGANIZATION_NOT_FOUND);
  }

  // ---- shapes ---------------------------------------------------------------------------------

  static Map<String, Object> organization(Organization o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", o.id().toString());
    m.put("name", o.name());
    m.put("slug", o.slug());
    m.put("settings", ContractJson.tree(o.settings()));
    m.put("created_at", Shapes.time(o.createdAt()));
    m.put("modified_at", Shapes.time(o.modifiedAt()));
    return m;
  }

  static Map<String, Object> member(Membership m) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("organization", m.organization().toString());
    b.put("user", m.user().toString());
    b.put("role", m.role());
    b.put("joined_at", Shapes.time(m.joinedAt()));
    b.put("invited_by", m.invitedBy() == null ? null : m.invitedBy().toString());
    return b;
  }

  private static Map<String, Object> invitation(Invitation i) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("id", i.id().toString());
    b.put("organization", i.organization().toString());
    b.put("email", i.email());
    b.put("role", i.role());
    b.put("invited_by", i.invitedBy().toString());
    b.put("created_at", Shapes.time(i.createdAt()));
    b.put("expires_at", Shapes.time(i.expiresAt()));
    return b;
  }
}
