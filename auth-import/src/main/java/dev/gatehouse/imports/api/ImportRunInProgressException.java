package dev.gatehouse.imports.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A run of a source was refused, changing nothing, because another run of the same source name is
 * in progress (its process still holds the run). A run whose process died is not in progress: the
 * next run resumes it.
 */
public final class ImportRunInProgressException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The source name whose run is in progress. */
  private final String sourceName;

  /** The id of the run in progress. */
  private final String runId;

  /** When the run in progress started, or {@code null} if not known yet. */
  private final Instant startedAt;

  /**
   * @param sourceName the source name
   * @param runId the run in progress
   * @param startedAt when it started, or {@code null} if not known yet
   */
  public ImportRunInProgressException(
      String sourceName, String runId, @Nullable Instant startedAt) {
    super(
        "a run of source "
            + sourceName
            + " is in progress (run id "
            + runId
            + (startedAt == null ? "" : ", started " + startedAt)
            + ")");
    this.sourceName = sourceName;
    this.runId = runId;
    this.startedAt = startedAt;
  }

  /** {@return the source name} */
  public String sourceName() {
    return sourceName;
  }

  /** {@return the id of the run in progress} */
  public String runId() {
    return runId;
  }

  /** {@return when the run in progress started, or {@code null} if not known yet} */
  public @Nullable Instant startedAt() {
    return startedAt;
  }
}
