package dev.gatehouse.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One import run as the bookkeeping tables record it, with its batches: what {@link Importer#runs}
 * lists, so an operator can find the run or batch to resume, roll back or audit without reading the
 * tables.
 *
 * @param runId the run's id ({@code rollback --run})
 * @param sourceName the source name
 * @param status {@code RUNNING}, {@code COMPLETED}, {@code FAILED} or {@code STOPPED} (both
 *     resumable by running the same source again) or {@code ROLLED_BACK}
 * @param startedAt when the run (its first attempt) started
 * @param finishedAt when it completed or was rolled back, or {@code null} while it can be resumed
 * @param error why its last attempt stopped, or {@code null}
 * @param batches its batches, in the order they were written
 */
public record ImportRunSummary(
    String runId,
    String sourceName,
    String status,
    Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable String error,
    List<Batch> batches) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Copies the batch list.
   *
   * @param runId the run's id
   * @param sourceName the source name
   * @param status the run's state
   * @param startedAt when it started
   * @param finishedAt when it finished, or {@code null}
   * @param error why its last attempt stopped, or {@code null}
   * @param batches its batches
   */
  public ImportRunSummary {
    Objects.requireNonNull(runId, "runId");
    batches = List.copyOf(batches);
  }

  /**
   * One batch of a run: a checkpoint and the unit a rollback undoes.
   *
   * @param batchId the batch's id ({@code rollback --batch})
   * @param seq its number within the run, from 1
   * @param firstPosition the first source record it read (from 1)
   * @param lastPosition the last source record it read
   * @param created accounts it created
   * @param updated records it merged into existing accounts
   * @param skipped records it skipped
   * @param quarantined records it quarantined
   * @param status {@code COMMITTED} or {@code ROLLED_BACK}
   * @param committedAt when it committed
   * @param rolledBackAt when it was rolled back, or {@code null}
   */
  public record Batch(
      String batchId,
      int seq,
      long firstPosition,
      long lastPosition,
      int created,
      int updated,
      int skipped,
      int quarantined,
      String status,
      Instant committedAt,
      @Nullable Instant rolledBackAt) {}

  /** {@return how many of its batches are committed (not rolled back)} */
  public long committedBatches() {
    return batches.stream().filter(b -> b.status().equals("COMMITTED")).count();
  }

  /**
   * The runs and their batches as indented JSON (instants in ISO-8601).
   *
   * @param runs the runs, as {@link Importer#runs} lists them
   * @return a JSON array
   */
  public static String toJson(List<ImportRunSummary> runs) {
    ArrayNode all = JSON.createArrayNode();
    for (ImportRunSummary r : runs) {
      ObjectNode run =
          all.addObject()
              .put("runId", r.runId)
              .put("sourceName", r.sourceName)
              .put("status", r.status)
              .put("startedAt", text(r.startedAt))
              .put("finishedAt", text(r.finishedAt))
              .put("error", r.error);
      ArrayNode batches = run.putArray("batches");
      for (Batch b : r.batches) {
        batches
            .addObject()
            .put("batchId", b.batchId())
            .put("seq", b.seq())
            .put("firstPosition", b.firstPosition())
            .put("lastPosition", b.lastPosition())
            .put("created", b.created())
            .put("updated", b.updated())
            .put("skipped", b.skipped())
            .put("quarantined", b.quarantined())
            .put("status", b.status())
            .put("committedAt", text(b.committedAt()))
            .put("rolledBackAt", text(b.rolledBackAt()));
      }
    }
    try {
      return JSON.writeValueAsString(all);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the list of runs", e);
    }
  }

  /** {@return a readable summary: one line for the run, one per batch} */
  public String summary() {
    StringBuilder s =
        new StringBuilder("run ")
            .append(runId)
            .append(" of ")
            .append(sourceName)
            .append(": ")
            .append(status)
            .append(", started ")
            .append(startedAt)
            .append(finishedAt == null ? "" : ", finished " + finishedAt)
            .append(", ")
            .append(committedBatches())
            .append(" of ")
            .append(batches.size())
            .append(" batches committed\n");
    if (error != null) {
      s.append("  error: ").append(error).append('\n');
    }
    for (Batch b : batches) {
      s.append("  batch ")
          .append(b.batchId())
          .append(" #")
          .append(b.seq())
          .append(" records ")
          .append(b.firstPosition())
          .append('-')
          .append(b.lastPosition())
          .append(": ")
          .append(b.status())
          .append(b.rolledBackAt() == null ? "" : " at " + b.rolledBackAt())
          .append("; created ")
          .append(b.created())
          .append(", updated ")
          .append(b.updated())
          .append(", skipped ")
          .append(b.skipped())
          .append(", quarantined ")
          .append(b.quarantined())
          .append('\n');
    }
    return s.toString();
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }
}
