package dev.gatehouse.spring.web.internal.admin;

import dev.gatehouse.admin.AdminErrors;
import dev.gatehouse.admin.AdminService;
import dev.gatehouse.admin.AdminService.UserPicture;
import dev.gatehouse.admin.AdminService.UserQuery;
import dev.gatehouse.admin.AdminService.UserSearch;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.UserPage;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.JsonBody;
import dev.gatehouse.spring.web.internal.shared.PermissionFirst;
import dev.gatehouse.spring.web.internal.shared.ProtocolError;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.Shapes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administration routes of Gatehouse's own contract, served when {@code auth-admin} is on the
 * class path. Every route needs a live access token of a staff account; any other caller gets 403
 * {@code forbidden} (401 without a token) and nothing changes.
 */
@RestController
@ConditionalOnClass(name = "dev.gatehouse.admin.AdminService")
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class AdminController implements PermissionFirst {
  /** The search's query parameters, one of which is given. */
  private static final Map<String, UserSearch.Field> FIELDS =
      Map.of(
          "email", UserSearch.Field.EMAIL,
          "phone", UserSearch.Field.PHONE,
          "username", UserSearch.Field.USERNAME,
          "id", UserSearch.Field.ID);

  private final ContractSupport support;

  AdminController(ContractSupport support) {
    this.support = support;
  }

  /** The permission before the parameters, as for a reason: one who is not staff gets 403. */
  @Override
  public void requirePermission(HttpServletRequest request) {
    admin().find(support.liveCaller(request), UserQuery.prefix(UserPage.Key.EMAIL, "@").limit(1));
  }

  private AdminService admin() {
    return support.gatehouse().feature(AdminService.class);
  }

  /** {@code ?email=}, {@code ?phone=}, {@code ?username=} or {@code ?id=}, and {@code limit}. */
  @GetMapping("/admin/users/")
  void search(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    UserSearch.Field field = null;
    String value = null;
    for (Map.Entry<String, UserSearch.Field> f : FIELDS.entrySet()) {
      String v = request.getParameter(f.getKey());
      if (v != null) {
        if (field != null) {
          throw new ApiException(
              ProtocolError.INVALID_FIELD, "give one of email, phone, username or id");
        }
        field = f.getValue();
        value = v;
      }
    }
    if (field == null) {
      throw new ApiException(
          ProtocolError.MISSING_FIELD, "one of email, phone, username or id is required");
    }
    List<UserView> found = admin().search(caller, new UserSearch(field, value, limit(request)));
    Replies.ok(Map.of("users", found.stream().map(Shapes::user).toList())).send(response);
  }

  /** The keys of {@code find}'s {@code by}. */
  private static final Map<String, UserPage.Key> KEYS =
      Map.of(
          "email", UserPage.Key.EMAIL,
          "phone", UserPage.Key.PHONE,
          "username", UserPage.Key.USERNAME,
          "created", UserPage.Key.CREATED,
          "last_sign_in", UserPage.Key.LAST_SIGN_IN);

  /**
   * A page of accounts: {@code ?by=email|phone|username&prefix=} or {@code
   * ?by=created|last_sign_in&from=&to=} (RFC 3339 instants), {@code after} (a page's {@code next})
   * and {@code limit}.
   */
  @GetMapping("/admin/users/find/")
  void find(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    UserQuery query;
    try {
      query = query(request);
    } catch (ApiException badQuery) {
      requirePermission(request);
      throw badQuery;
    }
    AdminService.Page page = admin().find(caller, query);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("users", page.users().stream().map(Shapes::user).toList());
    body.put("next", page.next());
    Replies.ok(body).send(response);
  }

  private static UserQuery query(HttpServletRequest request) {
    String by = request.getParameter("by");
    UserPage.Key key = by == null ? null : KEYS.get(by);
    if (key == null) {
      throw new ApiException(
          ProtocolError.INVALID_FIELD,
          "by is one of email, phone, username, created, last_sign_in");
    }
    try {
      return new UserQuery(
          key,
          key.byPrefix() ? request.getParameter("prefix") : null,
          key.byPrefix() ? null : instant(request, "from"),
          key.byPrefix() ? null : instant(request, "to"),
          request.getParameter("after"),
          limit(request));
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          ProtocolError.INVALID_FIELD,
          "a prefix of 1 to 254 characters, or from and to with to after from");
    }
  }

  private static java.time.@org.jspecify.annotations.Nullable Instant instant(
      HttpServletRequest request, String name) {
    return instant(request.getParameter(name), name);
  }

  private static java.time.@org.jspecify.annotations.Nullable Instant instant(
      @org.jspecify.annotations.Nullable String v, String name) {
    if (v == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(v).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new ApiException(ProtocolError.INVALID_FIELD, name + " must be an RFC 3339 time");
    }
  }

  @GetMapping("/admin/users/{user_id}/")
  void picture(
      HttpServletRequest request,
      @PathVariable("user_id") String user,
      HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    Replies.ok(picture(admin().picture(caller, id(user)))).send(response);
  }

  @PostMapping("/admin/users/{user_id}/disable/")
  void disable(
      HttpServletRequest request,
      @PathVariable("user_id") String user,
      HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    UUID target = id(user);
    ClientInfo client = ContractSupport.client(request, "web");
    Disable body =
        body(
            request,
            b -> new Disable(b.string("reason"), instant(b.optionalString("until"), "until")),
            r -> admin().disable(caller, target, r, client));
    UserView u = admin().disable(caller, target, body.reason(), body.until(), client);
    Replies.ok(Map.of("user", Shapes.user(u))).send(response);
  }

  /**
   * A superuser acts as the user: the tokens of a short session of the user whose access token
   * names the superuser in {@code act}; refused on every sensitive route.
   */
  @PostMapping("/admin/users/{user_id}/impersonate/")
  void impersonate(
      HttpServletRequest request,
      @PathVariable("user_id") String user,
      HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    UUID target = id(user);
    ClientInfo client = ContractSupport.client(request, "web");
    String reason = reason(request, r -> admin().impersonate(caller, target, r, client));
    support.tokens(admin().impersonate(caller, target, reason, client)).send(response);
  }

  /**
   * Ends the impersonation whose token calls (403 {@code forbidden} for a token that is none), as
   * its logout does, audited naming both people.
   */
  @PostMapping("/admin/impersonation/end/")
  void endImpersonation(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request, ContractSupport.Use.END_OWN_SESSION);
    admin().endImpersonation(caller, ContractSupport.client(request, "web"));
    ContractSupport.detail("impersonation ended").send(response);
  }

  /** The password no longer signs in and the sessions end; the user resets it. */
  @PostMapping("/admin/users/{user_id}/require-password-reset/")
  void requirePasswordReset(
      HttpServletRequest request,
      @PathVariable("user_id") String user,
      HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    UUID target = id(user);
    ClientInfo client = ContractSupport.client(request, "web");
    String reason = reason(request, r -> admin().requirePasswordReset(caller, target, r, client));
    UserView u = admin().requirePasswordReset(caller, target, reason, client);
    Replies.ok(Map.of("user", Shapes.user(u))).send(response);
  }

  /** The authenticator app, its recovery codes and remembered devices go (a lost phone). */
  @PostMapping("/admin/users/{user_id}/remove-second-factor/")
  void removeSecondFactor(
      HttpServletRequest request,
      @PathVariable("user_id") String user,
      HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    UUID target = id(user);
    ClientInfo client = ContractSupport.client(request, "web");
    String reason = reason(request, r -> admin().removeSecondFactor(caller, target, r, client));
    boolean had = admin().removeSecondFactor(caller, target, reason, client);
    ContractSupport.detail(had ? "second factor removed" : "no second factor was enrolled")
        .send(response);
  }

  @PostMapping("/admin/users/{user_id}/enable/")
  void enable(
      HttpServletRequest request,
      @PathVariable("user_id") String user,
      HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    UserView u = admin().enable(caller, id(user), ContractSupport.client(request, "web"));
    Replies.ok(Map.of("user", Shapes.user(u))).send(response);
  }

  @DeleteMapping("/admin/users/{user_id}/sessions/")
  void revokeSessions(
      HttpServletRequest request,
      @PathVariable("user_id") String user,
      HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    int n = admin().revokeSessions(caller, id(user), ContractSupport.client(request, "web"));
    ContractSupport.detail("sessions ended", "sessions", n).send(response);
  }

  @DeleteMapping("/admin/users/{user_id}/")
  void delete(
      HttpServletRequest request,
      @PathVariable("user_id") String user,
      HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    admin().delete(caller, id(user), ContractSupport.client(request, "web"));
    ContractSupport.detail("user deleted").send(response);
  }

  private static int limit(HttpServletRequest request) {
    String l = request.getParameter("limit");
    if (l == null) {
      return 20;
    }
    if (!l.matches("[0-9]{1,3}") || Integer.parseInt(l) < 1 || Integer.parseInt(l) > 100) {
      throw new ApiException(ProtocolError.INVALID_FIELD, "limit must be 1 to 100");
    }
    return Integer.parseInt(l);
  }

  /** A user's public id in a path; anything else is simply not found. */
  static UUID id(String segment) {
    if (segment == null
        || !segment.matches(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      throw new ApiException(ProtocolError.NOT_FOUND, "no such resource");
    }
    return UUID.fromString(segment);
  }

  private static Map<String, Object> picture(UserPicture p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user", Shapes.user(p.account()));
    List<Object> profiles = new ArrayList<>();
    for (UserPicture.Profile x : p.profiles()) {
      profiles.add(
          row(
              "id", x.id(),
              "role", x.role(),
              "label", x.label(),
              "is_active", x.active(),
              "is_default", x.defaultProfile(),
              "created_at", Shapes.time(x.createdAt())));
    }
    m.put("profiles", profiles);
    List<Object> devices = new ArrayList<>();
    for (UserPicture.Device x : p.devices()) {
      devices.add(
          row(
              "id", x.id(),
              "platform", x.platform(),
              "name", x.name(),
              "linked_at", Shapes.time(x.linkedAt()),
              "last_seen_at", Shapes.time(x.lastSeenAt())));
    }
    m.put("devices", devices);
    List<Object> sessions = new ArrayList<>();
    for (UserPicture.Session x : p.sessions()) {
      sessions.add(
          row(
              "id", x.id(),
              "client", x.client(),
              "amr", x.amr(),
              "network", x.network(),
              "user_agent", x.userAgent(),
              "created_at", Shapes.time(x.createdAt()),
              "last_used_at", Shapes.time(x.lastUsedAt()),
              "expires_at", Shapes.time(x.expiresAt())));
    }
    m.put("sessions", sessions);
    m.put(
        "factors",
        row(
            "authenticator_app", p.factors().authenticatorApp(),
            "unused_recovery_codes", p.factors().unusedRecoveryCodes(),
            "remembered_devices", p.factors().rememberedDevices()));
    List<Object> passkeys = new ArrayList<>();
    for (UserPicture.Passkey x : p.passkeys()) {
      passkeys.add(
          row(
              "id", x.id(),
              "name", x.name(),
              "created_at", Shapes.time(x.createdAt()),
              "last_used_at", Shapes.time(x.lastUsedAt())));
    }
    m.put("passkeys", passkeys);
    List<Object> social = new ArrayList<>();
    for (UserPicture.SocialIdentity x : p.socialIdentities()) {
      social.add(
          row(
              "provider", x.provider(),
              "email", x.email(),
              "linked_at", Shapes.time(x.linkedAt()),
              "last_used_at", Shapes.time(x.lastUsedAt())));
    }
    m.put("social_accounts", social);
    List<Object> audit = new ArrayList<>();
    for (AuditEntry x : p.audit()) {
      audit.add(
          row(
              "at", Shapes.time(x.at()),
              "event", x.event(),
              "actor", x.actor(),
              "method", x.method(),
              "reason", x.reason(),
              "detail", x.detail(),
              "network", x.network()));
    }
    m.put("audit", audit);
    m.put("disabled_until", Shapes.time(p.disabledUntil()));
    return m;
  }

  /** An object from alternating keys and values, nulls kept. */
  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /**
   * The body's reason, the permission first: on a bad body the action is tried without a reason, so
   * the service refuses a caller who may not act (403, audited) and changes nothing for one who may
   * ({@code invalid_reason}, swallowed here); then the body's own error.
   */
  private static String reason(HttpServletRequest request, Consumer<String> actWithReason)
      throws IOException {
    return body(request, b -> b.string("reason"), actWithReason);
  }

  /** A disable's body: the reason, and the end (RFC 3339) or null. */
  private record Disable(
      String reason, java.time.@org.jspecify.annotations.Nullable Instant until) {}

  /** The body read by {@code read}, the permission first, as for {@link #reason}. */
  private static <T> T body(
      HttpServletRequest request,
      java.util.function.Function<JsonBody, T> read,
      Consumer<String> actWithReason)
      throws IOException {
    try {
      return read.apply(ContractJson.read(request));
    } catch (ApiException badBody) {
      try {
        actWithReason.accept(null);
      } catch (RejectedInputException e) {
        if (e.error() != AdminErrors.INVALID_REASON) {
          throw e;
        }
      }
      throw badBody;
    }
  }
}
