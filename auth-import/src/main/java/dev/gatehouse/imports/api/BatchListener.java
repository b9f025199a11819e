package dev.gatehouse.imports.api;

/**
 * Told after each batch commits (the checkpoint is durable at that point). Returning {@code false}
 * stops the run cleanly after that batch; the next {@link dev.gatehouse.imports.Importer#run}
 * resumes it. Used for progress output and for stopping an import at a maintenance window's end.
 */
@FunctionalInterface
public interface BatchListener {
  /**
   * @param seq the batch's number in its run, from 1
   * @param lastPosition the last source position the batch covered
   * @return whether to go on
   */
  boolean committed(int seq, long lastPosition);

  /** {@return a listener that never stops the run; stateless, so shareable across threads} */
  static BatchListener none() {
    return (seq, last) -> true;
  }
}
