package dev.gatehouse.core.account;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.LoginIdentifier;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthInfrastructureException;
import dev.gatehouse.core.error.RateLimitedException;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.IdentifierKind;
import dev.gatehouse.core.identity.Identifiers;
import dev.gatehouse.core.identity.Usernames;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.NewAccounts;
import dev.gatehouse.core.migration.LegacyAccount;
import dev.gatehouse.core.migration.LegacyAuthenticator;
import dev.gatehouse.core.migration.LegacyIdentifier;
import dev.gatehouse.core.password.PasswordPolicy;
import dev.gatehouse.core.password.PasswordVerification;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.TokenPair;
import dev.gatehouse.core.store.ActionTokenStore.ActionToken;
import dev.gatehouse.core.store.DuplicateKeyException;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.email.EmailTemplates;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts with a password: registration, email confirmation, login, password change and reset,
 * account update and soft delete, and the first superuser. Obtained from {@code
 * Gatehouse.accounts()}; immutable and thread-safe.
 *
 * <pre>{@code
 * AccountService accounts = gatehouse.accounts();
 * accounts.register(RegistrationRequest.builder()
 *     .email("alice@example.com").password("correct horse battery").build());
 * // the user follows the emailed link: https://app.example.com/confirm-email?token=...
 * accounts.confirmEmail(token);
 * TokenPair tokens = accounts.login(
 *     new LoginRequest("Alice@Example.com", "correct horse battery", ClientInfo.web(ip)));
 * }</pre>
 *
 * <p><b>Transactions and events.</b> Every flow writes in one store transaction, or in none when it
 * throws {@link RejectedInputException}; the one exception is a failed login (or a wrong current
 * password), which commits its failure count and then throws. Events are published after the
 * commit; emails are sent after the commit and logged in the host's email log.
 *
 * <p><b>No account enumeration.</b> {@link #register} for an address that already has an account,
 * {@link #resendConfirmation} and {@link #requestPasswordReset} for an unknown address, and {@link
 * #login} for an unknown identifier answer exactly as in the ordinary case, and a login or a
 * registration always computes exactly one password hash whether or not the account exists.
 *
 * <p><b>Passwords</b> are put in Unicode NFKC form ({@link PasswordPolicy#normalize}) before they
 * are checked, hashed or verified, the same way at every entry point.
 *
 * <p><b>Errors</b> are {@link RejectedInputException}s with stable codes: {@code invalid_email},
 * {@code invalid_phone}, {@code invalid_username}, {@code invalid_identifier}, {@code
 * password_required}, {@code password_too_short}, {@code password_too_long}, {@code
 * password_too_common}, {@code password_similar_to_account}, {@code username_required}, {@code
 * username_taken}, {@code terms_required}, {@code invalid_registration}, {@code invalid_language},
 * {@code invalid_time_zone}, {@code invalid_credentials}, {@code account_not_verified}, {@code
 * invalid_token}, {@code account_not_found}, {@code bootstrap_disabled}, {@code
 * invalid_bootstrap_token}, {@code superuser_exists}, {@code email_taken}; and {@link
 * RateLimitedException} with {@code rate_limited} or {@code account_locked} and a retry-after.
 */
public final class AccountService {
  private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

  /** Action-token purpose of an account-confirmation link. */
  public static final String PURPOSE_CONFIRMATION = "email_confirmation";

  /** Action-token purpose of a password-reset link. */
  public static final String PURPOSE_RESET = "password_reset";

  /** Longest identifier or token accepted before any other check. */
  private static final int MAX_IDENTIFIER_LENGTH = 320;

  private static final int MAX_TOKEN_LENGTH = 128;
  private static final int MAX_LANGUAGE_LENGTH = 16;
  private static final int MAX_TIME_ZONE_LENGTH = 64;
  private static final Duration MAIL_WINDOW = Duration.ofHours(1);
  private static final Duration BOOTSTRAP_WINDOW = Duration.ofDays(36500);
  private static final String BOOTSTRAP_LOCK = "admin:bootstrap";

  private final GatehouseContext ctx;
  private final SessionStarter sessions;
  private final LoginThrottle throttle;
  private final LinkMailer mailer;

  /**
   * @param ctx the shared wiring (internal)
   * @param sessions starts and ends sessions inside this service's flows
   */
  public AccountService(GatehouseContext ctx, SessionStarter sessions) {
    this.ctx = requireNonNull(ctx, "ctx");
    this.sessions = requireNonNull(sessions, "sessions");
    this.throttle = new LoginThrottle(ctx);
    this.mailer = new LinkMailer(ctx);
  }

  // ---- registration and confirmation ------------------------------------------------------

  /**
   * Creates an unverified account with its default profile and emails a confirmation link to the
   * frontend URL. The link carries a single-use token, stored only as a keyed hash, valid for
   * {@code CONFIRMATION_TTL}.
   *
   * <p>An email sign-up needs an email and a password; a phone sign-up (allowed when {@code
   * LOGIN_BY_PHONE} is on) gives a phone instead of an email, and its number is verified later with
   * a one-time code. Giving both is refused: a phone joins an email account only through a code,
   * which proves the number is the user's. A username is required when the login identifier is
   * {@code username}; an unavailable username is the one thing reported ({@code username_taken}),
   * and it is checked before the email, so the answer says nothing about the email.
   *
   * <p>When the email (or phone) already has an account, this returns normally as for a new one,
   * after hashing the password all the same. If that account's email is still unconfirmed, a fresh
   * confirmation link is sent to it (the previous one dies); otherwise nothing is sent. At most
   * {@code OTP_MAX_PER_DESTINATION} link emails go to one address per hour; further ones are
   * silently skipped.
   *
   * @param request the sign-up form
   * @throws RejectedInputException for invalid input (see the class description); nothing is
   *     written
   */
  public void register(RegistrationRequest request) {
    requireNonNull(request, "request");
    GatehouseConfig config = ctx.config();
    if (request.email() != null && request.phone() != null) {
      throw new RejectedInputException(
          "invalid_registration", "give an email address or a phone number, not both");
    }
    boolean phoneSignup = request.email() == null && request.phone() != null;
    if (phoneSignup && !config.get(GatehouseConfig.LOGIN_BY_PHONE)) {
      throw new RejectedInputException(
          "invalid_registration", "sign-up by phone number is not enabled");
    }
    String email = phoneSignup ? null : EmailAddresses.normalize(request.email());
    String emailCanonical = email == null ? null : email.toLowerCase(Locale.ROOT);
    String phone = phoneSignup ? ctx.phones().normalize(request.phone()) : null;
    String username = null;
    String usernameCanonical = null;
    if (request.username() != null) {
      username = Usernames.normalize(request.username());
      usernameCanonical = username.toLowerCase(Locale.ROOT);
    } else if (config.get(GatehouseConfig.LOGIN_IDENTIFIER) == LoginIdentifier.USERNAME) {
      throw new RejectedInputException("username_required", "a username is required");
    }
    if (config.get(GatehouseConfig.TERMS_REQUIRED) && !request.termsAccepted()) {
      throw new RejectedInputException(
          "terms_required", "the terms and conditions must be accepted");
    }
    String language = language(request.language());
    String timeZone = timeZone(request.timeZone());
    List<String> context = new ArrayList<>();
    if (email != null) {
      context.add(EmailAddresses.localPart(email));
    }
    context.add(username);
    ctx.passwordPolicy().check(request.password(), context);
    // Hashed before looking anything up, so an existing account costs the same.
    String hash = ctx.passwords().hash(PasswordPolicy.normalize(request.password()));
    Instant now = ctx.clock().instant();
    String finalUsername = username;
    String finalUsernameCanonical = usernameCanonical;
    Registration outcome;
    try {
      outcome =
          ctx.store()
              .inTransaction(
                  tx -> {
                    if (finalUsernameCanonical != null
                        && tx.findUserByUsername(finalUsernameCanonical).isPresent()) {
                      throw usernameTaken();
                    }
                    Optional<AuthUserBase> existing =
                        email != null
                            ? tx.findUserByEmail(emailCanonical)
                            : tx.findUserByPhone(phone);
                    if (existing.isPresent()) {
                      AuthUserBase u = existing.get();
                      if (email != null
                          && !u.isDeleted()
                          && u.isActive()
                          && !u.isEmailVerified()
                          && u.getEmail() != null) {
                        return new Registration(null, confirmation(tx, u, now));
                      }
                      return new Registration(null, null);
                    }
                    AuthUserBase u = tx.newUser();
                    if (email != null) {
                      u.setEmail(email, emailCanonical);
                    }
                    u.setPhone(phone);
                    if (finalUsername != null) {
                      u.setUsername(finalUsername, finalUsernameCanonical);
                    }
                    u.setPasswordHash(hash);
                    u.setActive(true);
                    u.setVerified(false);
                    u.setTermsAcceptedAt(request.termsAccepted() ? now : null);
                    u.setLanguage(language);
                    u.setTimeZone(timeZone);
                    u.touch(now);
                    tx.insert(u);
                    tx.flush();
                    NewAccounts.addDefaultProfile(tx, u, config, now);
                    LinkMailer.Mail mail = email != null ? confirmation(tx, u, now) : null;
                    return new Registration(u.getPublicId(), mail);
                  });
    } catch (DuplicateKeyException e) {
      // A concurrent registration won the race for the same email, phone or username.
      boolean usernameClash =
          finalUsernameCanonical != null
              && ctx.store()
                  .inTransaction(tx -> tx.findUserByUsername(finalUsernameCanonical).isPresent());
      if (usernameClash) {
        throw usernameTaken();
      }
      boolean identifierClash =
          ctx.store()
              .inTransaction(
                  tx ->
                      (email != null
                              ? tx.findUserByEmail(emailCanonical)
                              : tx.findUserByPhone(phone))
                          .isPresent());
      if (identifierClash) {
        return;
      }
      throw e;
    }
    if (outcome.mail() != null) {
      mailer.send(outcome.mail());
    }
    if (outcome.userId() != null) {
      ctx.events().publish(new AuthEvent.Registered(now, outcome.userId()));
    }
  }

  /**
   * Confirms an account's email with the token from the confirmation link: the email and the
   * account become verified. The token is spent; it also dies when a newer one is issued or the
   * account's email changes.
   *
   * @param token the token from the link
   * @throws RejectedInputException {@code invalid_token} when the token is malformed, unknown,
   *     used, expired or superseded
   */
  public void confirmEmail(String token) {
    String hash = tokenHash(PURPOSE_CONFIRMATION, token);
    Instant now = ctx.clock().instant();
    UUID verified =
        ctx.store()
            .inTransaction(
                tx -> {
                  ActionToken t =
                      tx.actionTokens()
                          .findUsable(PURPOSE_CONFIRMATION, hash, now)
                          .orElseThrow(AccountService::invalidToken);
                  AuthUserBase u =
                      tx.findUserByPublicId(t.userId())
                          .filter(x -> !x.isDeleted())
                          .orElseThrow(AccountService::invalidToken);
                  if (!SecretHasher.constantTimeEquals(emailBinding(u), t.binding())
                      || !tx.actionTokens().consume(PURPOSE_CONFIRMATION, hash, now)) {
                    throw invalidToken();
                  }
                  boolean wasVerified = u.isEmailVerified();
                  u.setEmailVerified(true);
                  u.setVerified(true);
                  u.touch(now);
                  return wasVerified ? null : u.getPublicId();
                });
    if (verified != null) {
      ctx.events().publish(new AuthEvent.EmailVerified(now, verified));
    }
  }

  /**
   * Sends a fresh confirmation link (the previous one dies) if the address belongs to an account
   * whose email is not yet confirmed. Answers the same whatever the address: unknown, confirmed,
   * deleted or over its hourly email limit.
   *
   * @param email the address
   * @throws RejectedInputException {@code invalid_email} when the address is malformed
   */
  public void resendConfirmation(String email) {
    String canonical = EmailAddresses.canonical(email);
    Instant now = ctx.clock().instant();
    LinkMailer.Mail mail =
        ctx.store()
            .inTransaction(
                tx ->
                    tx.findUserByEmail(canonical)
                        .filter(u -> !u.isDeleted() && u.isActive() && !u.isEmailVerified())
                        .map(u -> confirmation(tx, u, now))
                        .orElse(null));
    if (mail != null) {
      mailer.send(mail);
    }
  }

  // ---- login ------------------------------------------------------------------------------

  /**
   * Logs a user in with an identifier and a password and starts a session.
   *
   * <p>Which identifiers are accepted follows {@code LOGIN_IDENTIFIER} (email, username or both)
   * and {@code LOGIN_BY_PHONE}; identifiers are normalised first, so case and Unicode variants name
   * the same account. An unknown identifier, a wrong password, an account with no usable password,
   * an inactive and a soft-deleted account all fail the same way ({@code invalid_credentials}), are
   * counted the same way and cost exactly one password hash. An unverified account with the right
   * password is refused with {@code account_not_verified} when {@code REQUIRE_VERIFIED} is on.
   *
   * <p>Failures are counted in the database per account (every identifier of an account, and every
   * spelling of an unknown identifier, shares one bucket) and per client IP. After {@code
   * LOGIN_DELAY_AFTER} failures each attempt must wait a doubling delay, and after {@code
   * LOGIN_MAX_FAILURES} the account is locked for {@code LOCKOUT_DURATION}; a refused attempt is
   * not counted and hashes nothing. A success clears its own account's count only. Malformed input
   * is refused with its own code and counts as a failure.
   *
   * <p>A password stored in a legacy format or with weaker parameters is re-hashed with the current
   * default in the login's transaction, only if the stored hash is still the one verified
   * (compare-and-swap); if it changed meanwhile, the login fails and the new password stays.
   *
   * <p><b>Lazy migration.</b> With a {@link LegacyAuthenticator} registered, an identifier that no
   * account has is looked up in the legacy system. If it knows the user and the password matches
   * (against the legacy hash, or as confirmed by the legacy system), the account is created as a
   * registration creates it (user and default profile, in the transaction that starts the session),
   * with the password re-hashed in the current format, and the legacy side is told ({@link
   * LegacyAuthenticator#markMigrated}) after the commit. The legacy user's other identifiers that
   * already belong to another account are not carried over. A wrong password, an inactive legacy
   * user or a user the legacy system does not know fail as above and create nothing; the hash count
   * stays exactly one (see {@link LegacyAuthenticator}).
   *
   * @param request identifier, password and client
   * @return the new session's token pair
   * @throws RejectedInputException {@code invalid_credentials}, {@code account_not_verified} or a
   *     format code
   * @throws RateLimitedException {@code rate_limited} or {@code account_locked}
   */
  public TokenPair login(LoginRequest request) {
    requireNonNull(request, "request");
    return login(request, true);
  }

  private TokenPair login(LoginRequest request, boolean consultLegacy) {
    ClientInfo client = request.client() == null ? ClientInfo.web() : request.client();
    Instant now = ctx.clock().instant();
    String ipBucket = throttle.ipBucket(client.ipAddress());
    Identifier parsed = null;
    try {
      parsed = identifier(request.identifier());
      checkPasswordShape(request.password());
    } catch (RejectedInputException e) {
      // Malformed input is a failed attempt: charged to the IP, and to the account when the
      // identifier itself was fine.
      failAfterCounting(ipBucket, parsed, now, e);
      throw e;
    }
    Identifier id = parsed;
    Snapshot s =
        ctx.store()
            .inTransaction(
                tx -> {
                  throttle.check(tx, ipBucket, null, now);
                  AuthUserBase u = find(tx, id).orElse(null);
                  String bucket = bucketFor(u, id);
                  throttle.check(tx, null, bucket, now);
                  return Snapshot.of(u, bucket);
                });
    String password = PasswordPolicy.normalize(request.password());
    LegacyAccount legacy =
        s.userId() == null && consultLegacy
            ? legacyLookup(id, request.identifier(), request.password())
            : null;
    Snapshot checked = legacy == null ? s : Snapshot.ofLegacy(legacy, s.bucket());
    PasswordVerification result = verifyAsTyped(request.password(), checked);
    if (!result.matched() || !checked.active() || checked.deleted()) {
      throw failed(ipBucket, s, now, "invalid_credentials");
    }
    if (legacy != null) {
      return migrateAtLogin(request, legacy, password, s.bucket(), client, now);
    }
    if (ctx.config().get(GatehouseConfig.REQUIRE_VERIFIED) && !s.verified()) {
      throw new RejectedInputException(
          "account_not_verified", "the account must be confirmed before it can log in");
    }
    String upgraded =
        result == PasswordVerification.MATCH_NEEDS_UPGRADE ? ctx.passwords().hash(password) : null;
    Optional<TokenPair> tokens =
        ctx.store()
            .inTransaction(
                tx -> {
                  AuthUserBase u = tx.findUserByPublicId(s.userId()).orElse(null);
                  if (u == null
                      || u.isDeleted()
                      || !u.isActive()
                      || !Objects.equals(u.getPasswordHash(), s.passwordHash())) {
                    // Changed between the check and now: the verified password is stale.
                    return Optional.<TokenPair>empty();
                  }
                  u.setLastLoginAt(now);
                  u.touch(now);
                  tx.flush();
                  if (upgraded != null) {
                    if (!tx.replacePasswordHash(s.userId(), s.passwordHash(), upgraded, now)) {
                      return Optional.<TokenPair>empty();
                    }
                    // Keep the managed entity in step, so a later flush cannot write the old hash.
                    u.setPasswordHash(upgraded);
                  }
                  throttle.clear(tx, s.bucket());
                  return Optional.of(sessions.start(tx, u, List.of("pwd"), client));
                });
    if (tokens.isEmpty()) {
      ctx.events().publish(new AuthEvent.LoginFailed(now, s.userId(), "invalid_credentials"));
      throw invalidCredentials();
    }
    ctx.events().publish(new AuthEvent.LoggedIn(now, s.userId(), "pwd"));
    return tokens.get();
  }

  /**
   * Creates the account of a legacy user whose password just matched, starts the session in the
   * same transaction (unless the account must be verified first), then tells the legacy side.
   */
  private TokenPair migrateAtLogin(
      LoginRequest request,
      LegacyAccount legacy,
      String password,
      String bucket,
      ClientInfo client,
      Instant now) {
    // Always re-hashed: the legacy hash (if any) is in someone else's format and parameters.
    String hash = ctx.passwords().hash(password);
    boolean mayStart = !ctx.config().get(GatehouseConfig.REQUIRE_VERIFIED) || legacy.verified();
    Migrated m;
    try {
      m =
          ctx.store()
              .inTransaction(
                  tx -> {
                    AuthUserBase u = createFromLegacy(tx, legacy, hash, now);
                    if (u == null) {
                      return null;
                    }
                    if (!mayStart) {
                      return new Migrated(u.getPublicId(), null);
                    }
                    u.setLastLoginAt(now);
                    tx.flush();
                    throttle.clear(tx, bucket);
                    return new Migrated(
                        u.getPublicId(), sessions.start(tx, u, List.of("pwd"), client));
                  });
    } catch (DuplicateKeyException e) {
      m = null;
    }
    if (m == null) {
      // A concurrent login migrated the same user (or took one of its identifiers) first: the
      // account is local now, so the ordinary path decides.
      return login(request, false);
    }
    afterMigration(legacy, m.userId(), now);
    if (m.tokens() == null) {
      throw new RejectedInputException(
          "account_not_verified", "the account must be confirmed before it can log in");
    }
    ctx.events().publish(new AuthEvent.LoggedIn(now, m.userId(), "pwd"));
    return m.tokens();
  }

  /**
   * Inserts the legacy user as a new account with its default profile, or answers {@code null} when
   * an account with the same primary identifier appeared meanwhile. Identifiers that are malformed
   * by Gatehouse's rules or already belong to another account are left out.
   */
  private AuthUserBase createFromLegacy(
      StoreTransaction tx, LegacyAccount a, String passwordHash, Instant now) {
    String email = null;
    if (a.email() != null && !a.email().isBlank()) {
      try {
        email = EmailAddresses.normalize(a.email());
      } catch (RejectedInputException e) {
        LOG.info("legacy user {}: email not carried over ({})", a.legacyId(), e.code());
      }
    }
    String phone = null;
    if (a.phone() != null && !a.phone().isBlank()) {
      try {
        phone = ctx.phones().normalize(a.phone());
      } catch (RejectedInputException e) {
        LOG.info("legacy user {}: phone not carried over ({})", a.legacyId(), e.code());
      }
    }
    String username = null;
    if (a.username() != null && !a.username().isBlank()) {
      try {
        username = Usernames.normalize(a.username());
      } catch (RejectedInputException e) {
        LOG.info("legacy user {}: username not carried over ({})", a.legacyId(), e.code());
      }
    }
    String emailCanonical = email == null ? null : email.toLowerCase(Locale.ROOT);
    String usernameCanonical = username == null ? null : username.toLowerCase(Locale.ROOT);
    if (emailCanonical != null && tx.findUserByEmail(emailCanonical).isPresent()) {
      if (phone == null && usernameCanonical == null) {
        return null;
      }
      LOG.info("legacy user {}: email belongs to another account, not carried over", a.legacyId());
      emailCanonical = null;
      email = null;
    }
    if (phone != null && tx.findUserByPhone(phone).isPresent()) {
      LOG.info("legacy user {}: phone belongs to another account, not carried over", a.legacyId());
      phone = null;
    }
    if (usernameCanonical != null && tx.findUserByUsername(usernameCanonical).isPresent()) {
      LOG.info(
          "legacy user {}: username belongs to another account, not carried over", a.legacyId());
      usernameCanonical = null;
      username = null;
    }
    if (email == null && phone == null && username == null) {
      return null;
    }
    AuthUserBase u = tx.newUser();
    if (email != null) {
      u.setEmail(email, emailCanonical);
      u.setEmailVerified(a.emailVerified());
    }
    u.setPhone(phone);
    u.setPhoneVerified(phone != null && a.phoneVerified());
    if (username != null) {
      u.setUsername(username, usernameCanonical);
    }
    u.setPasswordHash(passwordHash);
    u.setActive(true);
    u.setVerified(a.verified());
    u.touch(a.createdAt() != null ? a.createdAt() : now);
    u.touch(now);
    tx.insert(u);
    tx.flush();
    NewAccounts.addDefaultProfile(tx, u, ctx.config(), now);
    return u;
  }

  /** Asks the legacy system, if one is registered; answers {@code null} when it does not know. */
  private LegacyAccount legacyLookup(Identifier id, String typed, String password) {
    LegacyAuthenticator legacy = ctx.legacyAuthenticator();
    if (legacy == null) {
      return null;
    }
    LegacyAccount a;
    try {
      a =
          legacy
              .lookup(new LegacyIdentifier(id.kind(), id.canonical(), typed), password)
              .orElse(null);
    } catch (AuthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AuthInfrastructureException(
          "legacy_unavailable", "the legacy user store could not be asked", true, e);
    }
    if (a != null && password == null && a.passwordConfirmed()) {
      // A confirmation without a password is meaningless; keep only what the lookup says.
      a = null;
    }
    return a;
  }

  /** After the commit: tell the legacy side and publish the registration. */
  private void afterMigration(LegacyAccount legacy, UUID userId, Instant now) {
    try {
      ctx.legacyAuthenticator().markMigrated(legacy.legacyId(), userId);
    } catch (RuntimeException e) {
      // The local account already wins every later lookup; the legacy flag is housekeeping.
      LOG.warn("legacy user {} migrated but could not be marked as migrated", legacy.legacyId(), e);
    }
    LOG.info("legacy user {} migrated lazily to account {}", legacy.legacyId(), userId);
    ctx.events().publish(new AuthEvent.Registered(now, userId));
  }

  /**
   * Before a password reset for an address no account has: moves the legacy user over (keeping the
   * legacy hash verbatim, so the old password also keeps working and is upgraded at its first
   * login), so that the reset then proceeds as for any account.
   */
  private void migrateForReset(String email, String canonical, Instant now) {
    if (ctx.legacyAuthenticator() == null
        || ctx.store().inTransaction(tx -> tx.findUserByEmail(canonical).isPresent())) {
      return;
    }
    LegacyAccount legacy =
        legacyLookup(new Identifier(IdentifierKind.EMAIL, canonical), email, null);
    if (legacy == null || !legacy.active() || legacy.email() == null) {
      return;
    }
    UUID created;
    try {
      created =
          ctx.store()
              .inTransaction(
                  tx -> {
                    AuthUserBase u = createFromLegacy(tx, legacy, legacy.passwordHash(), now);
                    return u == null ? null : u.getPublicId();
                  });
    } catch (DuplicateKeyException e) {
      return; // migrated concurrently; the reset below finds the account
    }
    if (created != null) {
      afterMigration(legacy, created, now);
    }
  }

  // ---- passwords --------------------------------------------------------------------------

  /**
   * Changes a password, given the current one. Every session of the user (including the caller's)
   * is revoked and every reset link dies, in the same transaction. A wrong current password counts
   * as a failed login on the account and is throttled the same way.
   *
   * @param userPublicId the signed-in user
   * @param currentPassword the current password
   * @param newPassword the new password, checked against the policy
   * @throws RejectedInputException {@code invalid_credentials} for a wrong current password (or an
   *     account that has none), a policy code for a refused new one, {@code account_not_found}
   * @throws RateLimitedException while the account is in a delay or lock
   */
  public void changePassword(UUID userPublicId, String currentPassword, String newPassword) {
    requireNonNull(userPublicId, "userPublicId");
    checkPasswordShape(currentPassword);
    Instant now = ctx.clock().instant();
    Snapshot s = liveSnapshot(userPublicId, now);
    ctx.passwordPolicy().check(newPassword, s.contextWords());
    PasswordVerification result = verifyAsTyped(currentPassword, s);
    if (!result.matched()) {
      throw failed(null, s, now, "invalid_credentials");
    }
    String hash = ctx.passwords().hash(PasswordPolicy.normalize(newPassword));
    ctx.store()
        .inTransaction(
            tx -> {
              if (!tx.replacePasswordHash(userPublicId, s.passwordHash(), hash, now)) {
                throw invalidCredentials();
              }
              AuthUserBase u = tx.findUserByPublicId(userPublicId).orElseThrow();
              afterPasswordChange(tx, u, now, "password_changed");
              return null;
            });
    ctx.events().publish(new AuthEvent.PasswordChanged(now, userPublicId));
  }

  /**
   * Emails a password-reset link if the address belongs to a live account; a newer link kills the
   * older ones. Answers the same whatever the address: unknown, deleted, disabled or over its
   * hourly email limit. With a {@link LegacyAuthenticator} registered, an address no account has
   * but the legacy system knows (active, not yet migrated) is migrated first, keeping its legacy
   * hash, and then gets its link like any account.
   *
   * @param email the address
   * @throws RejectedInputException {@code invalid_email} when the address is malformed
   */
  public void requestPasswordReset(String email) {
    String canonical = EmailAddresses.canonical(email);
    Instant now = ctx.clock().instant();
    migrateForReset(email, canonical, now);
    LinkMailer.Mail mail =
        ctx.store()
            .inTransaction(
                tx ->
                    tx.findUserByEmail(canonical)
                        .filter(u -> !u.isDeleted() && u.isActive() && u.getEmail() != null)
                        .filter(u -> underMailLimit(tx, PURPOSE_RESET, canonical, now))
                        .map(
                            u -> {
                              String token = SecretHasher.newToken();
                              Duration ttl = ctx.config().get(GatehouseConfig.RESET_TTL);
                              tx.actionTokens()
                                  .issue(
                                      u.getPublicId(),
                                      PURPOSE_RESET,
                                      tokenHash(PURPOSE_RESET, token),
                                      passwordBinding(u.getPasswordHash()),
                                      now.plus(ttl),
                                      now);
                              return new LinkMailer.Mail(
                                  u.getEmail(),
                                  EmailTemplates.PASSWORD_RESET,
                                  LinkMailer.RESET_PATH,
                                  token,
                                  ttl,
                                  u.getLanguage());
                            })
                        .orElse(null));
    if (mail != null) {
      mailer.send(mail);
    }
  }

  /**
   * Sets a new password with the token from a reset link. The token is single-use, expires after
   * {@code RESET_TTL}, and dies when a newer one is issued or when the password changes by any path
   * (it is bound to the password hash it was issued for). Every session of the user is revoked, the
   * account's failed-login count is cleared, and, since the link reached the mailbox, the email
   * counts as verified.
   *
   * @param token the token from the link
   * @param newPassword the new password, checked against the policy
   * @throws RejectedInputException {@code invalid_token}, or a policy code (the token then stays
   *     usable, so the user can try another password)
   */
  public void confirmPasswordReset(String token, String newPassword) {
    String tokenHash = tokenHash(PURPOSE_RESET, token);
    Instant now = ctx.clock().instant();
    Snapshot s =
        ctx.store()
            .inTransaction(
                tx -> {
                  ActionToken t =
                      tx.actionTokens()
                          .findUsable(PURPOSE_RESET, tokenHash, now)
                          .orElseThrow(AccountService::invalidToken);
                  AuthUserBase u =
                      tx.findUserByPublicId(t.userId())
                          .filter(x -> !x.isDeleted() && x.isActive())
                          .orElseThrow(AccountService::invalidToken);
                  if (!SecretHasher.constantTimeEquals(
                      passwordBinding(u.getPasswordHash()), t.binding())) {
                    throw invalidToken();
                  }
                  return Snapshot.of(u, LoginThrottle.userBucket(u.getPublicId()));
                });
    ctx.passwordPolicy().check(newPassword, s.contextWords());
    String hash = ctx.passwords().hash(PasswordPolicy.normalize(newPassword));
    boolean newlyVerified =
        ctx.store()
            .inTransaction(
                tx -> {
                  if (!tx.actionTokens().consume(PURPOSE_RESET, tokenHash, now)
                      || !tx.replacePasswordHash(s.userId(), s.passwordHash(), hash, now)) {
                    throw invalidToken();
                  }
                  AuthUserBase u = tx.findUserByPublicId(s.userId()).orElseThrow();
                  boolean wasVerified = u.isEmailVerified();
                  u.setEmailVerified(true);
                  u.setVerified(true);
                  afterPasswordChange(tx, u, now, "password_reset");
                  return !wasVerified;
                });
    ctx.events().publish(new AuthEvent.PasswordReset(now, s.userId()));
    if (newlyVerified) {
      ctx.events().publish(new AuthEvent.EmailVerified(now, s.userId()));
    }
  }

  // ---- account ----------------------------------------------------------------------------

  /**
   * The account's current state.
   *
   * @param userPublicId the user
   * @return the account, unless it does not exist or is deleted
   */
  public Optional<Account> find(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    return ctx.store()
        .inTransaction(
            tx -> tx.findUserByPublicId(userPublicId).filter(u -> !u.isDeleted()).map(Account::of));
  }

  /**
   * Changes an account's own settings: language, time zone, username.
   *
   * @param userPublicId the signed-in user
   * @param update what to change; {@code null} fields stay as they are
   * @return the account after the change
   * @throws RejectedInputException {@code invalid_language}, {@code invalid_time_zone}, {@code
   *     invalid_username}, {@code username_taken}, {@code account_not_found}
   */
  public Account updateAccount(UUID userPublicId, AccountUpdate update) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(update, "update");
    String language = update.language() == null ? null : language(update.language());
    String timeZone = update.timeZone() == null ? null : timeZone(update.timeZone());
    String username = update.username() == null ? null : Usernames.normalize(update.username());
    Instant now = ctx.clock().instant();
    try {
      return ctx.store()
          .inTransaction(
              tx -> {
                AuthUserBase u = live(tx, userPublicId);
                if (update.language() != null) {
                  u.setLanguage(language);
                }
                if (update.timeZone() != null) {
                  u.setTimeZone(timeZone);
                }
                if (username != null) {
                  String canonical = username.toLowerCase(Locale.ROOT);
                  Optional<AuthUserBase> holder = tx.findUserByUsername(canonical);
                  if (holder.isPresent() && holder.get() != u) {
                    throw usernameTaken();
                  }
                  u.setUsername(username, canonical);
                }
                u.touch(now);
                tx.flush();
                return Account.of(u);
              });
    } catch (DuplicateKeyException e) {
      throw usernameTaken();
    }
  }

  /**
   * Soft-deletes an account: it can no longer log in or receive links, every session is revoked and
   * every link dies, in one transaction. Its identifiers stay taken (a new registration with the
   * same email answers as for any existing account and sends nothing).
   *
   * @param userPublicId the signed-in user
   * @param password the current password; required when the account has a usable one, ignored (may
   *     be {@code null}) for an account that signs in by code only
   * @throws RejectedInputException {@code password_required}, {@code invalid_credentials}, {@code
   *     account_not_found}
   * @throws RateLimitedException while the account is in a delay or lock
   */
  public void deleteAccount(UUID userPublicId, String password) {
    requireNonNull(userPublicId, "userPublicId");
    Instant now = ctx.clock().instant();
    Snapshot s = liveSnapshot(userPublicId, now);
    if (s.hasUsablePassword()) {
      checkPasswordShape(password);
      if (!verifyAsTyped(password, s).matched()) {
        throw failed(null, s, now, "invalid_credentials");
      }
    }
    ctx.store()
        .inTransaction(
            tx -> {
              AuthUserBase u = live(tx, userPublicId);
              if (!Objects.equals(u.getPasswordHash(), s.passwordHash())) {
                throw invalidCredentials();
              }
              u.setDeletedAt(now);
              u.touch(now);
              tx.actionTokens().revokeAll(userPublicId, PURPOSE_RESET, now);
              tx.actionTokens().revokeAll(userPublicId, PURPOSE_CONFIRMATION, now);
              sessions.revokeAll(tx, u, "account_deleted");
              return null;
            });
  }

  /**
   * Creates the first superuser (verified, staff) with the bootstrap token from {@code
   * ADMIN_BOOTSTRAP_TOKEN}. Works only while no live superuser exists; concurrent calls are
   * serialised in the database, so at most one succeeds. The token is compared in constant time;
   * when the setting is unset the operation is disabled.
   *
   * @param bootstrapToken the token the caller presents
   * @param email the superuser's email
   * @param password the superuser's password, checked against the policy
   * @return the new superuser's public id
   * @throws RejectedInputException {@code bootstrap_disabled}, {@code invalid_bootstrap_token},
   *     {@code superuser_exists}, {@code email_taken}, or an email or policy code
   */
  public UUID createSuperuser(String bootstrapToken, String email, String password) {
    String configured = ctx.config().get(GatehouseConfig.ADMIN_BOOTSTRAP_TOKEN);
    if (configured == null) {
      throw new RejectedInputException(
          "bootstrap_disabled", "admin bootstrap is disabled (no bootstrap token configured)");
    }
    if (!SecretHasher.constantTimeEquals(configured, bootstrapToken)) {
      throw new RejectedInputException("invalid_bootstrap_token", "the bootstrap token is wrong");
    }
    String normalized = EmailAddresses.normalize(email);
    String canonical = normalized.toLowerCase(Locale.ROOT);
    ctx.passwordPolicy().check(password, List.of(EmailAddresses.localPart(normalized)));
    String hash = ctx.passwords().hash(PasswordPolicy.normalize(password));
    Instant now = ctx.clock().instant();
    // The counter row is the bootstrap mutex; make sure it exists first, in its own transaction.
    ctx.store().inTransaction(tx -> tx.incrementCounter(BOOTSTRAP_LOCK, now, BOOTSTRAP_WINDOW));
    UUID id =
        ctx.store()
            .inTransaction(
                tx -> {
                  // First statement on purpose: an UPDATE of the existing row takes its lock
                  // without opening a read snapshot, so concurrent bootstraps queue here and the
                  // count below sees a superuser the previous one committed, even under
                  // REPEATABLE READ.
                  tx.lockCounter(BOOTSTRAP_LOCK, now);
                  if (tx.countSuperusers() > 0) {
                    throw new RejectedInputException(
                        "superuser_exists", "a superuser already exists; bootstrap is closed");
                  }
                  if (tx.findUserByEmail(canonical).isPresent()) {
                    throw new RejectedInputException(
                        "email_taken", "an account with this email already exists");
                  }
                  AuthUserBase u = tx.newUser();
                  u.setEmail(normalized, canonical);
                  u.setPasswordHash(hash);
                  u.setActive(true);
                  u.setVerified(true);
                  u.setEmailVerified(true);
                  u.setStaff(true);
                  u.setSuperuser(true);
                  u.touch(now);
                  tx.insert(u);
                  tx.flush();
                  NewAccounts.addDefaultProfile(tx, u, ctx.config(), now);
                  return u.getPublicId();
                });
    ctx.events().publish(new AuthEvent.Registered(now, id));
    return id;
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Issues a confirmation token (killing older ones) unless the address is over its limit. */
  private LinkMailer.Mail confirmation(StoreTransaction tx, AuthUserBase u, Instant now) {
    if (!underMailLimit(tx, PURPOSE_CONFIRMATION, u.getEmailNormalized(), now)) {
      return null;
    }
    String token = SecretHasher.newToken();
    Duration ttl = ctx.config().get(GatehouseConfig.CONFIRMATION_TTL);
    tx.actionTokens()
        .issue(
            u.getPublicId(),
            PURPOSE_CONFIRMATION,
            tokenHash(PURPOSE_CONFIRMATION, token),
            emailBinding(u),
            now.plus(ttl),
            now);
    return new LinkMailer.Mail(
        u.getEmail(),
        EmailTemplates.EMAIL_CONFIRMATION,
        LinkMailer.CONFIRM_PATH,
        token,
        ttl,
        u.getLanguage());
  }

  private boolean underMailLimit(
      StoreTransaction tx, String purpose, String canonical, Instant now) {
    if (!ctx.config().get(GatehouseConfig.THROTTLE_ENABLED)) {
      return true;
    }
    String key = "mail:" + purpose + ":" + ctx.secrets().hash("mail-bucket", canonical);
    return tx.incrementCounter(key, now, MAIL_WINDOW).count()
        <= ctx.config().get(GatehouseConfig.OTP_MAX_PER_DESTINATION);
  }

  private String tokenHash(String purpose, String token) {
    if (token == null
        || token.isBlank()
        || token.length() > MAX_TOKEN_LENGTH
        || !token.chars().allMatch(AccountService::isTokenChar)) {
      throw invalidToken();
    }
    return ctx.secrets().hash("action:" + purpose, token);
  }

  private static boolean isTokenChar(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }

  /** A confirmation link is valid only for the email it was sent to. */
  private String emailBinding(AuthUserBase u) {
    String email = u.getEmailNormalized();
    return ctx.secrets().hash("confirm-binding", email == null ? "" : email);
  }

  /** A reset link is valid only while the password it was issued for is unchanged. */
  private String passwordBinding(String passwordHash) {
    return ctx.secrets().hash("reset-binding", passwordHash == null ? "" : passwordHash);
  }

  /** What every path that changes a password does in its transaction. */
  private void afterPasswordChange(StoreTransaction tx, AuthUserBase u, Instant now, String why) {
    u.touch(now);
    tx.actionTokens().revokeAll(u.getPublicId(), PURPOSE_RESET, now);
    throttle.clear(tx, LoginThrottle.userBucket(u.getPublicId()));
    sessions.revokeAll(tx, u, why);
  }

  /**
   * Verifies a password as the user typed it. Gatehouse hashes the NFKC form, but a hash imported
   * from another system was made from the bytes the user typed there; when the typed password is
   * not already in NFKC form (a decomposed accent, a full-width letter) it is also tried exactly as
   * typed, and a match there counts as "needs upgrade", so the login rehashes the NFKC form and the
   * user is never forced to reset. The number of hash computations depends only on the input's own
   * form (one, or two when it is not NFKC), never on whether the account exists or matched.
   */
  private PasswordVerification verifyAsTyped(String typed, Snapshot s) {
    String nfkc = PasswordPolicy.normalize(typed);
    PasswordVerification result = verifyOnce(nfkc, s);
    if (typed == null || nfkc.equals(typed)) {
      return result;
    }
    if (result.matched()) {
      ctx.passwords().verifyDummy(typed);
      return result;
    }
    PasswordVerification asTyped = verifyOnce(typed, s);
    return asTyped.matched() ? PasswordVerification.MATCH_NEEDS_UPGRADE : result;
  }

  /**
   * Verifies with exactly one hash computation whatever the stored state: a missing account or an
   * unusable or unsupported stored hash runs the dummy check instead.
   */
  private PasswordVerification verifyOnce(String password, Snapshot s) {
    if (s.userId() == null && !s.legacy()) {
      ctx.passwords().verifyDummy(password);
      return PasswordVerification.NO_MATCH;
    }
    if (s.legacyConfirmed()) {
      // The legacy system checked the password; the dummy keeps the count of an unknown user.
      ctx.passwords().verifyDummy(password);
      return PasswordVerification.MATCH_NEEDS_UPGRADE;
    }
    PasswordVerification result = ctx.passwords().verify(password, s.passwordHash());
    if (result == PasswordVerification.UNUSABLE || result == PasswordVerification.UNSUPPORTED) {
      ctx.passwords().verifyDummy(password);
    }
    return result;
  }

  /** Counts a failure, publishes its events and answers the exception to throw. */
  private RejectedInputException failed(String ipBucket, Snapshot s, Instant now, String code) {
    Instant lockedUntil =
        ctx.store().inTransaction(tx -> throttle.recordFailure(tx, ipBucket, s.bucket(), now));
    ctx.events().publish(new AuthEvent.LoginFailed(now, s.userId(), code));
    if (lockedUntil != null) {
      ctx.events().publish(new AuthEvent.Locked(now, s.userId(), lockedUntil));
    }
    return code.equals("invalid_credentials")
        ? invalidCredentials()
        : new RejectedInputException(code, "login failed");
  }

  private void failAfterCounting(
      String ipBucket, Identifier id, Instant now, RejectedInputException e) {
    Snapshot s =
        ctx.store()
            .inTransaction(
                tx -> {
                  AuthUserBase u = id == null ? null : find(tx, id).orElse(null);
                  String bucket = id == null ? null : bucketFor(u, id);
                  throttle.check(tx, ipBucket, bucket, now);
                  return Snapshot.of(u, bucket);
                });
    failed(ipBucket, s, now, e.code());
  }

  private String bucketFor(AuthUserBase u, Identifier id) {
    return u != null
        ? LoginThrottle.userBucket(u.getPublicId())
        : throttle.identifierBucket(id.kind().name(), id.canonical());
  }

  private Snapshot liveSnapshot(UUID userPublicId, Instant now) {
    return ctx.store()
        .inTransaction(
            tx -> {
              AuthUserBase u = live(tx, userPublicId);
              String bucket = LoginThrottle.userBucket(userPublicId);
              throttle.check(tx, null, bucket, now);
              return Snapshot.of(u, bucket);
            });
  }

  private static AuthUserBase live(StoreTransaction tx, UUID userPublicId) {
    return tx.findUserByPublicId(userPublicId)
        .filter(u -> !u.isDeleted())
        .orElseThrow(() -> new RejectedInputException("account_not_found", "no such account"));
  }

  private Optional<AuthUserBase> find(StoreTransaction tx, Identifier id) {
    switch (id.kind()) {
      case EMAIL:
        return tx.findUserByEmail(id.canonical());
      case PHONE:
        return tx.findUserByPhone(id.canonical());
      default:
        return tx.findUserByUsername(id.canonical());
    }
  }

  /** Classifies and normalises a login identifier as the configuration allows. */
  private Identifier identifier(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > MAX_IDENTIFIER_LENGTH) {
      throw new RejectedInputException(
          "invalid_identifier", "identifier is missing or longer than 320 characters");
    }
    LoginIdentifier mode = ctx.config().get(GatehouseConfig.LOGIN_IDENTIFIER);
    boolean byPhone = ctx.config().get(GatehouseConfig.LOGIN_BY_PHONE);
    IdentifierKind kind = Identifiers.classify(raw);
    if (kind == IdentifierKind.PHONE && byPhone) {
      return new Identifier(IdentifierKind.PHONE, ctx.phones().normalize(raw));
    }
    if (kind == IdentifierKind.EMAIL && mode != LoginIdentifier.USERNAME) {
      return new Identifier(IdentifierKind.EMAIL, EmailAddresses.canonical(raw));
    }
    if (mode == LoginIdentifier.EMAIL) {
      throw new RejectedInputException(
          "invalid_identifier", "this application signs in with an email address");
    }
    // Usernames may look like an email (Django allows '@') or a number.
    return new Identifier(IdentifierKind.USERNAME, Usernames.canonical(raw));
  }

  private void checkPasswordShape(String password) {
    if (password == null || password.isEmpty()) {
      throw new RejectedInputException("password_required", "a password is required");
    }
    int max = ctx.passwords().options().maxPasswordBytes();
    if (password.length() > max
        || password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max) {
      throw new RejectedInputException(
          "password_too_long", "password is longer than " + max + " UTF-8 bytes");
    }
  }

  private static String language(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (raw.length() > MAX_LANGUAGE_LENGTH) {
      throw new RejectedInputException("invalid_language", "language tag is too long");
    }
    Locale locale = Locale.forLanguageTag(raw.strip());
    String tag = locale.toLanguageTag();
    if (locale.getLanguage().isEmpty() || "und".equals(tag) || tag.length() > MAX_LANGUAGE_LENGTH) {
      throw new RejectedInputException("invalid_language", "not a BCP 47 language tag");
    }
    return tag;
  }

  private static String timeZone(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    String zone = raw.strip();
    if (zone.length() > MAX_TIME_ZONE_LENGTH || !ZoneId.getAvailableZoneIds().contains(zone)) {
      throw new RejectedInputException("invalid_time_zone", "not an IANA time-zone id");
    }
    return zone;
  }

  private static RejectedInputException invalidCredentials() {
    return new RejectedInputException(
        "invalid_credentials", "the identifier or the password is wrong");
  }

  private static RejectedInputException invalidToken() {
    return new RejectedInputException(
        "invalid_token", "the link is invalid, expired or already used");
  }

  private static RejectedInputException usernameTaken() {
    return new RejectedInputException("username_taken", "this username is not available");
  }

  /** A normalised login identifier. */
  private record Identifier(IdentifierKind kind, String canonical) {}

  /** What a registration did, for the after-commit steps. */
  private record Registration(UUID userId, LinkMailer.Mail mail) {}

  /** What a lazy migration at login did. */
  private record Migrated(UUID userId, TokenPair tokens) {}

  /** The parts of a user a flow needs outside its transactions. */
  private record Snapshot(
      UUID userId,
      String passwordHash,
      boolean active,
      boolean deleted,
      boolean verified,
      List<String> contextWords,
      String bucket,
      boolean legacy,
      boolean legacyConfirmed) {

    static Snapshot of(AuthUserBase u, String bucket) {
      if (u == null) {
        return new Snapshot(null, null, false, false, false, List.of(), bucket, false, false);
      }
      List<String> words =
          Arrays.asList(
              u.getEmail() == null ? null : u.getEmail().substring(0, u.getEmail().indexOf('@')),
              u.getUsername());
      return new Snapshot(
          u.getPublicId(),
          u.getPasswordHash(),
          u.isActive(),
          u.isDeleted(),
          u.isVerified(),
          words,
          bucket,
          false,
          false);
    }

    /** A user only the legacy system knows, to verify the typed password against. */
    static Snapshot ofLegacy(LegacyAccount a, String bucket) {
      return new Snapshot(
          null,
          a.passwordHash(),
          a.active(),
          false,
          a.verified(),
          List.of(),
          bucket,
          true,
          a.passwordConfirmed());
    }

    /** Same rule as {@code PasswordHashing.verify}'s UNUSABLE, without computing anything. */
    boolean hasUsablePassword() {
      return passwordHash != null && !passwordHash.isEmpty() && !passwordHash.startsWith("!");
    }

    @Override
    public String toString() {
      return "Snapshot[" + userId + "]";
    }
  }
}
