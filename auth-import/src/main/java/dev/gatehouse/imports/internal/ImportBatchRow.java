package dev.gatehouse.imports.internal;

import java.time.Instant;

/**
 * One committed batch: the checkpoint of its run ({@code gh_import_batch}). Internal: not API.
 *
 * @param id the batch's id
 * @param runId its run
 * @param seq its place in the run, from 1
 * @param firstPosition the source position of its first record
 * @param lastPosition the source position of its last record
 * @param createdCount accounts it created
 * @param updatedCount accounts it merged into
 * @param skippedCount records it skipped
 * @param quarantinedCount records it quarantined
 * @param status {@code COMMITTED} or {@code ROLLED_BACK}
 * @param committedAt when it committed
 * @param rolledBackAt when it was rolled back, or null
 */
public record ImportBatchRow(
    String id,
    String runId,
    int seq,
    long firstPosition,
    long lastPosition,
    int createdCount,
    int updatedCount,
    int skippedCount,
    int quarantinedCount,
    String status,
    Instant committedAt,
    Instant rolledBackAt) {

  /** {@return this batch with the counts it ended with} */
  public ImportBatchRow withCounts(int created, int updated, int skipped, int quarantined) {
    return new ImportBatchRow(
        id,
        runId,
        seq,
        firstPosition,
        lastPosition,
        created,
        updated,
        skipped,
        quarantined,
        status,
        committedAt,
        rolledBackAt);
  }
}
