package dev.gatehouse.imports.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row a batch created or changed, with the before-image of a change. Internal: not API. */
@Entity(name = "GatehouseImportChange")
@Table(name = "gh_import_change")
public class ImportChangeRow {
  @Id
  @Column(name = "id", length = 36)
  private String id;

  @Column(name = "batch_id", nullable = false, length = 36)
  private String batchId;

  @Column(name = "seq", nullable = false)
  private int seq;

  @Column(name = "kind", nullable = false, length = 24)
  private String kind;

  @Column(name = "user_public_id", nullable = false, length = 36)
  private String userPublicId;

  @Column(name = "row_id")
  private Long rowId;

  @Column(name = "before_image", length = 4000)
  private String beforeImage;

  protected ImportChangeRow() {}

  /** All columns. */
  public ImportChangeRow(
      String id,
      String batchId,
      int seq,
      String kind,
      String userPublicId,
      Long rowId,
      String beforeImage) {
    this.id = id;
    this.batchId = batchId;
    this.seq = seq;
    this.kind = kind;
    this.userPublicId = userPublicId;
    this.rowId = rowId;
    this.beforeImage = beforeImage;
  }

  /** The id column. */
  public String id() {
    return id;
  }

  /** Sets the id column. */
  public void setId(String v) {
    this.id = v;
  }

  /** The batch_id column. */
  public String batchId() {
    return batchId;
  }

  /** Sets the batch_id column. */
  public void setBatchId(String v) {
    this.batchId = v;
  }

  /** The seq column. */
  public int seq() {
    return seq;
  }

  /** Sets the seq column. */
  public void setSeq(int v) {
    this.seq = v;
  }

  /** The kind column. */
  public String kind() {
    return kind;
  }

  /** Sets the kind column. */
  public void setKind(String v) {
    this.kind = v;
  }

  /** The user_public_id column. */
  public String userPublicId() {
    return userPublicId;
  }

  /** Sets the user_public_id column. */
  public void setUserPublicId(String v) {
    this.userPublicId = v;
  }

  /** The row_id column. */
  public Long rowId() {
    return rowId;
  }

  /** Sets the row_id column. */
  public void setRowId(Long v) {
    this.rowId = v;
  }

  /** The before_image column. */
  public String beforeImage() {
    return beforeImage;
  }

  /** Sets the before_image column. */
  public void setBeforeImage(String v) {
    this.beforeImage = v;
  }
}
