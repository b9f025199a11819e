package dev.gatehouse.core.session;

import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.signin.ModuleHook;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Accounts a system outside Gatehouse knows, asked when a password login or a password reset names
 * an identifier no account has ({@code auth-legacy}'s lazy migration), registered by a module with
 * {@link SignInContext#hook}. The core keeps the login: the attempt is counted by the login
 * throttle before this is asked, like any password guess; the typed password is verified by the
 * core against the {@linkplain Account#passwordHash() answered hash} in place of the dummy
 * verification an unknown identifier costs (so the hash count does not tell whether the other
 * system knew the user); and a right password runs the {@linkplain Account#signIn module's check}
 * through the one pipeline, in one transaction. Without a registered module an unknown identifier
 * is simply unknown.
 *
 * <p>Implementations are thread-safe, never log passwords or hashes, and answer within a bounded
 * time: the login waits for them.
 */
public interface ExternalAccounts extends ModuleHook {
  /**
   * Finds the user a login's identifier names.
   *
   * @param kind email, phone or username
   * @param canonical the form Gatehouse looks up (a lower-cased email, an E.164 phone, a canonical
   *     username)
   * @param typed the identifier exactly as typed
   * @param password the password as typed
   * @return the user, or empty when the other system does not know it (or, for a system that checks
   *     passwords itself, the password is wrong)
   * @throws dev.gatehouse.core.error.AuthException when the other system cannot be asked (an
   *     infrastructure error; the login fails and nothing is created)
   */
  Optional<Account> find(IdentifierKind kind, String canonical, String typed, String password);

  /**
   * Before a password reset for an address no account has (on a delivery worker, never in a
   * request): moves a user the other system knows by that address over, in a transaction of the
   * module's own, so that the reset then proceeds as for any account.
   *
   * @param email the address as the reset named it
   * @param canonical its lower-cased form
   * @param now the current time
   */
  void beforeReset(String email, String canonical, Instant now);

  /** A user {@link #find} answered; its {@code toString()} shows neither hash nor identifiers. */
  interface Account {
    /** {@return the stored password hash for the core to verify, or {@code null}} */
    @Nullable String passwordHash();

    /** {@return whether the other system itself confirmed the typed password} */
    boolean passwordConfirmed();

    /** {@return whether the user may sign in} */
    boolean active();

    /**
     * The check the core runs through its pipeline once the typed password matched: in the
     * sign-in's transaction it creates the account as a sign-up does ({@link
     * ModuleAccounts#createAccount}), settles {@code attempt} and proves the account with {@code
     * pwd} (or refuses it, e.g. unconfirmed). When an account took the user's identifiers meanwhile
     * it throws {@link dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException}: the core
     * then retries the login as an ordinary one.
     *
     * @param passwordHash the typed password, hashed as the core hashes passwords
     * @param attempt the login's counted attempt
     * @return the check
     */
    CredentialCheck signIn(String passwordHash, ModuleLimits.Guess attempt);
  }
}
