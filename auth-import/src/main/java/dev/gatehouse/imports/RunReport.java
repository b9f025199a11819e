package dev.gatehouse.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link Importer#run}: totals of the whole run (over every resumed attempt), so
 * {@code created + updated + skipped + quarantined == records} once it is complete.
 *
 * @param runId the run's id (to resume, roll back or audit it)
 * @param sourceName the source name
 * @param status {@code COMPLETED}, {@code FAILED} (resumable) or {@code STOPPED} (stopped by the
 *     batch listener; resumable)
 * @param resumedFromPosition the checkpoint this attempt started after (0 for a fresh run)
 * @param batches batches committed by the whole run
 * @param records source records accounted for by committed batches
 * @param created accounts created
 * @param updated records merged into an existing account
 * @param skipped records skipped (already imported, conflicts under {@code SKIP}, soft-deleted)
 * @param quarantined records quarantined (unreadable, no identifier, conflicts)
 * @param error why the run stopped, or {@code null}
 */
public record RunReport(
    String runId,
    String sourceName,
    String status,
    long resumedFromPosition,
    int batches,
    long records,
    long created,
    long updated,
    long skipped,
    long quarantined,
    @Nullable String error) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** {@return whether the run read its source to the end} */
  public boolean completed() {
    return "COMPLETED".equals(status);
  }

  /** {@return the report as indented JSON} */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the run report", e);
    }
  }

  /** {@return a readable one-paragraph summary} */
  public String summary() {
    return "Run "
        + runId
        + " of "
        + sourceName
        + ": "
        + status
        + (resumedFromPosition > 0 ? " (resumed after record " + resumedFromPosition + ")" : "")
        + "\n  "
        + records
        + " records in "
        + batches
        + " batches: created "
        + created
        + ", updated "
        + updated
        + ", skipped "
        + skipped
        + ", quarantined "
        + quarantined
        + (error == null ? "" : "\n  error: " + error)
        + "\n";
  }
}
