package dev.gatehouse.imports.api;

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
}
