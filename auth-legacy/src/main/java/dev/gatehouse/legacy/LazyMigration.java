package dev.gatehouse.legacy;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.identity.Usernames;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.ExternalAccounts;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.legacy.LegacyAuthenticator.LegacyAccount;
import dev.gatehouse.legacy.LegacyAuthenticator.LegacyIdentifier;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lazy migration on the core's {@link ExternalAccounts}: a login or a reset for an identifier no
 * account has asks the {@link LegacyAuthenticator}, and a user it knows moves over as a sign-up
 * does (account and default profile, the {@code Registered} event), the legacy side told after the
 * commit. The core counts the attempt, verifies the password and runs the move ({@link
 * MigratingSignIn}) through its pipeline.
 */
final class LazyMigration implements ExternalAccounts {
  private static final Logger LOG = LoggerFactory.getLogger(LazyMigration.class);

  private final SignInContext context;
  private final ModuleAccounts accounts;
  private final ModuleAudit audit;
  private final LegacyAuthenticator authenticator;
  private final PhoneNumbers phones;

  LazyMigration(SignInContext context, LegacyAuthenticator authenticator) {
    this.context = context;
    this.accounts = this.context.capability(ModuleAccounts.class);
    this.audit = this.context.capability(ModuleAudit.class);
    this.authenticator = authenticator;
    this.phones = PhoneNumbers.of(context.config());
  }

  @Override
  public Optional<Account> find(
      IdentifierKind kind, String canonical, String typed, String password) {
    return lookup(kind, canonical, typed, password).map(Found::new);
  }

  /**
   * Moves a legacy user with that address over before a reset (keeping its hash verbatim, so the
   * old password also keeps working and is upgraded at its first login).
   */
  @Override
  public void beforeReset(String email, String canonical, Instant now) {
    if (context.store().inTransaction(tx -> tx.users().findByEmail(canonical).isPresent())) {
      return;
    }
    LegacyAccount a = lookup(IdentifierKind.EMAIL, canonical, email, null).orElse(null);
    // A confirmation without a password is meaningless; a reset's link needs an address.
    if (a == null || a.passwordConfirmed() || a.email() == null || !a.active()) {
      return;
    }
    try {
      context.store().inTransaction(tx -> moveIn(tx, a, a.passwordHash(), now));
    } catch (DuplicateKeyException e) {
      // moved concurrently; the reset finds the account
    }
  }

  private Optional<LegacyAccount> lookup(
      IdentifierKind kind, String canonical, String typed, @Nullable String password) {
    try {
      return authenticator.lookup(new LegacyIdentifier(kind, canonical, typed), password);
    } catch (AuthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AuthInfrastructureException(
          LegacyErrors.LEGACY_UNAVAILABLE, "the legacy user store could not be asked", true, e);
    }
  }

  /**
   * Creates the account and records the move in its transaction: the registration event, and the
   * legacy side's mark once that transaction commits (the host's, when Gatehouse joined one). A
   * move that rolls back thus leaves the legacy user unmarked, still known to the legacy system and
   * able to sign in, instead of known to neither.
   */
  private @Nullable UserRecord moveIn(
      StoreTransaction tx, LegacyAccount legacy, @Nullable String passwordHash, Instant now) {
    UserRecord u = createFromLegacy(tx, legacy, passwordHash, now);
    if (u == null) {
      return null;
    }
    audit.publish(tx, new AuthEvent.Registered(now, u.publicId()));
    tx.afterCommit(
        () -> {
          try {
            authenticator.markMigrated(legacy.legacyId(), u.publicId());
          } catch (RuntimeException e) {
            // The local account already wins every later lookup; the legacy flag is housekeeping.
            LOG.warn(
                "legacy user {} migrated but could not be marked as migrated",
                legacy.legacyId(),
                e);
          }
          LOG.info("legacy user {} migrated lazily to account {}", legacy.legacyId(), u.publicId());
        });
    return u;
  }

  /**
   * Inserts the legacy user as a new account with its default profile, or answers {@code null} when
   * an account with the same primary identifier appeared meanwhile. Identifiers that are malformed
   * by Gatehouse's rules or already belong to another account are left out.
   */
  private @Nullable UserRecord createFromLegacy(
      StoreTransaction tx, LegacyAccount a, @Nullable String passwordHash, Instant now) {
    String email = normalized(a, "email", a.email(), EmailAddresses::normalize);
    String phone = normalized(a, "phone", a.phone(), phones::normalize);
    String username = normalized(a, "username", a.username(), Usernames::normalize);
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
        AccountFactory.of(context.config())
            .newAccount(now)
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
    return accounts.createAccount(tx, account.build());
  }

  /** An identifier in Gatehouse's form, or {@code null} when absent or malformed by its rules. */
  private static @Nullable String normalized(
      LegacyAccount a, String what, @Nullable String stored, Normalizer normalizer) {
    if (stored == null || stored.isBlank()) {
      return null;
    }
    try {
      return normalizer.normalize(stored);
    } catch (RejectedInputException e) {
      LOG.info("legacy user {}: {} not carried over ({})", a.legacyId(), what, e.code());
      return null;
    }
  }

  /** One of Gatehouse's identifier rules. */
  private interface Normalizer {
    String normalize(String stored);
  }

  /** A legacy user the authenticator answered at a login, moved in by {@link #moveIn}. */
  private final class Found implements Account {
    private final LegacyAccount legacy;

    Found(LegacyAccount legacy) {
      this.legacy = legacy;
    }

    @Override
    public @Nullable String passwordHash() {
      return legacy.passwordHash();
    }

    @Override
    public boolean passwordConfirmed() {
      return legacy.passwordConfirmed();
    }

    @Override
    public boolean active() {
      return legacy.active();
    }

    @Override
    public CredentialCheck signIn(String passwordHash, ModuleLimits.Guess attempt) {
      return new MigratingSignIn(
          (tx, now) -> moveIn(tx, legacy, passwordHash, now),
          !context.config().get(AccountSettings.REQUIRE_VERIFIED) || legacy.verified(),
          attempt);
    }

    @Override
    public String toString() {
      return "Found[" + legacy.legacyId() + "]";
    }
  }
}
