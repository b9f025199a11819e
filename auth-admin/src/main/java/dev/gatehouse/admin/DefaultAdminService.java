package dev.gatehouse.admin;

import static java.util.Locale.ROOT;
import static java.util.Objects.requireNonNull;

import dev.gatehouse.admin.AdminService.UserPicture.Device;
import dev.gatehouse.admin.AdminService.UserPicture.Factors;
import dev.gatehouse.admin.AdminService.UserPicture.Passkey;
import dev.gatehouse.admin.AdminService.UserPicture.Profile;
import dev.gatehouse.admin.AdminService.UserPicture.Session;
import dev.gatehouse.admin.AdminService.UserPicture.SocialIdentity;
import dev.gatehouse.core.config.PhoneSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.identity.Usernames;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleSessions;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.SocialAccountStore.SocialAccountRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserPage;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** {@link AdminService} on the sign-in SPI alone. */
final class DefaultAdminService implements AdminService {
  static final int MAX_REASON = 150;
  private static final int AUDIT_ENTRIES = 50;
  private static final java.time.Duration MAX_DISABLE = java.time.Duration.ofDays(3653);

  private final SignInContext context;
  private final PhoneNumbers phones;
  private final Impersonation impersonation;
  private final ModuleAudit audit;
  private final ModuleAccounts accounts;
  private final ModuleSessions sessions;
  final DisableEnds ends = new DisableEnds();

  /**
   * The service as the module installs it: its impersonation's session claims registered with the
   * core (once per Gatehouse, so only this service registers them; {@link DefaultAdminStatistics}
   * builds one for its guard alone).
   */
  static DefaultAdminService installed(SignInContext context) {
    DefaultAdminService service = new DefaultAdminService(context);
    context.hook(service.impersonation);
    return service;
  }

  DefaultAdminService(SignInContext context) {
    this.context = requireNonNull(context, "context");
    this.impersonation = new Impersonation(context);
    this.audit = context.capability(ModuleAudit.class);
    this.accounts = context.capability(ModuleAccounts.class);
    this.sessions = context.capability(ModuleSessions.class);
    this.phones =
        PhoneNumbers.builder()
            .defaultRegion(context.config().get(PhoneSettings.PHONE_DEFAULT_REGION))
            .acceptPossibleNumbers(
                context.config().get(PhoneSettings.PHONE_ACCEPT_POSSIBLE_NUMBERS))
            .build();
  }

  @Override
  public List<UserView> search(VerifiedAccessToken caller, UserSearch search) {
    requireNonNull(search, "search");
    staff(caller, "search");
    Optional<UUID> id = Optional.empty();
    if (search.field() == UserSearch.Field.ID) {
      id = SearchKeys.publicId(search.value());
      if (id.isEmpty()) {
        return List.of();
      }
    }
    // Canonical forms first: a value that is no email (phone, username) matches nothing, it is no
    // error, and no read is made for it.
    Optional<String> key = id.isPresent() ? Optional.of("") : canonical(search);
    if (key.isEmpty()) {
      return List.of();
    }
    Optional<UUID> byId = id;
    return context
        .store()
        .inTransaction(
            tx -> {
              Optional<UserRecord> found =
                  switch (search.field()) {
                    case EMAIL -> tx.users().findByEmail(key.get());
                    case PHONE -> tx.users().findByPhone(key.get());
                    case USERNAME -> tx.users().findByUsername(key.get());
                    case ID -> tx.users().findByPublicId(byId.orElseThrow());
                  };
              List<UserView> hits =
                  found.filter(u -> !u.deleted()).map(UserView::of).stream().toList();
              // One audit row per account shown: the field searched by, never the value.
              for (UserView hit : hits) {
                read(
                    tx,
                    caller,
                    hit.id(),
                    "search",
                    search.field().name().toLowerCase(java.util.Locale.ROOT));
              }
              return hits;
            });
  }

  @Override
  public Page find(VerifiedAccessToken caller, UserQuery query) {
    requireNonNull(query, "query");
    staff(caller, "find");
    Optional<String> prefix =
        query.prefix() == null ? Optional.of("") : SearchKeys.prefix(query.by(), query.prefix());
    Optional<UUID> after =
        query.after() == null ? Optional.empty() : SearchKeys.publicId(query.after());
    return context
        .store()
        .inTransaction(
            tx -> {
              read(tx, caller, caller.userPublicId(), "find", query.by().name().toLowerCase(ROOT));
              if (prefix.isEmpty() || (query.after() != null && after.isEmpty())) {
                return new Page(List.of(), null);
              }
              // One more than the page: whether there is a next page is known without a read more.
              UserPage page =
                  new UserPage(
                      query.by(),
                      query.by().byPrefix() ? prefix.get() : null,
                      query.from(),
                      query.to(),
                      null,
                      null,
                      query.limit() + 1);
              if (after.isPresent()) {
                Optional<UserRecord> last = tx.users().findByPublicId(after.get());
                if (last.isEmpty() || page.valueOf(last.get()) == null) {
                  return new Page(List.of(), null);
                }
                page = page.after(last.get());
              }
              List<UserRecord> found = tx.users().page(page);
              List<UserRecord> shown = found.subList(0, Math.min(found.size(), query.limit()));
              return new Page(
                  shown.stream().map(UserView::of).toList(),
                  found.size() > query.limit()
                      ? shown.get(shown.size() - 1).publicId().toString()
                      : null);
            });
  }

  @Override
  public UserPicture picture(VerifiedAccessToken caller, UUID user) {
    requireNonNull(user, "user");
    UserRecord staffCaller = staff(caller, "picture");
    Instant now = context.clock().instant();
    try {
      return context.store().inTransaction(tx -> picture(tx, caller, staffCaller, user, now));
    } catch (RejectedInputException e) {
      throw refused(caller, "picture", e);
    }
  }

  private UserPicture picture(
      StoreTransaction tx,
      VerifiedAccessToken caller,
      UserRecord staffCaller,
      UUID user,
      Instant now) {
    UserRecord u = target(tx, user);
    // As for changes: another staff or superuser account is a superuser's to see.
    if ((u.staff() || u.superuser())
        && !staffCaller.superuser()
        && !u.publicId().equals(staffCaller.publicId())) {
      throw forbidden();
    }
    read(tx, caller, user, "picture", null);
    return new UserPicture(
        UserView.of(u),
        tx.profiles().list(user).stream()
            .map(
                p ->
                    new Profile(
                        p.id() == null ? 0 : p.id(),
                        p.role(),
                        p.label(),
                        p.active(),
                        p.defaultProfile(),
                        p.createdAt()))
            .toList(),
        tx.devices().list(user).stream()
            .map(
                d ->
                    new Device(
                        d.id() == null ? 0 : d.id(),
                        d.platform(),
                        d.name(),
                        d.linkedAt(),
                        d.lastSeenAt()))
            .toList(),
        tx.sessions().liveSessionsOf(user, now).stream()
            .sorted(Comparator.comparing(SessionState::createdAt).reversed())
            .map(
                s ->
                    new Session(
                        s.id(),
                        s.client(),
                        s.amr(),
                        s.coarseIp(),
                        s.userAgent(),
                        s.createdAt(),
                        s.lastUsedAt(),
                        s.expiresAt()))
            .toList(),
        new Factors(
            tx.secondFactors().totp(user).filter(t -> t.confirmed()).isPresent(),
            tx.secondFactors().unusedRecoveryCodes(user),
            tx.secondFactors().rememberedDevices(user, now).size()),
        tx.passkeys().listFor(user).stream()
            .map(
                p ->
                    new Passkey(
                        p.id() == null ? 0 : p.id(), p.name(), p.createdAt(), p.lastUsedAt()))
            .toList(),
        socialIdentities(tx, user),
        tx.audit().forSubject(user, AUDIT_ENTRIES),
        u.active() ? null : ends.of(tx, user).orElse(null));
  }

  /** Leaves an audit row of a read: one insert, in the read's transaction. */
  void read(
      StoreTransaction tx,
      VerifiedAccessToken caller,
      UUID subject,
      String action,
      @Nullable String detail) {
    audit.publishByAdmin(
        tx,
        caller.userPublicId(),
        new AdminAction(
            context.clock().instant(),
            subject,
            caller.userPublicId(),
            action,
            detail,
            AuthEvent.RequestOrigin.UNKNOWN));
  }

  /**
   * The account's social identities; none when the host declares no social-account entity, whose
   * store answers every call with a configuration error.
   */
  private static List<SocialIdentity> socialIdentities(StoreTransaction tx, UUID user) {
    List<SocialAccountRecord> linked;
    try {
      linked = tx.socialAccounts().listFor(user);
    } catch (AuthException.ConfigurationException noSocialEntity) {
      // The store SPI offers no other way to ask; without the entity there is nothing linked.
      return List.of();
    }
    return linked.stream()
        .map(s -> new SocialIdentity(s.provider(), s.email(), s.linkedAt(), s.lastUsedAt()))
        .toList();
  }

  @Override
  public UserView disable(
      VerifiedAccessToken caller, UUID user, String reason, @Nullable ClientInfo client) {
    requireNonNull(user, "user");
    // Checked in change(), after the caller's permission: a non-staff caller is refused first.
    return setActive(caller, user, false, reason == null ? "" : reason, null, client);
  }

  @Override
  public UserView disable(
      VerifiedAccessToken caller,
      UUID user,
      String reason,
      @Nullable Instant until,
      @Nullable ClientInfo client) {
    requireNonNull(user, "user");
    return setActive(caller, user, false, reason == null ? "" : reason, until, client);
  }

  @Override
  public UserView enable(VerifiedAccessToken caller, UUID user, @Nullable ClientInfo client) {
    requireNonNull(user, "user");
    return setActive(caller, user, true, null, null, client);
  }

  @Override
  public int enableExpired(Instant now) {
    return ends.enableDue(context, requireNonNull(now, "now"));
  }

  private UserView setActive(
      VerifiedAccessToken caller,
      UUID user,
      boolean active,
      @Nullable String reason,
      @Nullable Instant until,
      @Nullable ClientInfo client) {
    Instant end = until == null ? null : until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    return change(
        caller,
        user,
        active ? "enable" : "disable",
        reason,
        end,
        client,
        (tx, admin, u, now) -> ends.apply(context, tx, admin, u, active, end, now));
  }

  @Override
  public int revokeSessions(VerifiedAccessToken caller, UUID user, @Nullable ClientInfo client) {
    requireNonNull(user, "user");
    return change(
        caller,
        user,
        "revoke_sessions",
        null,
        null,
        client,
        (tx, admin, u, now) -> sessions.endSessions(tx, user, "admin_revoked"));
  }

  @Override
  public UserView requirePasswordReset(
      VerifiedAccessToken caller, UUID user, String reason, @Nullable ClientInfo client) {
    requireNonNull(user, "user");
    return change(
        caller,
        user,
        "require_password_reset",
        reason == null ? "" : reason,
        null,
        client,
        (tx, admin, u, now) -> {
          UserRecord after = u.toBuilder().passwordHash(null).modifiedAt(now).build();
          tx.users().update(after);
          sessions.endSessions(tx, user, "admin_password_reset");
          return UserView.of(after);
        });
  }

  @Override
  public boolean removeSecondFactor(
      VerifiedAccessToken caller, UUID user, String reason, @Nullable ClientInfo client) {
    requireNonNull(user, "user");
    return change(
        caller,
        user,
        "remove_second_factor",
        reason == null ? "" : reason,
        null,
        client,
        (tx, admin, u, now) -> {
          boolean had = tx.secondFactors().deleteTotp(user);
          tx.secondFactors().deleteRecoveryCodes(user);
          int devices = tx.secondFactors().revokeRememberedDevices(user, null, now);
          if (devices > 0) {
            audit.publishByAdmin(
                tx,
                admin.publicId(),
                new AuthEvent.RememberedDevicesRevoked(
                    now, user, devices, "second_factor_removed"));
          }
          if (had) {
            audit.publishByAdmin(
                tx,
                admin.publicId(),
                new AuthEvent.SecondFactorDisabled(now, user, "totp", origin(client)));
          }
          return had;
        });
  }

  @Override
  public void delete(VerifiedAccessToken caller, UUID user, @Nullable ClientInfo client) {
    requireNonNull(user, "user");
    change(
        caller,
        user,
        "delete",
        null,
        null,
        client,
        (tx, admin, u, now) -> {
          if (!admin.superuser() || admin.publicId().equals(user)) {
            throw forbidden();
          }
          tx.users().softDelete(user, now);
          accounts.accountChanged(tx, AccountChange.Kind.DELETED, u, user, now);
          sessions.endSessions(tx, user, "account_deleted");
          audit.publishByAdmin(
              tx, admin.publicId(), new AuthEvent.AccountDeleted(now, user, origin(client)));
          return null;
        });
  }

  @Override
  public TokenPair impersonate(
      VerifiedAccessToken caller, UUID user, String reason, @Nullable ClientInfo client) {
    requireNonNull(user, "user");
    return change(
        caller,
        user,
        "impersonate",
        reason == null ? "" : reason,
        null,
        client,
        (tx, admin, u, now) -> {
          // A superuser only, never on themselves nor on another staff or superuser account.
          if (!admin.superuser() || admin.publicId().equals(user) || u.staff() || u.superuser()) {
            throw forbidden();
          }
          return impersonation.start(tx, admin, u, client);
        });
  }

  @Override
  public boolean endImpersonation(VerifiedAccessToken impersonation, @Nullable ClientInfo client) {
    requireNonNull(impersonation, "impersonation");
    try {
      return this.impersonation.end(impersonation, origin(client));
    } catch (RejectedInputException e) {
      throw refused(impersonation, "end_impersonation", e);
    }
  }

  /** A change of one account by a staff member, in one transaction, audited. */
  interface Change<T> {
    T apply(StoreTransaction tx, UserRecord admin, UserRecord target, Instant now);
  }

  <T> T change(
      VerifiedAccessToken caller,
      UUID user,
      String action,
      @Nullable String reason,
      @Nullable Instant until,
      @Nullable ClientInfo client,
      Change<T> change) {
    staff(caller, action);
    String given = reason == null ? null : reason(reason);
    Instant now = context.clock().instant();
    if (until != null && (!until.isAfter(now) || until.isAfter(now.plus(MAX_DISABLE)))) {
      throw new RejectedInputException(
          AdminErrors.INVALID_DISABLE_END,
          "the end must be in the future and at most ten years away");
    }
    // The end before the reason: the entry's detail is cut at 200 characters, from the reason's
    // end.
    String why = until == null ? given : "until " + until + ": " + given;
    try {
      return context
          .store()
          .inTransaction(
              tx -> {
                // Read again with the change: a staff member demoted a moment ago changes nothing.
                UserRecord admin =
                    tx.users()
                        .findByPublicId(caller.userPublicId())
                        .filter(UserRecord::actsAsStaff)
                        .orElseThrow(DefaultAdminService::forbidden);
                UserRecord target = target(tx, user);
                if ((target.staff() || target.superuser()) && !admin.superuser()) {
                  throw forbidden();
                }
                T answer = change.apply(tx, admin, target, now);
                audit.publishByAdmin(
                    tx,
                    admin.publicId(),
                    new AdminAction(now, user, admin.publicId(), action, why, origin(client)));
                return answer;
              });
    } catch (RejectedInputException e) {
      throw refused(caller, action, e);
    }
  }

  /**
   * Checks the caller before any work: a live session of an active staff or superuser account.
   * Refuses with {@code forbidden}, kept in the audit trail, otherwise.
   */
  UserRecord staff(VerifiedAccessToken caller, String action) {
    return accounts.staff(requireNonNull(caller, "caller"), action);
  }

  private RejectedInputException refused(
      VerifiedAccessToken caller, String action, RejectedInputException e) {
    return audit.refusedToStaff(caller, action, e);
  }

  static UserRecord target(StoreTransaction tx, UUID user) {
    return tx.users()
        .findByPublicId(user)
        .filter(u -> !u.deleted())
        .orElseThrow(() -> new RejectedInputException(ErrorCode.USER_NOT_FOUND, "no such user"));
  }

  static RejectedInputException forbidden() {
    return new RejectedInputException(
        ErrorCode.FORBIDDEN, "only staff may administer accounts, and only a superuser staff");
  }

  static String reason(@Nullable String reason) {
    String r = reason == null ? "" : reason.strip();
    if (r.isEmpty() || r.length() > MAX_REASON || r.chars().anyMatch(Character::isISOControl)) {
      throw new RejectedInputException(
          AdminErrors.INVALID_REASON, "a reason of 1 to " + MAX_REASON + " characters is required");
    }
    return r;
  }

  private Optional<String> canonical(UserSearch search) {
    String v = search.value().strip();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          switch (search.field()) {
            case EMAIL -> EmailAddresses.canonical(v);
            case PHONE -> phones.normalize(v);
            case USERNAME -> Usernames.canonical(v);
            case ID -> v;
          });
    } catch (RejectedInputException notThatKind) {
      // What cannot be an identifier of that kind matches no account.
      return Optional.empty();
    }
  }

  private AuthEvent.RequestOrigin origin(@Nullable ClientInfo client) {
    return ClientInfo.originOf(context.config(), client);
  }
}
