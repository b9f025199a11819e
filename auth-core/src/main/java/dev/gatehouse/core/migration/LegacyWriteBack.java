package dev.gatehouse.core.migration;

import org.jspecify.annotations.Nullable;

/**
 * Writes the changes Gatehouse makes to accounts back to the legacy user store while the transition
 * window is open ({@code gatehouse.legacy.write-back.until}), so that going back to the legacy
 * application loses no account and no password change.
 *
 * <p>Gatehouse records each change in a journal in the transaction of the change and calls {@link
 * #apply} after it commits, from its delivery workers: a request never waits for the legacy store,
 * a change of a rolled-back transaction is never applied, the changes of one account are applied in
 * order, and a failed call is retried with backoff. So {@link #apply} must be idempotent: applying
 * a change twice leaves the row as applying it once.
 *
 * <p>The importer's module has JDBC targets for a Django user table and a FastAPI-Users table
 * ({@code dev.gatehouse.imports.lazy.UserTableWriteBack}).
 */
public interface LegacyWriteBack {

  /**
   * @return a short name for logs and metrics, e.g. {@code django}
   */
  String name();

  /**
   * Hashes a password as the legacy application verifies it (Django's {@code pbkdf2_sha256}, a
   * passlib bcrypt string, ...). Called by the flow that knows the password, before its
   * transaction; CPU only, no I/O.
   *
   * @param rawPassword the password as the user typed it
   * @return the hash to store in the legacy row
   */
  String hashPassword(String rawPassword);

  /**
   * Applies one change to the legacy store.
   *
   * @param change the change, with the values the legacy row is expected to hold before it
   * @return {@link Result#applied()} when the row now holds the change (also when it already did),
   *     or {@link Result#conflict} when the row changed meanwhile: the change is then recorded as
   *     failed and reported, and the row is left as it is
   * @throws RuntimeException when the legacy store cannot be reached: the change is retried later
   */
  Result apply(LegacyChange change);

  /**
   * What applying a change came to.
   *
   * @param conflict why the change was not applied, or {@code null} when it was
   */
  record Result(@Nullable String conflict) {
    private static final Result APPLIED = new Result(null);

    /**
     * @return the row holds the change
     */
    public static Result applied() {
      return APPLIED;
    }

    /**
     * @param reason which value of the row differs from what Gatehouse expected (no value itself)
     * @return the change was not applied because the row changed meanwhile
     */
    public static Result conflict(String reason) {
      return new Result(java.util.Objects.requireNonNull(reason, "reason"));
    }

    /**
     * @return whether the change was refused as a conflict
     */
    public boolean isConflict() {
      return conflict != null;
    }
  }
}
