package dev.gatehouse.core.session;

import dev.gatehouse.core.signin.ModuleHook;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;

/**
 * Told of every sign-in that completes, registered with {@link SignInContext#hook}: called in the
 * transaction that starts its session, once every step is proven (the second factor answered, every
 * {@link SignInGuard} passed), where {@code LoggedIn} is published. A sign-in that stops at its
 * second step, or that a guard refuses, is never told. What the hook writes in {@code tx} commits
 * with the session or not at all. The cut-over by cohort ({@code auth-cohorts}), which records
 * there that an account moved, is one.
 *
 * <p>This runs on every completed sign-in of every account: an implementation answers from memory
 * for the accounts it does not concern. Implementations are thread-safe and throw nothing for a
 * sign-in they do not concern.
 *
 * <pre>{@code
 * context.hook((SignInCompleted) (tx, account, method, now) -> recordMove(tx, account));
 * }</pre>
 */
@FunctionalInterface
public interface SignInCompleted extends ModuleHook {
  /**
   * Receives a completed sign-in, in its transaction.
   *
   * @param tx the transaction that starts the session
   * @param account the account signed in
   * @param method how it signed in, as {@code LoggedIn} names it ({@code pwd}, {@code totp}, ...)
   * @param now the sign-in's instant
   */
  void completed(StoreTransaction tx, UserRecord account, String method, Instant now);
}
