package dev.gatehouse.imports.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One import run of one source. Internal: not API. */
@Entity(name = "GatehouseImportRun")
@Table(name = "gh_import_run")
public class ImportRunRow {
  @Id
  @Column(name = "id", length = 36)
  private String id;

  @Column(name = "source_name", nullable = false, length = 100)
  private String sourceName;

  @Column(name = "status", nullable = false, length = 16)
  private String status;

  @Column(name = "options", length = 2000)
  private String options;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Column(name = "error", length = 1000)
  private String error;

  protected ImportRunRow() {}

  /** All columns. */
  public ImportRunRow(
      String id,
      String sourceName,
      String status,
      String options,
      Instant startedAt,
      Instant finishedAt,
      String error) {
    this.id = id;
    this.sourceName = sourceName;
    this.status = status;
    this.options = options;
    this.startedAt = startedAt;
    this.finishedAt = finishedAt;
    this.error = error;
  }

  /** The id column. */
  public String id() {
    return id;
  }

  /** Sets the id column. */
  public void setId(String v) {
    this.id = v;
  }

  /** The source_name column. */
  public String sourceName() {
    return sourceName;
  }

  /** Sets the source_name column. */
  public void setSourceName(String v) {
    this.sourceName = v;
  }

  /** The status column. */
  public String status() {
    return status;
  }

  /** Sets the status column. */
  public void setStatus(String v) {
    this.status = v;
  }

  /** The options column. */
  public String options() {
    return options;
  }

  /** Sets the options column. */
  public void setOptions(String v) {
    this.options = v;
  }

  /** The started_at column. */
  public Instant startedAt() {
    return startedAt;
  }

  /** Sets the started_at column. */
  public void setStartedAt(Instant v) {
    this.startedAt = v;
  }

  /** The finished_at column. */
  public Instant finishedAt() {
    return finishedAt;
  }

  /** Sets the finished_at column. */
  public void setFinishedAt(Instant v) {
    this.finishedAt = v;
  }

  /** The error column. */
  public String error() {
    return error;
  }

  /** Sets the error column. */
  public void setError(String v) {
    this.error = v;
  }
}
