package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.signin.AccountChangeListener;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where the flows report the changes they make to accounts, for the one {@link
 * AccountChangeListener} a module registered ({@code auth-legacy}'s write-back journal): in the
 * change's transaction, and only while the listener {@linkplain AccountChangeListener#listening
 * listens}. Without one, or while it does not listen, every method does nothing and reads nothing,
 * so a flow's statements are those it makes without it. Thread-safe once built. Internal: not API.
 */
public final class AccountChanges {
  private volatile @Nullable AccountChangeListener listener;

  /**
   * Registers the listener; once, while the facade is built.
   *
   * @param listener the listener
   * @throws IllegalStateException when one is registered already
   */
  public synchronized void register(AccountChangeListener listener) {
    requireNonNull(listener, "listener");
    if (this.listener != null) {
      throw new IllegalStateException("an account-change listener is registered already");
    }
    this.listener = listener;
  }

  private @Nullable AccountChangeListener listening(Instant now) {
    AccountChangeListener l = listener;
    return l != null && l.listening(now) ? l : null;
  }

  /**
   * The new password in the listener's format, computed by the flow that knows it before its
   * transaction.
   *
   * @param rawPassword the password as typed
   * @param now the flow's time
   * @return the listener's hash, or {@code null} when nobody listens or it needs none
   */
  public @Nullable String hashPassword(String rawPassword, Instant now) {
    AccountChangeListener l = listening(now);
    return l == null ? null : l.hashPassword(rawPassword);
  }

  /**
   * The account as it is before a change, read in the change's transaction only while a listener
   * listens.
   *
   * @param tx the change's transaction
   * @param userPublicId the account
   * @param now the flow's time
   * @return the account, or {@code null} when nobody listens
   */
  public @Nullable UserRecord before(StoreTransaction tx, UUID userPublicId, Instant now) {
    return listening(now) == null ? null : tx.users().findByPublicId(userPublicId).orElse(null);
  }

  /**
   * Reports a change of an account, read again in {@code tx} after the change.
   *
   * @param tx the change's transaction
   * @param kind what happened
   * @param before the account before the change, or {@code null} for a creation
   * @param userPublicId the account
   * @param passwordHash the listener's hash of the new password ({@link #hashPassword}), or {@code
   *     null}
   * @param now the flow's time
   */
  public void record(
      StoreTransaction tx,
      AccountChange.Kind kind,
      @Nullable UserRecord before,
      UUID userPublicId,
      @Nullable String passwordHash,
      Instant now) {
    AccountChangeListener l = listening(now);
    if (l != null) {
      UserRecord after = tx.users().findByPublicId(userPublicId).orElseThrow();
      l.changed(tx, new AccountChange(kind, before, after, passwordHash, now));
    }
  }

  /**
   * Reports a change of an account whose new values the flow holds.
   *
   * @param tx the change's transaction
   * @param kind what happened
   * @param before the account before the change, or {@code null} for a creation
   * @param after the account after it
   * @param passwordHash the listener's hash of the new password ({@link #hashPassword}), or {@code
   *     null}
   * @param now the flow's time
   */
  public void record(
      StoreTransaction tx,
      AccountChange.Kind kind,
      @Nullable UserRecord before,
      UserRecord after,
      @Nullable String passwordHash,
      Instant now) {
    AccountChangeListener l = listening(now);
    if (l != null) {
      l.changed(tx, new AccountChange(kind, before, after, passwordHash, now));
    }
  }

  /**
   * Whether a listener listens at {@code now}: a flow reads what it would report only then.
   *
   * @param now the flow's time
   * @return whether changes are wanted
   */
  public boolean isListening(Instant now) {
    return listening(now) != null;
  }

  /**
   * Reports a change of an account's default profile when its person or settings differ.
   *
   * @param tx the change's transaction
   * @param before the default profile before the change
   * @param after the default profile after it
   * @param now the flow's time
   */
  public void recordProfile(
      StoreTransaction tx, ProfileRecord before, ProfileRecord after, Instant now) {
    AccountChangeListener l = listening(now);
    if (l == null
        || before.person().equals(after.person())
            && java.util.Objects.equals(before.settingsJson(), after.settingsJson())) {
      return;
    }
    UserRecord user = tx.users().findByPublicId(after.ownerPublicId()).orElseThrow();
    l.changed(
        tx,
        new AccountChange(
            AccountChange.Kind.PROFILE_CHANGED, user, user, null, now, before, after));
  }
}
