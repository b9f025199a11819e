package dev.gatehouse.core.store;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The operations available inside one transaction of an {@link AuthStore}. Confined to one thread;
 * invalid after the surrounding {@link AuthStore#inTransaction} returns.
 *
 * <p>Each aggregate (users, profiles, devices, sessions, action tokens, one-time codes, delivery
 * logs) is reached through its store, which takes and returns values, never managed entities.
 */
public interface StoreTransaction {

  /** {@return operations on sessions and refresh tokens in this transaction} */
  SessionStore sessions();

  /** {@return operations on single-use link tokens in this transaction} */
  ActionTokenStore actionTokens();

  /** {@return operations on users in this transaction} */
  UserStore users();

  /** {@return operations on profiles in this transaction} */
  ProfileStore profiles();

  /** {@return operations on devices in this transaction} */
  DeviceStore devices();

  /**
   * Reads what a refresh needs to know about a session's owner: whether the account may still sign
   * in, and whether the profile the session acts as still exists and is the owner's. A store that
   * can join the user and the profile answers in one read (the JPA store selects only these columns
   * through the host's mapping); the default reads the user, then, when it exists, the profile,
   * through {@link #users()} and {@link #profiles()}.
   *
   * <pre>{@code
   * Optional<SessionOwner> owner = tx.sessionOwner(session.userPublicId(), session.profileId());
   * boolean ok = owner.filter(SessionOwner::maySignIn).isPresent();
   * }</pre>
   *
   * @param userPublicId the session's owner
   * @param profileId the profile the session acts as, or {@code null} for none (then {@link
   *     SessionOwner#profileFound()} is {@code false} and no profile is read)
   * @return the owner's state, or empty when no user has that public id
   */
  default Optional<SessionOwner> sessionOwner(UUID userPublicId, @Nullable Long profileId) {
    java.util.Objects.requireNonNull(userPublicId, "userPublicId");
    return users()
        .findByPublicId(userPublicId)
        .map(
            u -> {
              Optional<ProfileRecord> profile =
                  profileId == null ? Optional.empty() : profiles().find(userPublicId, profileId);
              return new SessionOwner(
                  u.active(),
                  u.deleted(),
                  profile.isPresent(),
                  u.staff(),
                  u.superuser(),
                  profile.map(ProfileRecord::role).orElse(null));
            });
  }

  /**
   * What {@link #sessionOwner} read about a session's owner. Holds no identifier or personal data.
   *
   * @param active whether the account is active ({@link UserRecord#active()})
   * @param deleted whether the account is soft-deleted ({@link UserRecord#deleted()})
   * @param profileFound whether the profile asked about exists and belongs to the owner; {@code
   *     false} when none was asked about
   * @param staff whether the account is staff ({@link UserRecord#staff()})
   * @param superuser whether the account is a superuser ({@link UserRecord#superuser()})
   * @param profileRole the role of the profile asked about when it was found, else {@code null}
   *     (what the access token's default {@code roles} claim is made of, read in the same
   *     statement)
   */
  record SessionOwner(
      boolean active,
      boolean deleted,
      boolean profileFound,
      boolean staff,
      boolean superuser,
      @Nullable String profileRole) {
    /**
     * The owner's state without the facts the roles claim is made of (a store that does not read
     * them: tokens then carry no staff, superuser or profile role).
     *
     * @param active whether the account is active
     * @param deleted whether the account is soft-deleted
     * @param profileFound whether the profile asked about exists and belongs to the owner
     */
    public SessionOwner(boolean active, boolean deleted, boolean profileFound) {
      this(active, deleted, profileFound, false, false, null);
    }

    /** {@return whether the account may hold sessions: active and not deleted} */
    public boolean maySignIn() {
      return active && !deleted;
    }
  }

  /**
   * {@return operations on linked provider identities in this transaction}
   *
   * @throws dev.gatehouse.core.error.AuthException.ConfigurationException when the host declared no
   *     social-account entity (the default for a store that has none)
   */
  default SocialAccountStore socialAccounts() {
    throw new dev.gatehouse.core.error.AuthException.ConfigurationException(
        "social sign-in needs a social-account entity: declare a subclass of AbstractSocialAccount"
            + " and register it with EntityClasses.builder().socialAccount(...)");
  }

  /**
   * {@return operations on passkeys in this transaction; the default, for a store that keeps none,
   * is {@link PasskeyStore#NONE}: no account has a passkey, and registering one is refused as not
   * configured}
   */
  default PasskeyStore passkeys() {
    return PasskeyStore.NONE;
  }

  /**
   * {@return the delivery outbox: messages recorded here are sent after this transaction commits}
   */
  OutboxStore outbox();

  /** {@return the audit trail, written in this transaction} */
  AuditStore audit();

  /**
   * Runs {@code action} after this transaction commits (the host's, when joined); never when it
   * rolls back.
   *
   * @param action what to run
   */
  void afterCommit(Runnable action);

  // ---- one-time codes and delivery logs ---------------------------------------------------

  /** {@return one-time codes in this transaction} */
  OtpCodeStore otpCodes();

  /** {@return the host's SMS and email delivery logs in this transaction} */
  DeliveryLogStore deliveryLogs();

  /**
   * {@return second factors (TOTP, recovery codes) in this transaction; the default, for a store
   * that keeps none, is {@link SecondFactorStore#NONE}: no account has a factor, and enrolling one
   * is refused as not configured}
   */
  default SecondFactorStore secondFactors() {
    return SecondFactorStore.NONE;
  }

  // ---- a feature module's own tables -------------------------------------------------------

  /**
   * {@return a feature module's own tables in this transaction: what a module writes through them
   * commits and rolls back with the flow (see {@link ModuleTables} for who may call it)}
   */
  ModuleTables moduleTables();

  // ---- counters (rate limits, locks and one-time markers) --------------------------------

  /**
   * {@return the counters of this transaction: rate limits, locks and one-time markers, whose keys
   * Gatehouse builds in one catalogue}
   */
  CounterStore counters();

  /**
   * A write violated a unique constraint (an email, phone or username already taken, a second
   * default profile). Code {@code duplicate}.
   */
  public static class DuplicateKeyException extends RejectedInputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what collided, never containing a secret
     * @param cause the database's exception
     */
    public DuplicateKeyException(String message, Throwable cause) {
      super(ErrorCode.DUPLICATE, message, cause);
    }
  }
}
