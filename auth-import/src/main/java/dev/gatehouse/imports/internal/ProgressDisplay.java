package dev.gatehouse.imports.internal;

import dev.gatehouse.imports.api.ImportOptions.BatchListener;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A run's progress for a person watching it: records done, rate, and, when the source's size is
 * known, the share done and an estimate of the time left. On a terminal one line is redrawn after
 * every batch (a bar); otherwise a plain line is printed after the first batch and then at most
 * once per interval, so a log gets a few lines rather than one per batch. Meant for standard error,
 * so standard output stays the report. Never stops the run. Confined to the run's thread. Internal:
 * not API.
 */
public final class ProgressDisplay implements BatchListener {
  private static final int BAR = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final long total;
  private final Clock clock;
  private final Duration interval;
  private Instant firstAt;
  private long firstPosition;
  private Instant printedAt;
  private long lastPosition;
  private int lastSeq;
  private boolean pending;

  /**
   * @param out where progress goes (standard error)
   * @param terminal whether {@code out} is a terminal ({@code System.console() != null}): redraw a
   *     bar instead of printing lines
   * @param total the number of records in the source, or a negative number when unknown (no share,
   *     no estimate)
   * @param clock the time source for the rate
   * @param interval the least time between two plain lines
   */
  public ProgressDisplay(
      PrintStream out, boolean terminal, long total, Clock clock, Duration interval) {
    this.out = out;
    this.terminal = terminal;
    this.total = total;
    this.clock = clock;
    this.interval = interval;
  }

  @Override
  public boolean committed(int seq, long position) {
    Instant now = clock.instant();
    lastSeq = seq;
    lastPosition = position;
    if (firstAt == null) {
      // The rate is measured from the first commit on: a resumed run starts mid-source.
      firstAt = now;
      firstPosition = position;
    }
    if (terminal) {
      out.print("\r" + bar(now));
      out.flush();
      pending = true;
    } else if (printedAt == null || !now.isBefore(printedAt.plus(interval))) {
      out.println(line(now));
      printedAt = now;
      pending = false;
    } else {
      pending = true;
    }
    return true;
  }

  /** Ends the display: the last state as a line (a terminal's bar gets its line break). */
  public void finish() {
    if (firstAt == null) {
      return;
    }
    if (terminal) {
      out.println();
    } else if (pending) {
      out.println(line(clock.instant()));
    }
    pending = false;
    out.flush();
  }

  /** {@return the plain line for the state at {@code now}} */
  String line(Instant now) {
    StringBuilder b = new StringBuilder("progress: batch ").append(lastSeq).append(", ");
    b.append(String.format(Locale.ROOT, "%,d", lastPosition));
    if (total >= 0) {
      b.append(String.format(Locale.ROOT, " of %,d records (%.1f%%)", total, percent()));
    } else {
      b.append(" records");
    }
    double rate = rate(now);
    if (rate > 0) {
      b.append(String.format(Locale.ROOT, ", %,.0f records/s", rate));
      if (total >= 0) {
        b.append(", ETA ").append(duration(Math.max(0, total - lastPosition) / rate));
      }
    }
    return b.toString();
  }

  private String bar(Instant now) {
    StringBuilder b = new StringBuilder();
    if (total > 0) {
      int filled = (int) Math.min(BAR, lastPosition * BAR / total);
      b.append('[')
          .append("#".repeat(filled))
          .append("-".repeat(BAR - filled))
          .append(String.format(Locale.ROOT, "] %5.1f%% ", percent()));
    }
    b.append(String.format(Locale.ROOT, "%,d", lastPosition));
    if (total >= 0) {
      b.append(String.format(Locale.ROOT, "/%,d", total));
    }
    b.append(" records");
    double rate = rate(now);
    if (rate > 0) {
      b.append(String.format(Locale.ROOT, "  %,.0f/s", rate));
      if (total >= 0) {
        b.append("  ETA ").append(duration(Math.max(0, total - lastPosition) / rate));
      }
    }
    // Pads over the rest of a longer previous line.
    return String.format(Locale.ROOT, "%-90s", b);
  }

  private double percent() {
    return total == 0 ? 100.0 : Math.min(100.0, lastPosition * 100.0 / total);
  }

  private double rate(Instant now) {
    double seconds = Duration.between(firstAt, now).toMillis() / 1000.0;
    long done = lastPosition - firstPosition;
    return seconds <= 0 || done <= 0 ? 0 : done / seconds;
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }
}
