package dev.gatehouse.imports.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Legacy id of a source to the public id of the account it became. Internal: not API. */
@Entity(name = "GatehouseImportMapping")
@Table(name = "gh_import_mapping")
public class ImportMappingRow {
  @Id
  @Column(name = "id", length = 36)
  private String id;

  @Column(name = "source_name", nullable = false, length = 100)
  private String sourceName;

  @Column(name = "legacy_id", nullable = false, length = 191)
  private String legacyId;

  @Column(name = "user_public_id", nullable = false, length = 36)
  private String userPublicId;

  @Column(name = "action", nullable = false, length = 16)
  private String action;

  @Column(name = "batch_id", nullable = false, length = 36)
  private String batchId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ImportMappingRow() {}

  /** All columns. */
  public ImportMappingRow(
      String id,
      String sourceName,
      String legacyId,
      String userPublicId,
      String action,
      String batchId,
      Instant createdAt) {
    this.id = id;
    this.sourceName = sourceName;
    this.legacyId = legacyId;
    this.userPublicId = userPublicId;
    this.action = action;
    this.batchId = batchId;
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

  /** The user_public_id column. */
  public String userPublicId() {
    return userPublicId;
  }

  /** Sets the user_public_id column. */
  public void setUserPublicId(String v) {
    this.userPublicId = v;
  }

  /** The action column. */
  public String action() {
    return action;
  }

  /** Sets the action column. */
  public void setAction(String v) {
    this.action = v;
  }

  /** The batch_id column. */
  public String batchId() {
    return batchId;
  }

  /** Sets the batch_id column. */
  public void setBatchId(String v) {
    this.batchId = v;
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
