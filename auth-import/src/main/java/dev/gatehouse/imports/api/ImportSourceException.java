package dev.gatehouse.imports.api;

import dev.gatehouse.imports.api.LegacySource.LegacyRecord;

/**
 * The legacy source failed as a whole (a database that disappeared, an unreadable file), as opposed
 * to one bad row, which is reported as a {@link LegacyRecord} with an error. The run stops at its
 * last checkpoint and can be resumed.
 */
public class ImportSourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, without credentials
   * @param cause the underlying failure
   */
  public ImportSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
