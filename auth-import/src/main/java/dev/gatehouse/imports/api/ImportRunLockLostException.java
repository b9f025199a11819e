package dev.gatehouse.imports.api;

import org.jspecify.annotations.Nullable;

/**
 * A run stopped because it no longer held its source's run lock: the database connection that held
 * it ended under the run (a server idle timeout such as PostgreSQL's {@code
 * idle_in_transaction_session_timeout} or MariaDB's {@code wait_timeout}, a killed session, a
 * network failure), so another run of the same source could have started. The run checks the lock
 * before each batch commits: the batch in progress was rolled back, the batches committed before it
 * stay, and the run was left as a killed process leaves it, so the next {@link
 * dev.gatehouse.imports.Importer#run} resumes it after its last committed batch.
 */
public final class ImportRunLockLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The source name whose run lost its lock. */
  private final String sourceName;

  /** The id of the run that stopped. */
  private final String runId;

  /**
   * @param sourceName the source name
   * @param runId the run that stopped
   * @param cause the failure of the lock's connection, or {@code null}
   */
  public ImportRunLockLostException(String sourceName, String runId, @Nullable Throwable cause) {
    super(
        "the run lock of source "
            + sourceName
            + " was lost (its database connection ended: a server idle timeout, a killed session"
            + " or a network failure); run "
            + runId
            + " stopped before committing another batch: run the import again to resume it",
        cause);
    this.sourceName = sourceName;
    this.runId = runId;
  }

  /** {@return the source name} */
  public String sourceName() {
    return sourceName;
  }

  /** {@return the id of the run that stopped} */
  public String runId() {
    return runId;
  }
}
