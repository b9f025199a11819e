package dev.gatehouse.core.session;

import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Accounts a system outside Gatehouse knows, asked when a password login or a password reset names
 * an identifier no account has ({@code auth-legacy}'s lazy migration), registered by a module with
 * {@link SignInContext#onExternalAccounts}. The core keeps the login: the attempt is counted by the
 * login throttle before this is asked, like any password guess; the typed password is verified by
 * the core against the {@linkplain Account#passwordHash() answered hash} in place of the dummy
 * verification an unknown identifier costs (so the hash count does not tell whether the other
 * system knew the user); and a right password moves the account in and signs it in through the one
 * pipeline, in one transaction. Without a registered module an unknown identifier is simply
 * unknown.
 *
 * <p>Implementations are thread-safe, never log passwords or hashes, and answer within a bounded
 * time: the login waits for them.
 */
public interface ExternalAccounts {
  /**
   * Finds the user an identifier names.
   *
   * @param kind email, phone or username
   * @param canonical the form Gatehouse looks up (a lower-cased email, an E.164 phone, a canonical
   *     username)
   * @param typed the identifier exactly as typed
   * @param password the password as typed for a login, or {@code null} for a password reset
   * @return the user, or empty when the other system does not know it (or, for a system that checks
   *     passwords itself, the password is wrong)
   * @throws dev.gatehouse.core.error.AuthException when the other system cannot be asked (an
   *     infrastructure error; the login fails and nothing is created)
   */
  Optional<Account> find(
      IdentifierKind kind, String canonical, String typed, @Nullable String password);

  /** A user {@link #find} answered; its {@code toString()} shows neither hash nor identifiers. */
  interface Account {
    /** {@return the stored password hash for the core to verify, or {@code null}} */
    @Nullable String passwordHash();

    /** {@return whether the other system itself confirmed the typed password} */
    boolean passwordConfirmed();

    /** {@return whether the user may sign in} */
    boolean active();

    /**
     * {@return whether the account counts as verified ({@code gatehouse.account.require-verified})}
     */
    boolean verified();

    /**
     * Creates the Gatehouse account in the login's (or reset's) transaction, as a sign-up does
     * ({@link SignInContext#createAccount}), with what else the move records in it.
     *
     * @param tx the transaction
     * @param passwordHash the hash to store: the typed password re-hashed at a login, {@link
     *     #passwordHash()} as it is before a reset
     * @param now the current time
     * @return the account, or {@code null} when an account took its identifiers meanwhile (the
     *     login then retries as an ordinary one)
     */
    @Nullable UserRecord moveIn(StoreTransaction tx, @Nullable String passwordHash, Instant now);
  }
}
