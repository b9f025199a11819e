package dev.gatehouse.core.session;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.signin.AccountChangeListener;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Accounts as a module meets them: creating one as the core's sign-ups do, the signed-in caller (a
 * member of staff, checked once for every module) and recent authentication, a change reported to a
 * listening module, a staff member's change of a password or address, and a legacy token's account.
 * Asked for with {@code context.capability(ModuleAccounts.class)}.
 *
 * <p>{@link #caller}, {@link #owner} and {@link #reauthenticated} are called on a request's thread
 * outside the module's transactions ({@link #reauthenticated} opens the one its change runs in);
 * the others write in the transaction they are given. Thread-safe.
 */
public interface ModuleAccounts {
  /**
   * Creates an account as the core's own sign-ups do: the configured id scheme, the default
   * profile, the host's entity.
   *
   * @param tx the flow's transaction
   * @param account the new account ({@code UserRecord.newAccount})
   * @return the account as stored
   */
  UserRecord createAccount(StoreTransaction tx, UserRecord account);

  /**
   * {@return the signed-in caller's account, when both it and the caller's session are alive}
   *
   * @param caller the caller's verified access token
   * @throws dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException {@code
   *     SESSION_ENDED} when the session or the account is gone
   */
  UserRecord caller(VerifiedAccessToken caller);

  /**
   * {@return the signed-in caller's account when it acts as staff (a staff or superuser account,
   * {@link UserRecord#actsAsStaff()})}: the one check of every staff operation, made before any
   * work. Otherwise refuses with {@code forbidden}, kept in the audit trail as {@link
   * ModuleAudit#refusedToStaff} keeps it (an {@code AdminRefused} entry naming the caller and the
   * operation, in a transaction of its own).
   *
   * @param caller the caller's verified access token
   * @param operation what the caller asks for, as the audit entry names it ({@code search})
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} when
   *     the caller's account does not act as staff
   * @throws dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException {@code
   *     SESSION_ENDED} when the session or the account is gone
   */
  UserRecord staff(VerifiedAccessToken caller, String operation);

  /**
   * {@return the signed-in caller's account for a change only the account's owner makes (removing a
   * credential): as {@link #caller}, and never to a session in which someone acts for the owner}
   * The same refusal {@link #reauthenticated} gives an impersonation's token, without asking for a
   * recent sign-in.
   *
   * @param caller the caller's verified access token
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code
   *     impersonation_refused} when the token carries RFC 8693's {@code act}
   * @throws dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException {@code
   *     SESSION_ENDED} when the session or the account is gone
   */
  UserRecord owner(VerifiedAccessToken caller);

  /**
   * Runs a change that needs recent authentication, as the core's own do (deleting an account,
   * changing a password): checks the caller's session and the proof (a module's kind through its
   * {@link Reauthentication.Check}), then runs {@code change} in one transaction, in which a
   * password proof's attempt is settled.
   *
   * @param caller the caller's verified access token
   * @param proof the proof
   * @param client who is calling, or {@code null}
   * @param change the change, given the transaction and the caller's account
   * @param <T> what the change answers
   * @return what the change answered
   * @throws Reauthentication.ReauthenticationRequiredException when the proof does not suffice
   */
  <T> T reauthenticated(
      VerifiedAccessToken caller,
      Reauthentication proof,
      @Nullable ClientInfo client,
      BiFunction<? super StoreTransaction, ? super UserRecord, ? extends T> change);

  /**
   * Reports a change the module made to an account to the {@link AccountChangeListener} registered
   * (nothing when none is, or it does not listen), in the change's transaction, as the core's own
   * flows report theirs.
   *
   * @param tx the change's transaction
   * @param kind what changed
   * @param before the account before the change, or {@code null} for a new account
   * @param account the account's public id
   * @param now the change's instant
   */
  void accountChanged(
      StoreTransaction tx,
      AccountChange.Kind kind,
      @Nullable UserRecord before,
      UUID account,
      Instant now);

  /**
   * Sets another account's password on a staff member's word, in {@code tx}: the password policy,
   * then what every password change does (the account's sessions, reset links and pending second
   * steps ended, its owner told after commit, a listening module told), recorded as {@link
   * AuthEvent.PasswordChanged} naming {@code admin}. The caller checked that {@code admin} may.
   *
   * @param tx the change's transaction
   * @param admin the staff member's public id
   * @param account the account as read in {@code tx}
   * @param newPassword the new password
   * @param client the staff member's client, or {@code null}
   * @throws AuthException.RejectedInputException when the password policy refuses it
   */
  void setPassword(
      StoreTransaction tx,
      UUID admin,
      UserRecord account,
      String newPassword,
      @Nullable ClientInfo client);

  /**
   * Sets another account's email address on a staff member's word, in {@code tx}, as a confirmed
   * change of address sets it (links sent to the old address revoked, the old address told after
   * commit, a listening module told), and leaves the account unverified: nobody proved the new
   * mailbox. Recorded as {@link AuthEvent.EmailChanged} naming {@code admin}.
   *
   * @param tx the change's transaction
   * @param admin the staff member's public id
   * @param account the account as read in {@code tx}
   * @param email the new address
   * @param client the staff member's client, or {@code null}
   * @return {@code false} when the address is the account's already (nothing changes)
   * @throws AuthException.RejectedInputException {@code invalid_email}, or {@code email_taken} when
   *     another account has the address
   */
  boolean setEmail(
      StoreTransaction tx,
      UUID admin,
      UserRecord account,
      String email,
      @Nullable ClientInfo client);

  /** {@return the host's {@code Gatehouse.Builder#legacyAccounts}: a legacy token's account} */
  Optional<LegacyAccountResolver> legacyAccounts();
}
