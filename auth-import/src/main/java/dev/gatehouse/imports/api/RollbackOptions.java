package dev.gatehouse.imports.api;

import java.util.List;

/**
 * How far a rollback may go. The defaults are safe: a rollback that would strand a later run's
 * mappings or delete accounts people have started using is refused and changes nothing.
 *
 * @param withDependents also roll back, first, every later run that merged into or changed an
 *     account this rollback would delete or restore (and, in turn, their dependents)
 * @param force roll back accounts that have sessions since the import, revoking those sessions and
 *     their refresh tokens in the same transaction
 */
public record RollbackOptions(boolean withDependents, boolean force) {

  /** {@return no dependents, no force} */
  public static RollbackOptions defaults() {
    return new RollbackOptions(false, false);
  }

  /** {@return these options, also rolling back the dependent runs} */
  public RollbackOptions includingDependents() {
    return new RollbackOptions(true, force);
  }

  /** {@return these options, also rolling back used accounts and revoking their sessions} */
  public RollbackOptions forced() {
    return new RollbackOptions(withDependents, true);
  }

  /**
   * What a rollback undid.
   *
   * @param batches batches rolled back
   * @param deletedUsers accounts the import had created, now deleted
   * @param restoredUsers restorations of accounts the import had changed, from their before-images,
   *     counted per batch: an account the same batch created and then changed is only deleted,
   *     while one changed in a later batch than the one that created it is restored by the later
   *     batch's rollback and then deleted by the earlier one's, so a run's rollback counts it in
   *     both
   * @param deletedDevices devices deleted: those the import had added to existing accounts, and
   *     those of the accounts it had created (deleted with them)
   */
  public record RollbackReport(
      int batches, int deletedUsers, int restoredUsers, int deletedDevices) {

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

  /**
   * A rollback refused before changing anything: later runs depend on the accounts it would delete
   * or restore, or those accounts have been used since the import. The message says which option
   * overrides the refusal.
   */
  public static final class RollbackRefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The later runs, by id, that merged into or changed the accounts concerned. */
    private final List<String> dependentRuns;

    /** How many of the accounts concerned have sessions since the import. */
    private final long usedAccounts;

    /**
     * @param message what was refused and how to override it
     * @param dependentRuns the dependent runs' ids
     * @param usedAccounts the number of used accounts
     */
    public RollbackRefusedException(String message, List<String> dependentRuns, long usedAccounts) {
      super(message);
      this.dependentRuns = List.copyOf(dependentRuns);
      this.usedAccounts = usedAccounts;
    }

    /** {@return the ids of the later runs that depend on what the rollback would undo} */
    public List<String> dependentRuns() {
      return dependentRuns;
    }

    /** {@return how many accounts concerned have had sessions since the import} */
    public long usedAccounts() {
      return usedAccounts;
    }
  }
}
