package dev.gatehouse.imports.api;

import java.util.List;

/**
 * A rollback refused before changing anything: later runs depend on the accounts it would delete or
 * restore, or those accounts have been used since the import. The message says which option
 * overrides the refusal.
 */
public final class RollbackRefusedException extends IllegalStateException {
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
