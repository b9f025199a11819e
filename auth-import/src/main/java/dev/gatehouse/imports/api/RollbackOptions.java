package dev.gatehouse.imports.api;

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
}
