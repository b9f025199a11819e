package dev.gatehouse.imports.api;

/**
 * What a rollback undid.
 *
 * @param batches batches rolled back
 * @param deletedUsers accounts the import had created, now deleted
 * @param restoredUsers restorations of accounts the import had changed, from their before-images,
 *     counted per batch: an account the same batch created and then changed is only deleted, while
 *     one changed in a later batch than the one that created it is restored by the later batch's
 *     rollback and then deleted by the earlier one's, so a run's rollback counts it in both
 * @param deletedDevices devices deleted: those the import had added to existing accounts, and those
 *     of the accounts it had created (deleted with them)
 */
public record RollbackReport(int batches, int deletedUsers, int restoredUsers, int deletedDevices) {

  /**
   * The sum of two reports.
   *
   * @param o the other report
   * @return a report with every count added up
   */
  public RollbackReport plus(RollbackReport o) {
    return new RollbackReport(
        batches + o.batches,
        deletedUsers + o.deletedUsers,
        restoredUsers + o.restoredUsers,
        deletedDevices + o.deletedDevices);
  }
}
