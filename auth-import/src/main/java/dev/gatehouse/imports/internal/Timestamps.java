package dev.gatehouse.imports.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Reads the timestamp texts legacy systems write ({@code 2021-03-04 05:06:07.123456}, {@code
 * 2021-03-04T05:06:07.12Z}, {@code 2021-03-04 05:06:07.93111+00}) into UTC instants; a text without
 * an offset is read in the source's explicit zone. Impossible dates (February 30) are refused,
 * never rolled over. Internal: not API.
 */
public final class Timestamps {
  private static final DateTimeFormatter FORMAT =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendValue(ChronoField.YEAR, 4)
          .appendLiteral('-')
          .appendValue(ChronoField.MONTH_OF_YEAR, 2)
          .appendLiteral('-')
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .optionalStart()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:mm", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHmm", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  private Timestamps() {}

  /**
   * @param text the stored text, may be null or blank (then null is returned)
   * @param zone the zone of texts without an offset
   * @return the instant, or {@code null} for a null or blank text
   * @throws DateTimeParseException when the text is not a valid timestamp
   */
  public static Instant parse(String text, ZoneId zone) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    // STRICT resolution needs the era-less year field: map uuuu by parsing with YEAR (proleptic).
    TemporalAccessor parsed = FORMAT.parse(t);
    if (!parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
      return java.time.LocalDate.from(parsed).atStartOfDay(zone).toInstant();
    }
    if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      return OffsetDateTime.from(parsed).toInstant();
    }
    return LocalDateTime.from(parsed).atZone(zone).toInstant();
  }

  /** Converts an instant given as epoch milliseconds (MongoDB {@code $numberLong} dates). */
  public static Instant ofEpochMilli(long millis) {
    return Instant.ofEpochMilli(millis);
  }
}
