package dev.gatehouse.imports.source;

import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/** A record stream that reads one record ahead; a subclass says how to read the next one. */
abstract class LookaheadStream implements LegacySource.RecordStream {
  private LegacyRecord next;
  private boolean done;

  /** {@return the next record, or null at the end of the source} */
  abstract @Nullable LegacyRecord read();

  @Override
  public final boolean hasNext() {
    if (next == null && !done) {
      next = read();
      done = next == null;
    }
    return next != null;
  }

  @Override
  public final LegacyRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    LegacyRecord r = next;
    next = null;
    return r;
  }
}
