package dev.gatehouse.core.account.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.internal.Credentials.Identifier;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.identity.Usernames;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.migration.LegacyAccountResolver.LegacyIdentifier;
import dev.gatehouse.core.migration.LegacyAuthenticator;
import dev.gatehouse.core.migration.LegacyAuthenticator.LegacyAccount;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult.SignedIn;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lazy migration through a {@link LegacyAuthenticator}: asking the legacy system about an
 * identifier no account has, and moving a user it knows over (at a login whose password matched, or
 * before a password reset).
 */
public final class LegacyMigration {
  // Logged under the facade's name, as before the split, so hosts' logging settings still apply.
  private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

  private final GatehouseConfig config;
  private final AuthStore store;
  private final PasswordHashing passwords;
  private final PhoneNumbers phones;
  private final SecurityEvents events;
  private final @Nullable LegacyAuthenticator legacyAuthenticator;
  private final SignInPipeline pipeline;
  private final LoginThrottle throttle;
  private final AccountFactory factory;

  public LegacyMigration(
      GatehouseConfig config,
      AuthStore store,
      PasswordHashing passwords,
      PhoneNumbers phones,
      SecurityEvents events,
      @Nullable LegacyAuthenticator legacyAuthenticator,
      SignInPipeline pipeline,
      LoginThrottle throttle,
      AccountFactory factory) {
    this.config = config;
    this.store = store;
    this.passwords = passwords;
    this.phones = phones;
    this.events = events;
    this.legacyAuthenticator = legacyAuthenticator;
    this.pipeline = pipeline;
    this.throttle = throttle;
    this.factory = factory;
  }

  /** Asks the legacy system, if one is registered; answers {@code null} when it does not know. */
  LegacyAccount lookup(Identifier id, String typed, String password) {
    LegacyAuthenticator legacy = legacyAuthenticator;
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
          ErrorCode.LEGACY_UNAVAILABLE, "the legacy user store could not be asked", true, e);
    }
    if (a != null && password == null && a.passwordConfirmed()) {
      // A confirmation without a password is meaningless; keep only what the lookup says.
      a = null;
    }
    return a;
  }

  /**
   * Creates the account of a legacy user whose password just matched, starts the session in the
   * same transaction (unless the account must be verified first), then tells the legacy side.
   *
   * @return the session's tokens, or {@code null} when a concurrent login migrated the same user
   *     (or took one of its identifiers) first: the account is local now, so the caller retries the
   *     ordinary path
   */
  @Nullable SignedIn migrateAtLogin(
      LegacyAccount legacy, String password, String bucket, ClientInfo client, Instant now) {
    // Always re-hashed: the legacy hash (if any) is in someone else's format and parameters.
    String hash = passwords.hash(password);
    boolean mayStart = !config.get(AccountSettings.REQUIRE_VERIFIED) || legacy.verified();
    Migrated m;
    try {
      m =
          store.inTransaction(
              tx -> {
                UserRecord u = createFromLegacy(tx, legacy, hash, now);
                if (u == null) {
                  return null;
                }
                announceMigration(tx, legacy, u.publicId(), now);
                if (!mayStart) {
                  return new Migrated(null);
                }
                tx.users().recordLogin(u.publicId(), now);
                throttle.clear(tx, bucket);
                return new Migrated(
                    pipeline.complete(tx, u, List.of("pwd"), "pwd", client, now, true, List.of()));
              });
    } catch (DuplicateKeyException e) {
      m = null;
    }
    if (m == null) {
      return null;
    }
    if (m.signedIn() == null) {
      throw new RejectedInputException(
          ErrorCode.ACCOUNT_NOT_VERIFIED, "the account must be confirmed before it can log in");
    }
    return m.signedIn();
  }

  /**
   * Before a password reset for an address no account has: moves the legacy user over (keeping the
   * legacy hash verbatim, so the old password also keeps working and is upgraded at its first
   * login), so that the reset then proceeds as for any account.
   */
  void migrateForReset(String email, String canonical, Instant now) {
    if (legacyAuthenticator == null
        || store.inTransaction(tx -> tx.users().findByEmail(canonical).isPresent())) {
      return;
    }
    LegacyAccount legacy = lookup(new Identifier(IdentifierKind.EMAIL, canonical), email, null);
    if (legacy == null || !legacy.active() || legacy.email() == null) {
      return;
    }
    try {
      store.inTransaction(
          tx -> {
            UserRecord u = createFromLegacy(tx, legacy, legacy.passwordHash(), now);
            if (u != null) {
              announceMigration(tx, legacy, u.publicId(), now);
            }
            return null;
          });
    } catch (DuplicateKeyException e) {
      // migrated concurrently; the reset finds the account
    }
  }

  /**
   * Inserts the legacy user as a new account with its default profile, or answers {@code null} when
   * an account with the same primary identifier appeared meanwhile. Identifiers that are malformed
   * by Gatehouse's rules or already belong to another account are left out.
   */
  private UserRecord createFromLegacy(
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
        phone = phones.normalize(a.phone());
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
    if (emailCanonical != null && tx.users().findByEmail(emailCanonical).isPresent()) {
      if (phone == null && usernameCanonical == null) {
        return null;
      }
      LOG.info("legacy user {}: email belongs to another account, not carried over", a.legacyId());
      emailCanonical = null;
      email = null;
    }
    if (phone != null && tx.users().findByPhone(phone).isPresent()) {
      LOG.info("legacy user {}: phone belongs to another account, not carried over", a.legacyId());
      phone = null;
    }
    if (usernameCanonical != null && tx.users().findByUsername(usernameCanonical).isPresent()) {
      LOG.info(
          "legacy user {}: username belongs to another account, not carried over", a.legacyId());
      usernameCanonical = null;
      username = null;
    }
    if (email == null && phone == null && username == null) {
      return null;
    }
    UserRecord.Builder account =
        UserRecord.newAccount(now)
            .dateJoined(a.createdAt())
            .phone(phone)
            .phoneVerified(phone != null && a.phoneVerified())
            .passwordHash(passwordHash)
            .active(true)
            .verified(a.verified());
    if (email != null) {
      account.email(email, emailCanonical).emailVerified(a.emailVerified());
    }
    if (username != null) {
      account.username(username, usernameCanonical);
    }
    return factory.create(tx, account.build());
  }

  /**
   * Records the move in the transaction that creates the account: the registration event, and the
   * legacy side's mark once that transaction commits (the host's, when Gatehouse joined one). A
   * move that rolls back thus leaves the legacy user unmarked, still known to the legacy system and
   * able to sign in, instead of known to neither.
   */
  private void announceMigration(
      StoreTransaction tx, LegacyAccount legacy, UUID userId, Instant now) {
    events.publish(tx, new AuthEvent.Registered(now, userId));
    LegacyAuthenticator authenticator = requireNonNull(legacyAuthenticator, "legacyAuthenticator");
    tx.afterCommit(
        () -> {
          try {
            authenticator.markMigrated(legacy.legacyId(), userId);
          } catch (RuntimeException e) {
            // The local account already wins every later lookup; the legacy flag is housekeeping.
            LOG.warn(
                "legacy user {} migrated but could not be marked as migrated",
                legacy.legacyId(),
                e);
          }
          LOG.info("legacy user {} migrated lazily to account {}", legacy.legacyId(), userId);
        });
  }

  /** What a lazy migration at login did. */
  private record Migrated(@Nullable SignedIn signedIn) {}
}
