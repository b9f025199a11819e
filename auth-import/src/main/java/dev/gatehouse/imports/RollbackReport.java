package dev.gatehouse.imports;

/**
 * What a rollback undid.
 *
 * @param batches batches rolled back
 * @param deletedUsers accounts the import had created, now deleted
 * @param restoredUsers accounts the import had changed, now restored from their before-images
 * @param deletedDevices devices the import had added to existing accounts, now deleted
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
