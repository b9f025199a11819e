package dev.gatehouse.imports.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row a batch created or changed, with the before-image of a change. Internal: not API. */
@Entity(name = "GatehouseImportChange")
@Table(name = "gh_import_change")
public class ImportChangeRow {
  /**
   * The kind of one row in every batch, written after its other change rows. A creation is recorded
   * by its {@code CREATED} mapping alone; the rollback of builds before that (0.1.0) undid
   * creations only through {@code USER_CREATED} change rows, and would have rolled such a batch
   * back without deleting its accounts. That rollback reads a batch's change rows newest first and
   * refuses a kind it does not know before it changes anything, so this row makes it refuse; it is
   * in every batch (not only those that created accounts) because a run's rollback undoes and
   * commits its batches newest first, one by one, and must meet it in the first. Its {@code
   * user_public_id} is the batch id: no account's.
   */
  public static final String CREATIONS_IN_MAPPINGS = "CREATIONS_IN_MAPPINGS";

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
