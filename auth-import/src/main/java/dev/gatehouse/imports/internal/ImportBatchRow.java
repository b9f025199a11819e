package dev.gatehouse.imports.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One committed batch: the checkpoint of its run. Internal: not API. */
@Entity(name = "GatehouseImportBatch")
@Table(name = "gh_import_batch")
public class ImportBatchRow {
  @Id
  @Column(name = "id", length = 36)
  private String id;

  @Column(name = "run_id", nullable = false, length = 36)
  private String runId;

  @Column(name = "seq", nullable = false)
  private int seq;

  @Column(name = "first_position", nullable = false)
  private long firstPosition;

  @Column(name = "last_position", nullable = false)
  private long lastPosition;

  @Column(name = "created_count", nullable = false)
  private int createdCount;

  @Column(name = "updated_count", nullable = false)
  private int updatedCount;

  @Column(name = "skipped_count", nullable = false)
  private int skippedCount;

  @Column(name = "quarantined_count", nullable = false)
  private int quarantinedCount;

  @Column(name = "status", nullable = false, length = 16)
  private String status;

  @Column(name = "committed_at", nullable = false)
  private Instant committedAt;

  @Column(name = "rolled_back_at")
  private Instant rolledBackAt;

  protected ImportBatchRow() {}

  /** All columns. */
  public ImportBatchRow(
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
    this.id = id;
    this.runId = runId;
    this.seq = seq;
    this.firstPosition = firstPosition;
    this.lastPosition = lastPosition;
    this.createdCount = createdCount;
    this.updatedCount = updatedCount;
    this.skippedCount = skippedCount;
    this.quarantinedCount = quarantinedCount;
    this.status = status;
    this.committedAt = committedAt;
    this.rolledBackAt = rolledBackAt;
  }

  /** The id column. */
  public String id() {
    return id;
  }

  /** Sets the id column. */
  public void setId(String v) {
    this.id = v;
  }

  /** The run_id column. */
  public String runId() {
    return runId;
  }

  /** Sets the run_id column. */
  public void setRunId(String v) {
    this.runId = v;
  }

  /** The seq column. */
  public int seq() {
    return seq;
  }

  /** Sets the seq column. */
  public void setSeq(int v) {
    this.seq = v;
  }

  /** The first_position column. */
  public long firstPosition() {
    return firstPosition;
  }

  /** Sets the first_position column. */
  public void setFirstPosition(long v) {
    this.firstPosition = v;
  }

  /** The last_position column. */
  public long lastPosition() {
    return lastPosition;
  }

  /** Sets the last_position column. */
  public void setLastPosition(long v) {
    this.lastPosition = v;
  }

  /** The created_count column. */
  public int createdCount() {
    return createdCount;
  }

  /** Sets the created_count column. */
  public void setCreatedCount(int v) {
    this.createdCount = v;
  }

  /** The updated_count column. */
  public int updatedCount() {
    return updatedCount;
  }

  /** Sets the updated_count column. */
  public void setUpdatedCount(int v) {
    this.updatedCount = v;
  }

  /** The skipped_count column. */
  public int skippedCount() {
    return skippedCount;
  }

  /** Sets the skipped_count column. */
  public void setSkippedCount(int v) {
    this.skippedCount = v;
  }

  /** The quarantined_count column. */
  public int quarantinedCount() {
    return quarantinedCount;
  }

  /** Sets the quarantined_count column. */
  public void setQuarantinedCount(int v) {
    this.quarantinedCount = v;
  }

  /** The status column. */
  public String status() {
    return status;
  }

  /** Sets the status column. */
  public void setStatus(String v) {
    this.status = v;
  }

  /** The committed_at column. */
  public Instant committedAt() {
    return committedAt;
  }

  /** Sets the committed_at column. */
  public void setCommittedAt(Instant v) {
    this.committedAt = v;
  }

  /** The rolled_back_at column. */
  public Instant rolledBackAt() {
    return rolledBackAt;
  }

  /** Sets the rolled_back_at column. */
  public void setRolledBackAt(Instant v) {
    this.rolledBackAt = v;
  }
}
