package dev.gatehouse.core.account.internal;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.AccountUpdate;
import dev.gatehouse.core.account.AccountService.CodeSent;
import dev.gatehouse.core.account.internal.Credentials.Snapshot;
import dev.gatehouse.core.account.internal.LoginThrottle.Reservation;
import dev.gatehouse.core.account.internal.RecentAuth.Proven;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.Identifiers.Lookalikes;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.identity.Usernames;
import dev.gatehouse.core.internal.AccountChanges;
import dev.gatehouse.core.internal.CounterLock;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordPolicy;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A signed-in user's own account (read, update, password change, soft delete) and the first
 * superuser's bootstrap.
 */
public final class AccountAdmin {
  /** The operations a refused administration call's audit entry names. */
  private static final String BOOTSTRAP = "bootstrap";

  private static final String CREATE_STAFF = "create_staff";
  private static final CounterLock BOOTSTRAP_LOCK = CounterLock.of(Counters.BOOTSTRAP);

  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final PasswordHashing passwords;
  private final PasswordPolicy passwordPolicy;
  private final PhoneNumbers phones;
  private final SecurityEvents events;
  private final AccountChanges accountChanges;
  private final SessionStarter sessions;
  private final Credentials credentials;
  private final AccountFactory factory;
  private final RecentAuth recentAuth;
  private final ContactChange contactChange;

  public AccountAdmin(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      PasswordHashing passwords,
      PasswordPolicy passwordPolicy,
      PhoneNumbers phones,
      SecurityEvents events,
      AccountChanges accountChanges,
      SessionStarter sessions,
      Credentials credentials,
      AccountFactory factory,
      RecentAuth recentAuth,
      ContactChange contactChange) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.passwords = passwords;
    this.passwordPolicy = passwordPolicy;
    this.phones = phones;
    this.events = events;
    this.accountChanges = accountChanges;
    this.sessions = sessions;
    this.credentials = credentials;
    this.factory = factory;
    this.recentAuth = recentAuth;
    this.contactChange = contactChange;
  }

  Optional<UserView> find(UUID userPublicId) {
    return store.inTransaction(
        tx -> tx.users().findByPublicId(userPublicId).filter(u -> !u.deleted()).map(UserView::of));
  }

  Optional<UserView> findByEmail(String email) {
    String canonical;
    try {
      canonical = EmailAddresses.canonical(email);
    } catch (RejectedInputException e) {
      return Optional.empty();
    }
    return store.inTransaction(
        tx -> tx.users().findByEmail(canonical).filter(u -> !u.deleted()).map(UserView::of));
  }

  Optional<UserView> findByPhone(String phone) {
    String e164;
    try {
      e164 = phones.normalize(phone);
    } catch (RejectedInputException e) {
      return Optional.empty();
    }
    return store.inTransaction(
        tx -> tx.users().findByPhone(e164).filter(u -> !u.deleted()).map(UserView::of));
  }

  UserView updateAccount(UUID userPublicId, AccountUpdate update) {
    String language = update.language() == null ? null : AccountInputs.language(update.language());
    String timeZone = update.timeZone() == null ? null : AccountInputs.timeZone(update.timeZone());
    String username = update.username() == null ? null : Usernames.normalize(update.username());
    if (username != null) {
      Lookalikes.requireSingleScript(username, ErrorCode.INVALID_USERNAME);
    }
    Instant now = clock.instant();
    try {
      return store.inTransaction(
          tx -> {
            UserRecord u = Credentials.live(tx, userPublicId);
            UserRecord.Builder changed = u.toBuilder().modifiedAt(now);
            if (update.language() != null) {
              changed.language(language);
            }
            if (update.timeZone() != null) {
              changed.timeZone(timeZone);
            }
            if (username != null) {
              String canonical = username.toLowerCase(Locale.ROOT);
              if (AccountInputs.usernameTaken(tx, canonical, userPublicId)) {
                throw AccountInputs.usernameTaken();
              }
              changed.username(username, canonical);
            }
            UserRecord v = changed.build();
            tx.users()
                .updateDetails(
                    userPublicId,
                    v.language(),
                    v.timeZone(),
                    v.username(),
                    v.usernameCanonical(),
                    now);
            if (!java.util.Objects.equals(u.username(), v.username())) {
              accountChanges.record(tx, AccountChange.Kind.USERNAME_CHANGED, u, v, null, now);
            }
            return UserView.of(v);
          });
    } catch (DuplicateKeyException e) {
      throw AccountInputs.usernameTaken();
    }
  }

  void changePassword(UUID userPublicId, String currentPassword, String newPassword) {
    credentials.checkPasswordShape(currentPassword);
    Instant now = clock.instant();
    Snapshot s = credentials.liveSnapshot(userPublicId, now);
    passwordPolicy.check(newPassword, s.contextWords());
    Reservation attempt = credentials.reserve(null, s.bucket(), now);
    PasswordVerification result = credentials.verifyAsTyped(currentPassword, s);
    if (!result.matched()) {
      throw credentials.failed(
          attempt, s, now, ErrorCode.INVALID_CREDENTIALS, RequestOrigin.UNKNOWN);
    }
    String hash = passwords.hash(PasswordPolicy.normalize(newPassword));
    String listenerHash = accountChanges.hashPassword(newPassword, now);
    storeNewPassword(
        userPublicId, s, hash, listenerHash, now, new AuthEvent.PasswordChanged(now, userPublicId));
  }

  void deleteAccount(UUID userPublicId, String password) {
    Instant now = clock.instant();
    Snapshot s = credentials.liveSnapshot(userPublicId, now);
    if (!s.hasUsablePassword()) {
      // Nothing here proves the holder is present: such an account is deleted through the
      // token form with a fresh code (or a recent sign-in).
      throw new ReauthenticationRequiredException(
          List.of(ReauthenticationRequiredException.METHOD_CODE));
    }
    credentials.checkPasswordShape(password);
    Reservation attempt = credentials.reserve(null, s.bucket(), now);
    if (!credentials.verifyAsTyped(password, s).matched()) {
      throw credentials.failed(
          attempt, s, now, ErrorCode.INVALID_CREDENTIALS, RequestOrigin.UNKNOWN);
    }
    softDelete(userPublicId, s, attempt, RequestOrigin.UNKNOWN, now);
  }

  void deleteAccount(VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    Proven p = recentAuth.require(caller, proof, client);
    softDelete(
        caller.userPublicId(),
        p.snapshot(),
        p.reservation(),
        ClientInfo.originOf(config, client),
        clock.instant());
  }

  private void softDelete(
      UUID userPublicId, Snapshot s, Reservation attempt, RequestOrigin origin, Instant now) {
    store.inTransaction(
        tx -> {
          UserRecord u = Credentials.live(tx, userPublicId);
          if (!Objects.equals(u.passwordHash(), s.passwordHash())) {
            throw AccountInputs.invalidCredentials();
          }
          tx.users().softDelete(userPublicId, now);
          accountChanges.record(tx, AccountChange.Kind.DELETED, u, userPublicId, null, now);
          tx.actionTokens().revokeAll(userPublicId, AccountService.PURPOSE_RESET, now);
          tx.actionTokens().revokeAll(userPublicId, AccountService.PURPOSE_CONFIRMATION, now);
          credentials.settle(tx, attempt);
          sessions.revokeAll(tx, userPublicId, "account_deleted");
          events.publish(tx, new AuthEvent.AccountDeleted(now, userPublicId, origin));
          return null;
        });
  }

  void changePassword(
      VerifiedAccessToken caller, Reauthentication proof, String newPassword, ClientInfo client) {
    Proven p = recentAuth.require(caller, proof, client);
    Snapshot s = p.snapshot();
    passwordPolicy.check(newPassword, s.contextWords());
    String hash = passwords.hash(PasswordPolicy.normalize(newPassword));
    Instant now = clock.instant();
    String listenerHash = accountChanges.hashPassword(newPassword, now);
    UUID userPublicId = caller.userPublicId();
    storeNewPassword(
        userPublicId,
        s,
        hash,
        listenerHash,
        now,
        new AuthEvent.PasswordChanged(now, userPublicId, ClientInfo.originOf(config, client)));
  }

  /**
   * Replaces the password the caller proved (a concurrent change makes it {@code
   * invalid_credentials}), ends the sessions and links that went with it, and reports the change to
   * a module that listens, in one transaction, which also records {@code event}.
   */
  private void storeNewPassword(
      UUID userPublicId,
      Snapshot s,
      String hash,
      String listenerHash,
      Instant now,
      AuthEvent.PasswordChanged event) {
    store.inTransaction(
        tx -> {
          replacePassword(tx, userPublicId, s.passwordHash(), hash, listenerHash, now);
          events.publish(tx, event);
          return null;
        });
  }

  /** The password change itself, in the flow's transaction: what every caller of it does. */
  private void replacePassword(
      StoreTransaction tx,
      UUID userPublicId,
      String expectedHash,
      String hash,
      String listenerHash,
      Instant now) {
    UserRecord before = accountChanges.before(tx, userPublicId, now);
    if (!tx.users().replacePasswordHash(userPublicId, expectedHash, hash, now)) {
      throw AccountInputs.invalidCredentials();
    }
    credentials.afterPasswordChange(tx, userPublicId, now, "password_changed");
    accountChanges.record(
        tx, AccountChange.Kind.PASSWORD_CHANGED, before, userPublicId, listenerHash, now);
  }

  /**
   * A staff member's new password for another account, in the staff member's transaction: the
   * password policy, then the change every password change makes, recorded naming {@code admin}.
   */
  public void setPassword(
      StoreTransaction tx,
      UUID admin,
      UserRecord account,
      String newPassword,
      @Nullable ClientInfo client) {
    Instant now = clock.instant();
    passwordPolicy.check(newPassword, Snapshot.of(account, "").contextWords());
    String hash = passwords.hash(PasswordPolicy.normalize(newPassword));
    String listenerHash = accountChanges.hashPassword(newPassword, now);
    replacePassword(tx, account.publicId(), account.passwordHash(), hash, listenerHash, now);
    events.publish(
        tx,
        SecurityEvents.Actor.ADMIN,
        admin,
        new AuthEvent.PasswordChanged(
            now, account.publicId(), ClientInfo.originOf(config, client)));
  }

  /** See {@link ContactChange#setEmail}. */
  public boolean setEmail(
      StoreTransaction tx,
      UUID admin,
      UserRecord account,
      String email,
      @Nullable ClientInfo client) {
    return contactChange.setEmail(tx, admin, account, email, client);
  }

  CodeSent requestReauthenticationCode(VerifiedAccessToken caller) {
    return recentAuth.requestCode(caller);
  }

  ContactChange contactChange() {
    return contactChange;
  }

  UUID createSuperuser(String bootstrapToken, String email, String password) {
    String configured = config.get(AccountSettings.ADMIN_BOOTSTRAP_TOKEN);
    if (configured == null) {
      throw events.adminRefused(
          BOOTSTRAP,
          null,
          new RejectedInputException(
              ErrorCode.BOOTSTRAP_DISABLED,
              "admin bootstrap is disabled (no bootstrap token configured)"));
    }
    if (!SecretHasher.constantTimeEquals(configured, bootstrapToken)) {
      throw events.adminRefused(
          BOOTSTRAP,
          null,
          new RejectedInputException(
              ErrorCode.INVALID_BOOTSTRAP_TOKEN, "the bootstrap token is wrong"));
    }
    Instant now = clock.instant();
    UserRecord superuser = adminAccount(email, password, true, now);
    String listenerHash = accountChanges.hashPassword(password, now);
    String canonical = superuser.emailCanonical();
    // The counter row is the bootstrap mutex; make sure it exists first, in its own transaction.
    BOOTSTRAP_LOCK.create(store, now);
    UUID id;
    try {
      id = bootstrap(superuser, canonical, listenerHash, now);
    } catch (RejectedInputException e) {
      // Rolled back: kept in a transaction of its own (an address taken is not kept).
      throw events.adminRefused(BOOTSTRAP, null, e);
    }
    return id;
  }

  private UUID bootstrap(UserRecord superuser, String canonical, String listenerHash, Instant now) {
    return store.inTransaction(
        tx -> {
          // First statement on purpose: an UPDATE of the existing row takes its lock
          // without opening a read snapshot, so concurrent bootstraps queue here and the
          // count below sees a superuser the previous one committed, even under
          // REPEATABLE READ.
          BOOTSTRAP_LOCK.take(tx, now);
          if (tx.users().countSuperusers() > 0) {
            throw new RejectedInputException(
                ErrorCode.SUPERUSER_EXISTS, "a superuser already exists; bootstrap is closed");
          }
          if (tx.users().findByEmail(canonical).isPresent()) {
            throw new RejectedInputException(
                ErrorCode.EMAIL_TAKEN, "an account with this email already exists");
          }
          UserRecord created = factory.create(tx, superuser);
          accountChanges.record(tx, AccountChange.Kind.CREATED, null, created, listenerHash, now);
          events.publish(
              tx, SecurityEvents.Actor.ADMIN, new AuthEvent.Registered(now, created.publicId()));
          return created.publicId();
        });
  }

  UUID createStaff(VerifiedAccessToken caller, String email, String password) {
    Objects.requireNonNull(caller, "caller");
    Instant now = clock.instant();
    // Authorised before any work: the session must be alive and its account a superuser, so a
    // caller who may not create staff costs no password hash and learns nothing about the input.
    requireSuperuser(recentAuth.liveCaller(caller, now), caller);
    UserRecord staff = adminAccount(email, password, false, now);
    String listenerHash = accountChanges.hashPassword(password, now);
    String canonical = staff.emailCanonical();
    UUID id =
        store.inTransaction(
            tx -> {
              // Read again with the insert: a superuser demoted or deleted a moment ago
              // creates nobody.
              requireSuperuser(Credentials.live(tx, caller.userPublicId()), caller);
              if (tx.users().findByEmail(canonical).isPresent()) {
                throw new RejectedInputException(
                    ErrorCode.EMAIL_TAKEN, "an account with this email already exists");
              }
              UserRecord created = factory.create(tx, staff);
              accountChanges.record(
                  tx, AccountChange.Kind.CREATED, null, created, listenerHash, now);
              // The entry names the superuser who created the account.
              events.publish(
                  tx,
                  SecurityEvents.Actor.ADMIN,
                  caller.userPublicId(),
                  new AuthEvent.Registered(now, created.publicId()));
              return created.publicId();
            });
    return id;
  }

  private void requireSuperuser(UserRecord u, VerifiedAccessToken caller) {
    // The session rule (StoreTransaction.SessionOwner): an active, undeleted account.
    if (!u.superuser()
        || !new StoreTransaction.SessionOwner(u.active(), u.deleted(), false).maySignIn()) {
      // In a transaction of its own: the staff creation's own rolls back with this refusal.
      throw events.adminRefused(
          CREATE_STAFF,
          caller.userPublicId(),
          new RejectedInputException(
              ErrorCode.FORBIDDEN, "only a superuser may create staff accounts"));
    }
  }

  /**
   * A verified staff account (a superuser too when asked) with a checked email and password: what
   * both admin creations make.
   */
  private UserRecord adminAccount(String email, String password, boolean superuser, Instant now) {
    String normalized = EmailAddresses.normalize(email);
    Lookalikes.requireSingleScript(EmailAddresses.localPart(normalized), ErrorCode.INVALID_EMAIL);
    passwordPolicy.check(password, List.of(EmailAddresses.localPart(normalized)));
    String hash = passwords.hash(PasswordPolicy.normalize(password));
    return factory
        .newAccount(now)
        .email(normalized, normalized.toLowerCase(Locale.ROOT))
        .passwordHash(hash)
        .active(true)
        .verified(true)
        .emailVerified(true)
        .staff(true)
        .superuser(superuser)
        .build();
  }
}
