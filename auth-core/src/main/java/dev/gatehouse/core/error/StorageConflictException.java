package dev.gatehouse.core.error;

import org.jspecify.annotations.Nullable;

/**
 * The database ended a transaction because it conflicted with a concurrent one: a deadlock or a
 * serialization failure (SQLState {@code 40001} or {@code 40P01}, MariaDB/MySQL error 1213). The
 * database rolled the whole transaction back, so nothing of it was written and the same work may be
 * run again from its start in a new transaction.
 *
 * <p>Code {@code storage_failed} and {@link #retryable()} true, as any {@link
 * AuthInfrastructureException} of the database: a caller that does not retry sees the same error as
 * before. Gatehouse retries its own short transactions on this type (the login throttle's
 * reservations); a transaction joined to the host's is never retried by Gatehouse, since the host's
 * other work in it was rolled back too.
 */
public class StorageConflictException extends AuthInfrastructureException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message developer-facing message, never containing a secret
   * @param cause the database's error, or {@code null}
   */
  public StorageConflictException(String message, @Nullable Throwable cause) {
    super(ErrorCode.STORAGE_FAILED, message, true, cause);
  }
}
