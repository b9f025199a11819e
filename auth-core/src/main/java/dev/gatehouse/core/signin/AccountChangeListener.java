package dev.gatehouse.core.signin;

import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Told of every change the flows make to an account (registration, a password or contact change, a
 * verification, a deletion, an account created by a module's sign-in), in the transaction of the
 * change: what it writes there commits with the change or not at all, so a rolled-back flow leaves
 * nothing behind. {@code auth-legacy}'s write-back journal is one. Registered by a module with
 * {@link dev.gatehouse.core.session.SignInContext#hook}; without one, a flow reads and writes
 * nothing more.
 *
 * <pre>{@code
 * builder.feature(Journal.class, context -> {
 *   Journal journal = new Journal(context);
 *   context.hook(journal);
 *   return journal;
 * });
 * }</pre>
 *
 * <p>Implementations are thread-safe and do no I/O outside the transaction they are given: a
 * request waits for them.
 */
public interface AccountChangeListener extends ModuleHook {
  /**
   * Whether changes made at {@code now} are wanted. When not, the flows skip reading the account
   * before the change and never call {@link #hashPassword} or {@link #changed}.
   *
   * @param now the flow's time
   * @return whether to listen
   */
  boolean listening(Instant now);

  /**
   * Hashes a new password in the listener's own format (another system's, say), called by the flow
   * that knows the password before its transaction, while {@link #listening}; CPU only, no I/O. The
   * result reaches {@link #changed} as {@link AccountChange#passwordHash()}; the password as typed
   * never does, and must not be kept.
   *
   * @param rawPassword the password as the user typed it
   * @return the hash, or {@code null} (the default) when the listener needs none
   */
  default @Nullable String hashPassword(String rawPassword) {
    return null;
  }

  /**
   * Receives a change, in its transaction, after the flow wrote it.
   *
   * @param tx the change's transaction
   * @param change what changed
   */
  void changed(StoreTransaction tx, AccountChange change);
}
