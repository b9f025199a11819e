package dev.gatehouse.core.account.internal;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.AccountSettings.LoginIdentifier;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.Identifiers.Lookalikes;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.identity.Usernames;
import dev.gatehouse.core.internal.AccountChanges;
import dev.gatehouse.core.internal.CounterLock;
import dev.gatehouse.core.internal.LinkMailer;
import dev.gatehouse.core.internal.NetworkLimits;
import dev.gatehouse.core.internal.ResponseFloor;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordPolicy;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.signin.LinkMail;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Sign-up with a password: {@link AccountService#register}. */
public final class Registration {
  /** How long a registration claim row counts; its count is never read. */
  private final GatehouseConfig config;

  private final Clock clock;
  private final AuthStore store;
  private final SecretHasher secrets;
  private final PasswordHashing passwords;
  private final PasswordPolicy passwordPolicy;
  private final PhoneNumbers phones;
  private final SecurityEvents events;
  private final AccountChanges accountChanges;
  private final AccountFactory factory;
  private final Recovery recovery;
  private final LinkMailer mailer;
  private final ResponseFloor floor = new ResponseFloor();

  public Registration(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecretHasher secrets,
      PasswordHashing passwords,
      PasswordPolicy passwordPolicy,
      PhoneNumbers phones,
      SecurityEvents events,
      AccountChanges accountChanges,
      AccountFactory factory,
      Recovery recovery,
      LinkMailer mailer) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.secrets = secrets;
    this.passwords = passwords;
    this.passwordPolicy = passwordPolicy;
    this.phones = phones;
    this.events = events;
    this.accountChanges = accountChanges;
    this.factory = factory;
    this.recovery = recovery;
    this.mailer = mailer;
  }

  /**
   * Registers, and answers no sooner for an address that has an account than for a new one: a new
   * account's rows are written before the answer (the caller may sign in within its transaction),
   * so the paths cannot do the same work and the answer is held to a floor instead.
   */
  void register(RegistrationRequest request, ClientInfo client) {
    Instant at = clock.instant();
    String ip = client == null ? null : client.ipAddress();
    // Before any work: each registration may mail an address of the caller's choosing.
    Optional<Duration> over =
        store.inTransaction(
            tx -> NetworkLimits.count(config, secrets, tx, Counters.NETWORK_REGISTRATION, ip, at));
    if (over.isPresent()) {
      throw NetworkLimits.refusal(over.get());
    }
    long started = floor.start();
    boolean created = registerNow(request);
    floor.pad(started, created);
  }

  /** Registers; answers whether an account was created. */
  private boolean registerNow(RegistrationRequest request) {
    if (request.email() != null && request.phone() != null) {
      throw new RejectedInputException(
          ErrorCode.INVALID_REGISTRATION, "give an email address or a phone number, not both");
    }
    boolean phoneSignup = request.email() == null && request.phone() != null;
    if (phoneSignup && !config.get(AccountSettings.LOGIN_BY_PHONE)) {
      throw new RejectedInputException(
          ErrorCode.INVALID_REGISTRATION, "sign-up by phone number is not enabled");
    }
    String email = phoneSignup ? null : EmailAddresses.normalize(request.email());
    if (email != null) {
      // A look-alike of an existing address must not become a second account (UTS #39).
      Lookalikes.requireSingleScript(EmailAddresses.localPart(email), ErrorCode.INVALID_EMAIL);
    }
    String emailCanonical = email == null ? null : email.toLowerCase(Locale.ROOT);
    String phone = phoneSignup ? phones.normalize(request.phone()) : null;
    String username = null;
    String usernameCanonical = null;
    if (request.username() != null) {
      username = Usernames.normalize(request.username());
      Lookalikes.requireSingleScript(username, ErrorCode.INVALID_USERNAME);
      usernameCanonical = username.toLowerCase(Locale.ROOT);
    } else if (config.get(AccountSettings.LOGIN_IDENTIFIER) == LoginIdentifier.USERNAME) {
      throw new RejectedInputException(ErrorCode.USERNAME_REQUIRED, "a username is required");
    }
    if (config.get(AccountSettings.TERMS_REQUIRED) && !request.termsAccepted()) {
      throw new RejectedInputException(
          ErrorCode.TERMS_REQUIRED, "the terms and conditions must be accepted");
    }
    String language = AccountInputs.language(request.language());
    String timeZone = AccountInputs.timeZone(request.timeZone());
    List<String> context = new ArrayList<>();
    if (email != null) {
      context.add(EmailAddresses.localPart(email));
    }
    context.add(username);
    passwordPolicy.check(request.password(), context);
    // Hashed before looking anything up, so an existing account costs the same.
    String hash = passwords.hash(PasswordPolicy.normalize(request.password()));
    Instant now = clock.instant();
    String listenerHash = accountChanges.hashPassword(request.password(), now);
    UserRecord.Builder account =
        factory
            .newAccount(now)
            .phone(phone)
            .passwordHash(hash)
            .active(true)
            .verified(false)
            .termsAcceptedAt(request.termsAccepted() ? now : null)
            .language(language)
            .timeZone(timeZone);
    if (email != null) {
      account.email(email, emailCanonical);
    }
    if (username != null) {
      account.username(username, usernameCanonical);
    }
    UserRecord newAccount = account.build();
    String finalUsernameCanonical = usernameCanonical;
    // Registrations of one address queue on a claim row (keyed by a keyed hash, so no address is
    // stored or logged) before they look for an account, so a concurrent duplicate finds the
    // winner's account instead of hitting the unique index: the database drivers log a unique
    // violation with the offending value, which is personal data.
    CounterLock claim =
        CounterLock.of(
            Counters.REGISTRATION,
            secrets.hash("register", email != null ? "e:" + emailCanonical : "p:" + phone));
    claim.create(store, now);
    Outcome outcome;
    try {
      outcome =
          store.inTransaction(
              tx -> {
                // First statement on purpose: the row lock is taken before any read, so this
                // transaction sees an account a queued-before registration committed, even
                // under REPEATABLE READ.
                claim.take(tx, now);
                if (finalUsernameCanonical != null
                    && AccountInputs.usernameTaken(tx, finalUsernameCanonical, null)) {
                  throw AccountInputs.usernameTaken();
                }
                Optional<UserRecord> existing =
                    email != null
                        ? tx.users().findByEmail(emailCanonical)
                        : tx.users().findByPhone(phone);
                if (existing.isPresent()) {
                  UserRecord u = existing.get();
                  if (email != null
                      && !u.deleted()
                      && u.active()
                      && !u.emailVerified()
                      && u.email() != null) {
                    send(tx, recovery.confirmation(tx, u, false, now));
                  }
                  return new Outcome(null);
                }
                UserRecord u =
                    factory.create(
                        tx, newAccount, request.person() == null ? Person.NONE : request.person());
                accountChanges.record(tx, AccountChange.Kind.CREATED, null, u, listenerHash, now);
                events.publish(tx, new AuthEvent.Registered(now, u.publicId()));
                if (email != null) {
                  send(tx, recovery.confirmation(tx, u, true, now));
                }
                return new Outcome(u.publicId());
              });
    } catch (DuplicateKeyException e) {
      // A concurrent registration won the race for the same email, phone or username. The look
      // runs in a transaction of its own: a joined host transaction is already doomed (and
      // PostgreSQL refuses any further statement in it).
      boolean usernameClash =
          finalUsernameCanonical != null
              && store.inNewTransaction(
                  tx -> tx.users().findByUsername(finalUsernameCanonical).isPresent());
      if (usernameClash) {
        throw AccountInputs.usernameTaken();
      }
      boolean identifierClash =
          store.inNewTransaction(
              tx ->
                  (email != null
                          ? tx.users().findByEmail(emailCanonical)
                          : tx.users().findByPhone(phone))
                      .isPresent());
      if (identifierClash) {
        return false;
      }
      throw e;
    }
    return outcome.userId() != null;
  }

  private void send(StoreTransaction tx, LinkMail mail) {
    if (mail != null) {
      mailer.send(tx, mail);
    }
  }

  /** What a registration did, for the steps after it: the new account's id, or null. */
  private record Outcome(UUID userId) {}
}
