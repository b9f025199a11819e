package dev.gatehouse.imports.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The row a running import of a source holds locked. Internal: not API. */
@Entity(name = "GatehouseImportLock")
@Table(name = "gh_import_lock")
public class ImportLockRow {
  @Id
  @Column(name = "source_name", length = 100)
  private String sourceName;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ImportLockRow() {}

  /** All columns. */
  public ImportLockRow(String sourceName, Instant createdAt) {
    this.sourceName = sourceName;
    this.createdAt = createdAt;
  }
}
