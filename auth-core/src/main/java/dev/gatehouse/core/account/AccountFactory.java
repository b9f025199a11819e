package dev.gatehouse.core.account;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.internal.TimeOrderedIds;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.UUID;

/**
 * The one place an account is created: the user row and its default profile, written in the
 * caller's {@link StoreTransaction}. Registration, sign-up by code, lazy legacy migration and the
 * superuser bootstrap all create accounts through it, and so should an importer or a test fixture,
 * so that new accounts cannot drift apart. Immutable and thread-safe.
 *
 * <p>It is obtained with {@link #of(GatehouseConfig)} rather than from the {@code Gatehouse}
 * facade, because the only thing it needs is the configuration (for {@link
 * ProfileSettings#DEFAULT_PROFILE_ROLE}) and its callers outside the services, such as an
 * importer's batch writer, run with a configuration and a store but without a facade. It checks
 * nothing (no policy, no uniqueness, no normalisation): the caller has done that, see {@link
 * UserRecord#newAccount}.
 *
 * <pre>{@code
 * AccountFactory accounts = AccountFactory.of(config);
 * UUID id = store.inTransaction(tx ->
 *     accounts.create(tx, accounts.newAccount(now).email(email, canonical).build()).publicId());
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
   * A builder for a new account ({@link UserRecord#newAccount(Instant)}) whose public id is of the
   * kind the configuration chooses: random, or time-ordered with {@link
   * AccountSettings#TIME_ORDERED_PUBLIC_IDS}. Every flow that creates accounts starts here.
   *
   * @param now when the account is created
   * @return the builder
   */
  public UserRecord.Builder newAccount(Instant now) {
    requireNonNull(now, "now");
    return UserRecord.newAccount(
        now,
        config.get(AccountSettings.TIME_ORDERED_PUBLIC_IDS)
            ? TimeOrderedIds.at(now)
            : UUID.randomUUID());
  }

  /**
   * Creates the user, written out at once (so a duplicate email, phone or username fails here, as a
   * {@code DuplicateKeyException}, while the caller can still react), then adds the default
   * profile.
   *
   * @param tx the creating flow's transaction
   * @param account the new account ({@link UserRecord#newAccount})
   * @return the new user
   */
  public UserRecord create(StoreTransaction tx, UserRecord account) {
    return create(tx, account, Person.NONE);
  }

  /**
   * Creates the user as {@link #create(StoreTransaction, UserRecord)} does, with {@code person} on
   * its default profile.
   *
   * @param tx the creating flow's transaction
   * @param account the new account ({@link UserRecord#newAccount})
   * @param person the person the default profile describes
   * @return the new user
   */
  public UserRecord create(StoreTransaction tx, UserRecord account, Person person) {
    requireNonNull(tx, "tx");
    requireNonNull(person, "person");
    UserRecord user = tx.users().create(requireNonNull(account, "account"));
    tx.profiles()
        .create(
            ProfileRecord.defaultOf(user.publicId(), defaultProfileRole(), account.modifiedAt())
                .withPerson(person));
    return user;
  }

  /**
   * Stores only the user, without writing it out yet and without a profile: for a batch writer that
   * writes once per batch, or that brings the user's own profiles (and otherwise calls {@link
   * #addDefaultProfile}).
   *
   * @param tx the creating flow's transaction
   * @param account the new account ({@link UserRecord#newAccount})
   * @return the new user, stored but not yet written out
   */
  public UserRecord insertUser(StoreTransaction tx, UserRecord account) {
    requireNonNull(tx, "tx");
    return tx.users().insert(requireNonNull(account, "account"));
  }

  /** {@return the configured role of a new account's default profile} */
  public String defaultProfileRole() {
    return config.get(ProfileSettings.DEFAULT_PROFILE_ROLE);
  }

  /**
   * Adds the user's first profile, with the configured default role, as their default.
   *
   * @param tx the creating flow's transaction
   * @param userPublicId the new, already stored user
   * @param now creation time
   * @return the profile
   */
  public ProfileRecord addDefaultProfile(StoreTransaction tx, UUID userPublicId, Instant now) {
    requireNonNull(tx, "tx");
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(now, "now");
    return tx.profiles().create(ProfileRecord.defaultOf(userPublicId, defaultProfileRole(), now));
  }
}
