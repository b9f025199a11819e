package dev.gatehouse.imports.api;

import org.jspecify.annotations.Nullable;

/**
 * A legacy user store that can be read from the beginning as a stream of {@link LegacyRecord}s in a
 * stable order (the resume checkpoint is a position in that order). Implementations read lazily so
 * memory stays flat whatever the number of users.
 *
 * <pre>{@code
 * LegacySource source = DjangoDatabaseSource.sqlite(Path.of("db.sqlite3"), DjangoOptions.defaults());
 * try (RecordStream users = source.open()) {
 *   while (users.hasNext()) { LegacyRecord r = users.next(); ... }
 * }
 * }</pre>
 *
 * <p>Instances may be opened several times (plan, then run), one stream at a time.
 */
public interface LegacySource {

  /**
   * {@return a short description for reports, e.g. {@code "django-sqlite:db.sqlite3"}; never null
   * and never contains credentials}
   */
  String describe();

  /**
   * Opens a new stream from the first record.
   *
   * @return the stream; the caller closes it
   * @throws ImportSourceException when the source cannot be opened
   */
  RecordStream open();

  /**
   * A stream of records. {@link #next()} never throws for a bad row (that is a record with an
   * error); it throws {@link ImportSourceException} only when the source itself fails (the database
   * went away, the file cannot be read). Single-threaded.
   */
  interface RecordStream extends java.util.Iterator<LegacyRecord>, AutoCloseable {
    @Override
    void close();
  }

  /**
   * One item of a source stream: either a readable {@link LegacyUser} or a row that could not be
   * read, with where it was, so that a bad row is reported and accounted for instead of aborting
   * the import.
   *
   * @param position 1-based ordinal of this record in the stream (the resume checkpoint counts
   *     these)
   * @param line the line (files) or row (tables) number to quote in reports
   * @param user the user, or {@code null} when the row could not be read
   * @param legacyId the legacy id if it could be read even though the row is bad, else {@code null}
   * @param error why the row could not be read ({@code null} when {@code user} is present); never
   *     contains a password or a hash
   */
  public record LegacyRecord(
      long position,
      long line,
      @Nullable LegacyUser user,
      @Nullable String legacyId,
      @Nullable String error) {

    /**
     * A readable row; its legacy id is taken from {@code user}.
     *
     * @param position 1-based ordinal of the record in the stream
     * @param line the line or row number to quote in reports
     * @param user the user read; not null
     * @return the record
     */
    public static LegacyRecord of(long position, long line, LegacyUser user) {
      return new LegacyRecord(position, line, user, user.legacyId(), null);
    }

    /**
     * An unreadable row.
     *
     * @param position 1-based ordinal of the record in the stream
     * @param line the line or row number to quote in reports
     * @param legacyId the legacy id if it could still be read, else {@code null}
     * @param error why the row could not be read; must not contain a password or a hash
     * @return the record
     */
    public static LegacyRecord bad(
        long position, long line, @Nullable String legacyId, String error) {
      return new LegacyRecord(position, line, null, legacyId, error);
    }

    /** {@return whether the row was read, that is, {@link #user()} is not null} */
    public boolean readable() {
      return user != null;
    }
  }

  /**
   * The legacy source failed as a whole (a database that disappeared, an unreadable file), as
   * opposed to one bad row, which is reported as a {@link LegacyRecord} with an error. The run
   * stops at its last checkpoint and can be resumed.
   */
  public static class ImportSourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, without credentials
     * @param cause the underlying failure
     */
    public ImportSourceException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
