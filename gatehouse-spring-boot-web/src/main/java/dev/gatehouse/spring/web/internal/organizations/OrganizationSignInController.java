package dev.gatehouse.spring.web.internal.organizations;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.organizations.OrganizationDomain;
import dev.gatehouse.organizations.OrganizationPolicy;
import dev.gatehouse.organizations.OrganizationService;
import dev.gatehouse.organizations.OrganizationSignIn;
import dev.gatehouse.organizations.OrganizationSignIn.Redirect;
import dev.gatehouse.organizations.OrganizationSignIn.SsoSettings;
import dev.gatehouse.organizations.SsoConnection;
import dev.gatehouse.social.SocialSettings;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.BrowserStates;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.JsonBody;
import dev.gatehouse.spring.web.internal.shared.ProtocolError;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import dev.gatehouse.spring.web.internal.shared.Shapes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An organisation's email domains, its own sign-in and its policy over JSON, served when {@code
 * auth-organizations} is on the class path: the owner's routes (domains, their verification, the
 * identity provider), which answer as {@link OrganizationController}'s do for a non-member, and the
 * email-first sign-in. Its start sets a cookie binding the sign-in to this browser (a hash of the
 * state, HttpOnly), and the callback refuses a state that is not this browser's, so a callback
 * cannot be planted in another browser (login CSRF). The callback address is {@code
 * gatehouse.frontend-url}'s origin plus the contract's base path, never the request's Host.
 */
@RestController
@ConditionalOnClass(name = "dev.gatehouse.organizations.OrganizationSignIn")
@RequestMapping("${gatehouse.http.base-path:/auth}/organizations")
public class OrganizationSignInController {
  static final String COOKIE = "gh_org_sso";

  private final ContractSupport support;
  private final ContractPaths paths;

  OrganizationSignInController(ContractSupport support, ContractPaths paths) {
    this.support = support;
    this.paths = paths;
  }

  private OrganizationSignIn sso() {
    return support.gatehouse().feature(OrganizationSignIn.class);
  }

  // ---- domains -------------------------------------------------------------------------------

  @GetMapping("/{organization}/domains/")
  void domains(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    List<Map<String, Object>> out = new ArrayList<>();
    for (OrganizationDomain d :
        sso().domains(caller, OrganizationController.organizationId(organization))) {
      out.add(domain(d));
    }
    Replies.ok(out).send(response);
  }

  @PostMapping("/{organization}/domains/")
  void addDomain(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    UUID id = OrganizationController.organizationId(organization);
    String name = ContractJson.read(request).string("domain");
    Replies.of(201, domain(sso().addDomain(caller, id, name))).send(response);
  }

  @PostMapping("/{organization}/domains/{domain}/verify/")
  void verifyDomain(
      HttpServletRequest request,
      @PathVariable String organization,
      @PathVariable String domain,
      HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    UUID id = OrganizationController.organizationId(organization);
    Replies.ok(domain(sso().verifyDomain(caller, id, domain))).send(response);
  }

  @DeleteMapping("/{organization}/domains/{domain}/")
  void removeDomain(
      HttpServletRequest request,
      @PathVariable String organization,
      @PathVariable String domain,
      HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    sso().removeDomain(caller, OrganizationController.organizationId(organization), domain);
    ContractSupport.detail("domain removed").send(response);
  }

  // ---- joining by a verified domain ----------------------------------------------------------

  @PutMapping("/{organization}/domains/{domain}/join/")
  void allowDomainJoin(
      HttpServletRequest request,
      @PathVariable String organization,
      @PathVariable String domain,
      HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    UUID id = OrganizationController.organizationId(organization);
    Boolean allowed = ContractJson.read(request).optionalBoolean("allowed");
    if (allowed == null) {
      throw new ApiException(ProtocolError.MISSING_FIELD, "allowed is required");
    }
    Replies.ok(domain(sso().allowDomainJoin(caller, id, domain, allowed))).send(response);
  }

  @GetMapping("/joinable/")
  void joinable(HttpServletRequest request, HttpServletResponse response) throws IOException {
    UUID caller = support.caller(request).user();
    Replies.ok(sso().joinable(caller).map(OrganizationController::organization).stream().toList())
        .send(response);
  }

  @PostMapping("/{organization}/join/")
  void joinByDomain(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    UUID id = OrganizationController.organizationId(organization);
    Replies.ok(OrganizationController.member(sso().joinByDomain(caller, id))).send(response);
  }

  // ---- the identity provider -----------------------------------------------------------------

  @GetMapping("/{organization}/sso/")
  void connection(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    UUID id = OrganizationController.organizationId(organization);
    SsoConnection c =
        sso()
            .connection(caller, id)
            .orElseThrow(
                () ->
                    new RejectedInputException(
                        ErrorCode.UNKNOWN_PROVIDER, "the organisation has no sign-in of its own"));
    Replies.ok(connection(c, sso().domains(caller, id))).send(response);
  }

  @PutMapping("/{organization}/sso/")
  void configure(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    UUID id = OrganizationController.organizationId(organization);
    JsonBody b = ContractJson.read(request);
    URI issuer;
    try {
      issuer = URI.create(b.string("issuer"));
    } catch (IllegalArgumentException e) {
      throw new RejectedInputException(ErrorCode.INVALID_SETTINGS, "the issuer is no URL");
    }
    Set<String> domains = new LinkedHashSet<>();
    var listed = b.node().get("domains");
    if (listed == null || !listed.isArray()) {
      throw new RejectedInputException(ErrorCode.INVALID_SETTINGS, "domains is a list of names");
    }
    listed.forEach(d -> domains.add(d.isTextual() ? d.asText() : ""));
    Boolean required = b.optionalBoolean("required");
    SsoConnection c =
        sso()
            .configure(
                caller,
                id,
                new SsoSettings(
                    issuer,
                    b.string("client_id"),
                    b.string("client_secret"),
                    domains,
                    required != null && required));
    Replies.ok(connection(c, sso().domains(caller, id))).send(response);
  }

  @DeleteMapping("/{organization}/sso/")
  void removeConnection(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    sso().removeConnection(caller, OrganizationController.organizationId(organization));
    ContractSupport.detail("sign-in removed").send(response);
  }

  // ---- the policy ----------------------------------------------------------------------------

  @GetMapping("/{organization}/policy/")
  void policy(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    OrganizationService orgs = support.gatehouse().feature(OrganizationService.class);
    Replies.ok(policy(orgs.policy(caller, OrganizationController.organizationId(organization))))
        .send(response);
  }

  @PutMapping("/{organization}/policy/")
  void setPolicy(
      HttpServletRequest request, @PathVariable String organization, HttpServletResponse response)
      throws IOException {
    UUID caller = support.caller(request).user();
    UUID id = OrganizationController.organizationId(organization);
    JsonBody b = ContractJson.read(request);
    Set<String> methods = new LinkedHashSet<>();
    var listed = b.node().get("sign_in_methods");
    if (listed != null && !listed.isNull()) {
      if (!listed.isArray()) {
        throw new RejectedInputException(
            ErrorCode.INVALID_SETTINGS, "sign_in_methods is a list of names");
      }
      listed.forEach(m -> methods.add(m.isTextual() ? m.asText() : ""));
    }
    Boolean mfa = b.optionalBoolean("second_factor_required");
    Long lifetime = b.optionalLong("session_lifetime_seconds");
    OrganizationPolicy wanted =
        new OrganizationPolicy(
            mfa != null && mfa, methods, lifetime == null ? null : Duration.ofSeconds(lifetime));
    OrganizationService orgs = support.gatehouse().feature(OrganizationService.class);
    Replies.ok(policy(orgs.setPolicy(caller, id, wanted))).send(response);
  }

  private static Map<String, Object> policy(OrganizationPolicy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("second_factor_required", p.secondFactorRequired());
    m.put("sign_in_methods", p.signInMethods().stream().sorted().toList());
    m.put(
        "session_lifetime_seconds",
        p.sessionLifetime() == null ? null : p.sessionLifetime().toSeconds());
    return m;
  }

  // ---- the email-first sign-in ---------------------------------------------------------------

  /** Anyone: finds the organisation of the address's domain; the browser goes to the answer. */
  @PostMapping("/sso/start/")
  void start(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String email = ContractJson.read(request).string("email");
    URI callback =
        BrowserStates.callback(support.gatehouse().config(), paths, "/organizations/sso/callback/");
    Redirect r =
        sso().start(email, callback, ContractSupport.client(request, SessionService.CLIENT_WEB));
    boolean secure = "https".equals(callback.getScheme());
    ResponseCookie cookie =
        ResponseCookie.from(COOKIE, BrowserStates.hash(r.state()))
            .httpOnly(true)
            .secure(secure)
            .sameSite("Lax")
            .path(paths.basePath() + "/organizations/sso/")
            .maxAge(support.gatehouse().config().get(SocialSettings.SOCIAL_STATE_TTL))
            .build();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("authorization_url", r.authorizationUri().toString());
    body.put("organization", r.organization().toString());
    Replies.of(
            200,
            body,
            Map.of(
                HttpHeaders.SET_COOKIE, cookie.toString(), HttpHeaders.CACHE_CONTROL, "no-store"))
        .send(response);
  }

  /** The provider's redirect back: signs in as a login answers. */
  @GetMapping("/sso/callback/")
  void callback(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (request.getParameter("error") != null) {
      throw new RejectedInputException(
          ErrorCode.PROVIDER_REFUSED, "the provider did not sign the user in");
    }
    String state = request.getParameter("state");
    String bound = BrowserStates.cookie(request, COOKIE);
    if (state == null
        || bound == null
        || !MessageDigest.isEqual(
            bound.getBytes(StandardCharsets.US_ASCII),
            BrowserStates.hash(state).getBytes(StandardCharsets.US_ASCII))) {
      throw new RejectedInputException(
          ErrorCode.INVALID_STATE, "the sign-in was not started in this browser");
    }
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    support
        .loginAnswer(
            client,
            SecondStepAnswer.signedIn(sso().complete(state, request.getParameter("code"), client)))
        .send(response);
  }

  // ---- shapes ---------------------------------------------------------------------------------

  private static Map<String, Object> domain(OrganizationDomain d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("domain", d.domain());
    m.put("verified", d.verified());
    m.put("record_name", d.recordName());
    m.put("challenge", d.challenge());
    m.put("created_at", Shapes.time(d.createdAt()));
    m.put("verified_at", d.verifiedAt() == null ? null : Shapes.time(d.verifiedAt()));
    m.put("sign_in", d.signIn());
    m.put("join_allowed", d.joinAllowed());
    return m;
  }

  /** The connection without its secret. */
  private static Map<String, Object> connection(SsoConnection c, List<OrganizationDomain> domains) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", c.kind());
    m.put("issuer", c.issuer().toString());
    m.put("client_id", c.clientId());
    m.put(
        "domains",
        domains.stream()
            .filter(OrganizationDomain::signIn)
            .map(OrganizationDomain::domain)
            .toList());
    m.put("required", c.required());
    m.put("created_at", Shapes.time(c.createdAt()));
    m.put("modified_at", Shapes.time(c.modifiedAt()));
    return m;
  }
}
