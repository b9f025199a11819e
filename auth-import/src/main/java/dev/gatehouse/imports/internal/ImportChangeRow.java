package dev.gatehouse.imports.internal;

/**
 * One row a batch created or changed, with the before-image of a change ({@code gh_import_change}).
 * Internal: not API.
 *
 * @param id the row's id
 * @param batchId the batch
 * @param seq its place among the batch's changes, from 1
 * @param kind {@code USER_UPDATED}, {@code DEVICE_CREATED} or {@link #CREATIONS_IN_MAPPINGS}
 *     ({@code USER_CREATED} in ledgers of earlier builds)
 * @param userPublicId the account concerned
 * @param rowId the created row's key, or null
 * @param beforeImage the changed account before the batch, or null
 */
public record ImportChangeRow(
    String id,
    String batchId,
    int seq,
    String kind,
    String userPublicId,
    Long rowId,
    String beforeImage) {
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

  /** {@return without the before-image: it holds personal data and a password hash} */
  @Override
  public String toString() {
    return "ImportChangeRow[" + id + ", " + kind + ", " + userPublicId + "]";
  }
}
