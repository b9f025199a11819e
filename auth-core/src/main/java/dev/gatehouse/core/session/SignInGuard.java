package dev.gatehouse.core.session;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.signin.ModuleHook;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A module's say over every sign-in whose credential was proven, registered with {@link
 * SignInContext#hook}: asked in the sign-in's transaction, after the credential and the account's
 * state were checked and before the login is recorded and a session or second step starts. A
 * refusal ends the sign-in as a refused one (kept in the audit trail under the method) and nothing
 * of the sign-in's own is written. The organisation that requires its own sign-in for its domain
 * ({@code auth-organizations}) is one.
 *
 * <p>This runs on every sign-in of every account: an implementation answers from what it holds in
 * memory for the accounts it does not concern, so that they cost no statement. Implementations are
 * thread-safe.
 *
 * <pre>{@code
 * context.hook((SignInGuard) (tx, account, method, now) ->
 *     requiresOwnSignIn(account) && !method.equals("organization")
 *         ? new RejectedInputException(OrganizationErrors.ORGANIZATION_SIGN_IN_REQUIRED, "...")
 *         : null);
 * }</pre>
 */
@FunctionalInterface
public interface SignInGuard extends ModuleHook {
  /**
   * Decides whether a proven sign-in may go on.
   *
   * @param tx the sign-in's transaction
   * @param account the account signing in, active and not deleted
   * @param method how it signs in, as its events name it ({@code pwd}, {@code otp}, {@code
   *     magic_link}, {@code social:google}, a module's own)
   * @param now the sign-in's instant
   * @return {@code null} to let it go on, or the error it is refused with
   */
  @Nullable AuthException refusal(
      StoreTransaction tx, UserRecord account, String method, Instant now);
}
