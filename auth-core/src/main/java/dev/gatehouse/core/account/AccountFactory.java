package dev.gatehouse.core.account;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.store.ProfileRecord;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;

/**
 * The one place an account is created: the user row and its default profile, written in the
 * caller's {@link StoreTransaction}. Registration, sign-up by code, lazy legacy migration and the
 * superuser bootstrap all create accounts through it, and so should an importer or a test fixture,
 * so that new accounts cannot drift apart. Immutable and thread-safe.
 *
 * <p>It is obtained with {@link #of(GatehouseConfig)} rather than from the {@code Gatehouse}
 * facade, because the only thing it needs is the configuration (for {@link
 * GatehouseConfig#DEFAULT_PROFILE_ROLE}) and its callers outside the services, such as an
 * importer's batch writer, run with a configuration and a store but without a facade. It checks
 * nothing (no policy, no uniqueness, no normalisation): the caller has done that, see {@link
 * NewAccount}.
 *
 * <pre>{@code
 * AccountFactory accounts = AccountFactory.of(config);
 * UUID id = store.inTransaction(tx ->
 *     accounts.create(tx, NewAccount.builder(now).email(email, canonical).build()).getPublicId());
 * }</pre>
 */
public final class AccountFactory {
  private final GatehouseConfig config;

  private AccountFactory(GatehouseConfig config) {
    this.config = config;
  }

  /**
   * @param config the configuration the accounts are created under
   * @return a factory
   */
  public static AccountFactory of(GatehouseConfig config) {
    return new AccountFactory(requireNonNull(config, "config"));
  }

  /**
   * Inserts the user and flushes (so a duplicate email, phone or username fails here, as a {@code
   * DuplicateKeyException}, while the caller can still react), then adds the default profile.
   *
   * @param tx the creating flow's transaction
   * @param account the new account's values
   * @return the new, inserted user
   */
  public AuthUserBase create(StoreTransaction tx, NewAccount account) {
    AuthUserBase user = insertUser(tx, account);
    tx.flush();
    addDefaultProfile(tx, user, account.now());
    return user;
  }

  /**
   * Inserts only the user, without flushing and without a profile: for a batch writer that flushes
   * once per batch, or that brings the user's own profiles (and otherwise calls {@link
   * #addDefaultProfile}).
   *
   * @param tx the creating flow's transaction
   * @param account the new account's values
   * @return the new user, inserted but not yet flushed
   */
  public AuthUserBase insertUser(StoreTransaction tx, NewAccount account) {
    requireNonNull(tx, "tx");
    requireNonNull(account, "account");
    AuthUserBase u = tx.newUser();
    if (account.email() != null) {
      u.setEmail(account.email(), account.emailCanonical());
    }
    u.setPhone(account.phone());
    if (account.username() != null) {
      u.setUsername(account.username(), account.usernameCanonical());
    }
    u.setPasswordHash(account.passwordHash());
    u.setActive(account.active());
    u.setVerified(account.verified());
    u.setEmailVerified(account.emailVerified());
    u.setPhoneVerified(account.phoneVerified());
    u.setStaff(account.staff());
    u.setSuperuser(account.superuser());
    u.setTermsAcceptedAt(account.termsAcceptedAt());
    u.setLanguage(account.language());
    u.setTimeZone(account.timeZone());
    u.setLastLoginAt(account.lastLoginAt());
    u.setDeletedAt(account.deletedAt());
    // The first touch sets the creation time, the second the modification time.
    u.touch(account.dateJoined());
    u.touch(account.now());
    tx.insert(u);
    return u;
  }

  /**
   * Adds the user's first profile, with the configured default role, as their default.
   *
   * @param tx the creating flow's transaction
   * @param user the new, already inserted user
   * @param now creation time
   * @return the profile
   */
  public ProfileRecord addDefaultProfile(StoreTransaction tx, AuthUserBase user, Instant now) {
    requireNonNull(tx, "tx");
    requireNonNull(user, "user");
    requireNonNull(now, "now");
    return tx.profiles()
        .create(
            ProfileRecord.of(
                    user.getPublicId(), config.get(GatehouseConfig.DEFAULT_PROFILE_ROLE), now)
                .withDefaultProfile(true));
  }
}
