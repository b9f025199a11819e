package dev.gatehouse.imports.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A record that was skipped, merged or quarantined, with both ids. Internal: not API. */
@Entity(name = "GatehouseImportIssue")
@Table(name = "gh_import_issue")
public class ImportIssueRow {
  @Id
  @Column(name = "id", length = 36)
  private String id;

  @Column(name = "run_id", nullable = false, length = 36)
  private String runId;

  @Column(name = "batch_id", length = 36)
  private String batchId;

  @Column(name = "source_name", nullable = false, length = 100)
  private String sourceName;

  @Column(name = "legacy_id", length = 191)
  private String legacyId;

  @Column(name = "source_line", nullable = false)
  private long sourceLine;

  @Column(name = "outcome", nullable = false, length = 16)
  private String outcome;

  @Column(name = "reason", nullable = false, length = 64)
  private String reason;

  @Column(name = "detail", length = 1000)
  private String detail;

  @Column(name = "existing_user_public_id", length = 36)
  private String existingUserPublicId;

  @Column(name = "existing_legacy_id", length = 191)
  private String existingLegacyId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ImportIssueRow() {}

  /** All columns. */
  public ImportIssueRow(
      String id,
      String runId,
      String batchId,
      String sourceName,
      String legacyId,
      long sourceLine,
      String outcome,
      String reason,
      String detail,
      String existingUserPublicId,
      String existingLegacyId,
      Instant createdAt) {
    this.id = id;
    this.runId = runId;
    this.batchId = batchId;
    this.sourceName = sourceName;
    this.legacyId = legacyId;
    this.sourceLine = sourceLine;
    this.outcome = outcome;
    this.reason = reason;
    this.detail = detail;
    this.existingUserPublicId = existingUserPublicId;
    this.existingLegacyId = existingLegacyId;
    this.createdAt = createdAt;
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

  /** The batch_id column. */
  public String batchId() {
    return batchId;
  }

  /** Sets the batch_id column. */
  public void setBatchId(String v) {
    this.batchId = v;
  }

  /** The source_name column. */
  public String sourceName() {
    return sourceName;
  }

  /** Sets the source_name column. */
  public void setSourceName(String v) {
    this.sourceName = v;
  }

  /** The legacy_id column. */
  public String legacyId() {
    return legacyId;
  }

  /** Sets the legacy_id column. */
  public void setLegacyId(String v) {
    this.legacyId = v;
  }

  /** The source_line column. */
  public long sourceLine() {
    return sourceLine;
  }

  /** Sets the source_line column. */
  public void setSourceLine(long v) {
    this.sourceLine = v;
  }

  /** The outcome column. */
  public String outcome() {
    return outcome;
  }

  /** Sets the outcome column. */
  public void setOutcome(String v) {
    this.outcome = v;
  }

  /** The reason column. */
  public String reason() {
    return reason;
  }

  /** Sets the reason column. */
  public void setReason(String v) {
    this.reason = v;
  }

  /** The detail column. */
  public String detail() {
    return detail;
  }

  /** Sets the detail column. */
  public void setDetail(String v) {
    this.detail = v;
  }

  /** The existing_user_public_id column. */
  public String existingUserPublicId() {
    return existingUserPublicId;
  }

  /** Sets the existing_user_public_id column. */
  public void setExistingUserPublicId(String v) {
    this.existingUserPublicId = v;
  }

  /** The existing_legacy_id column. */
  public String existingLegacyId() {
    return existingLegacyId;
  }

  /** Sets the existing_legacy_id column. */
  public void setExistingLegacyId(String v) {
    this.existingLegacyId = v;
  }

  /** The created_at column. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Sets the created_at column. */
  public void setCreatedAt(Instant v) {
    this.createdAt = v;
  }
}
