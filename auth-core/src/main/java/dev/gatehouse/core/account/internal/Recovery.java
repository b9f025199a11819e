package dev.gatehouse.core.account.internal;

import static dev.gatehouse.core.account.AccountService.PURPOSE_CONFIRMATION;
import static dev.gatehouse.core.account.AccountService.PURPOSE_RESET;

import dev.gatehouse.core.account.internal.Credentials.Snapshot;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.internal.AccountChanges;
import dev.gatehouse.core.internal.DeferredRequests;
import dev.gatehouse.core.internal.LinkMailer;
import dev.gatehouse.core.internal.NetworkLimits;
import dev.gatehouse.core.internal.Outbox;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordPolicy;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ExternalAccounts;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.signin.LinkMail;
import dev.gatehouse.core.store.ActionTokenStore.ActionToken;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.delivery.TemplateNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The emailed single-use links: email confirmation (issue, resend, confirm) and password reset
 * (request, confirm). Tokens are stored only as keyed hashes, bound to the email or the password
 * hash they were issued for; the emails themselves leave through {@link LinkMailer}.
 */
public final class Recovery {
  private static final int MAX_TOKEN_LENGTH = 128;
  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecretHasher secrets;
  private final PasswordHashing passwords;
  private final PasswordPolicy passwordPolicy;
  private final SecurityEvents events;
  private final Outbox outbox;
  private final AccountChanges accountChanges;
  private final DeferredRequests deferred;
  private final Credentials credentials;
  private final LinkMailer mailer;

  public Recovery(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecretHasher secrets,
      PasswordHashing passwords,
      PasswordPolicy passwordPolicy,
      SecurityEvents events,
      Outbox outbox,
      AccountChanges accountChanges,
      DeferredRequests deferred,
      Credentials credentials,
      LinkMailer mailer) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.secrets = secrets;
    this.passwords = passwords;
    this.passwordPolicy = passwordPolicy;
    this.events = events;
    this.outbox = outbox;
    this.accountChanges = accountChanges;
    this.deferred = deferred;
    this.credentials = credentials;
    this.mailer = mailer;
    deferred.register(RESEND_REQUEST, this::resendRequested);
    deferred.register(RESET_REQUEST, this::resetRequested);
  }

  /** The deferred request behind {@link #resendConfirmation}. */
  static final String RESEND_REQUEST = "confirmation_resend_request";

  /** The deferred request behind {@link #requestPasswordReset}. */
  static final String RESET_REQUEST = "password_reset_request";

  /** Records the request and answers (see {@link NetworkLimits#deferMail}). */
  private void defer(String purpose, String email, ClientInfo client) {
    NetworkLimits.deferMail(
        config,
        clock,
        store,
        secrets,
        outbox,
        deferred,
        purpose,
        email,
        client == null ? null : client.ipAddress());
  }

  /** {@return the confirmed account's public id} */
  UUID confirmEmail(String token) {
    String hash = tokenHash(PURPOSE_CONFIRMATION, token);
    Instant now = clock.instant();
    UserRecord confirmed =
        store.inTransaction(
            tx -> {
              ActionToken t =
                  tx.actionTokens()
                      .findUsable(PURPOSE_CONFIRMATION, hash, now)
                      .orElseThrow(AccountInputs::invalidLink);
              UserRecord u =
                  tx.users()
                      .findByPublicId(t.userId())
                      .filter(x -> !x.deleted())
                      .orElseThrow(AccountInputs::invalidLink);
              if (!SecretHasher.constantTimeEquals(emailBinding(u), t.binding())
                  || !tx.actionTokens().consume(PURPOSE_CONFIRMATION, hash, now)) {
                throw AccountInputs.invalidLink();
              }
              tx.users().markVerified(u.publicId(), IdentifierKind.EMAIL, now);
              if (!u.emailVerified()) {
                accountChanges.record(tx, AccountChange.Kind.VERIFIED, u, u.publicId(), null, now);
              }
              return u;
            });
    if (!confirmed.emailVerified()) {
      events.publish(new AuthEvent.EmailVerified(now, confirmed.publicId()));
    }
    return confirmed.publicId();
  }

  void resendConfirmation(String email, ClientInfo client) {
    EmailAddresses.canonical(email);
    defer(RESEND_REQUEST, email, client);
  }

  /** A resend, on a delivery worker: a new link for a live, unconfirmed account; else nothing. */
  private void resendRequested(String email, Instant now, Predicate<StoreTransaction> settle) {
    String canonical = EmailAddresses.canonical(email);
    store.inTransaction(
        tx -> {
          if (!settle.test(tx)) {
            return null;
          }
          tx.users()
              .findByEmail(canonical)
              .filter(u -> !u.deleted() && u.active() && !u.emailVerified())
              .map(u -> confirmation(tx, u, false, now))
              .ifPresent(mail -> mailer.send(tx, mail));
          return null;
        });
  }

  /**
   * Issues a confirmation token (killing older ones) unless the address is over its limit.
   *
   * @param created whether the account was created in this transaction: it has no older token to
   *     kill, and looking for one would take a gap lock on InnoDB that deadlocks concurrent
   *     registrations inserting their tokens into the same gap
   */
  LinkMail confirmation(StoreTransaction tx, UserRecord u, boolean created, Instant now) {
    if (!mailer.underMailLimit(tx, PURPOSE_CONFIRMATION, u.emailCanonical(), now)) {
      return null;
    }
    String token = SecretHasher.newToken();
    Duration ttl = config.get(AccountSettings.CONFIRMATION_TTL);
    String hash = tokenHash(PURPOSE_CONFIRMATION, token);
    if (created) {
      tx.actionTokens()
          .add(u.publicId(), PURPOSE_CONFIRMATION, hash, emailBinding(u), now.plus(ttl), now);
    } else {
      tx.actionTokens()
          .issue(u.publicId(), PURPOSE_CONFIRMATION, hash, emailBinding(u), now.plus(ttl), now);
    }
    return new LinkMail(
        u.email(),
        TemplateNames.EMAIL_CONFIRMATION,
        AccountSettings.CONFIRMATION_LINK,
        u.publicId(),
        token,
        ttl,
        u.language());
  }

  void requestPasswordReset(String email, ClientInfo client) {
    EmailAddresses.canonical(email);
    defer(RESET_REQUEST, email, client);
  }

  /**
   * A reset request, on a delivery worker: a legacy user is moved over first (lazy migration), then
   * a live account with an address gets a link, within the address's mail limit; else nothing.
   */
  private void resetRequested(String email, Instant now, Predicate<StoreTransaction> settle) {
    String canonical = EmailAddresses.canonical(email);
    ExternalAccounts external = credentials.external();
    if (external != null) {
      external.beforeReset(email, canonical, now);
    }
    store.inTransaction(
        tx ->
            !settle.test(tx)
                ? null
                : tx.users()
                    .findByEmail(canonical)
                    .filter(u -> !u.deleted() && u.active() && u.email() != null)
                    .filter(u -> mailer.underMailLimit(tx, PURPOSE_RESET, canonical, now))
                    .map(
                        u -> {
                          String token = SecretHasher.newToken();
                          Duration ttl = config.get(PasswordSettings.RESET_TTL);
                          tx.actionTokens()
                              .issue(
                                  u.publicId(),
                                  PURPOSE_RESET,
                                  tokenHash(PURPOSE_RESET, token),
                                  passwordBinding(u.passwordHash()),
                                  now.plus(ttl),
                                  now);
                          return new LinkMail(
                              u.email(),
                              TemplateNames.PASSWORD_RESET,
                              AccountSettings.RESET_LINK,
                              u.publicId(),
                              token,
                              ttl,
                              u.language());
                        })
                    .map(
                        mail -> {
                          mailer.send(tx, mail);
                          return mail;
                        })
                    .orElse(null));
  }

  void confirmPasswordReset(String token, String newPassword) {
    String tokenHash = tokenHash(PURPOSE_RESET, token);
    Instant now = clock.instant();
    Snapshot s =
        store.inTransaction(
            tx -> {
              ActionToken t =
                  tx.actionTokens()
                      .findUsable(PURPOSE_RESET, tokenHash, now)
                      .orElseThrow(AccountInputs::invalidLink);
              UserRecord u =
                  tx.users()
                      .findByPublicId(t.userId())
                      .filter(x -> !x.deleted() && x.active())
                      .orElseThrow(AccountInputs::invalidLink);
              if (!SecretHasher.constantTimeEquals(
                  passwordBinding(u.passwordHash()), t.binding())) {
                throw AccountInputs.invalidLink();
              }
              return Snapshot.of(u, LoginThrottle.userBucket(u.publicId()));
            });
    passwordPolicy.check(newPassword, s.contextWords());
    String hash = passwords.hash(PasswordPolicy.normalize(newPassword));
    String listenerHash = accountChanges.hashPassword(newPassword, now);
    store.inTransaction(
        tx -> {
          UserRecord before = accountChanges.before(tx, s.userId(), now);
          if (!tx.actionTokens().consume(PURPOSE_RESET, tokenHash, now)
              || !tx.users().replacePasswordHash(s.userId(), s.passwordHash(), hash, now)) {
            throw AccountInputs.invalidLink();
          }
          UserRecord u = tx.users().findByPublicId(s.userId()).orElseThrow();
          // The link proved the mailbox.
          if (!u.emailVerified() || !u.verified()) {
            tx.users().markVerified(s.userId(), IdentifierKind.EMAIL, now);
          }
          credentials.afterPasswordChange(tx, s.userId(), now, "password_reset");
          accountChanges.record(
              tx, AccountChange.Kind.PASSWORD_CHANGED, before, s.userId(), listenerHash, now);
          events.publish(tx, new AuthEvent.PasswordReset(now, s.userId()));
          if (!u.emailVerified()) {
            events.publish(tx, new AuthEvent.EmailVerified(now, s.userId()));
          }
          return null;
        });
  }

  private String tokenHash(String purpose, String token) {
    if (token == null
        || token.isBlank()
        || token.length() > MAX_TOKEN_LENGTH
        || !token.chars().allMatch(Recovery::isTokenChar)) {
      throw AccountInputs.invalidLink();
    }
    return secrets.hash("action:" + purpose, token);
  }

  private static boolean isTokenChar(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }

  /** A confirmation link is valid only for the email it was sent to. */
  private String emailBinding(UserRecord u) {
    String email = u.emailCanonical();
    return secrets.hash("confirm-binding", email == null ? "" : email);
  }

  /** A reset link is valid only while the password it was issued for is unchanged. */
  private String passwordBinding(String passwordHash) {
    return secrets.hash("reset-binding", passwordHash == null ? "" : passwordHash);
  }
}
