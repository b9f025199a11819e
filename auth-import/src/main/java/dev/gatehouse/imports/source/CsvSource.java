package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.internal.CsvReader;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Users from an RFC 4180 CSV file with a header row (UTF-8, optional BOM), mapped by a {@link
 * ColumnMapping}. A row with fewer or more fields than the header, bytes that are not UTF-8, an
 * unterminated quote or an unusable value is reported with its line number and the reading goes on.
 *
 * <pre>{@code
 * LegacySource fastapi = CsvSource.of(Path.of("users.csv"), ColumnMapping.fastApiUsers());
 * }</pre>
 */
public final class CsvSource implements LegacySource {
  private final Path file;
  private final ColumnMapping mapping;

  private CsvSource(Path file, ColumnMapping mapping) {
    this.file = file;
    this.mapping = mapping;
  }

  /**
   * A source over a CSV file; nothing is read until {@link #open()}.
   *
   * @param file the CSV file; not null
   * @param mapping which columns hold which fields; not null
   * @return the source
   */
  public static CsvSource of(Path file, ColumnMapping mapping) {
    return new CsvSource(requireNonNull(file, "file"), requireNonNull(mapping, "mapping"));
  }

  @Override
  public String describe() {
    return "csv:" + file.getFileName();
  }

  @Override
  public RecordStream open() {
    try {
      // REPLACE rather than REPORT so one bad byte costs one row, not the rest of the file.
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(
                  Files.newInputStream(file),
                  StandardCharsets.UTF_8
                      .newDecoder()
                      .onMalformedInput(CodingErrorAction.REPLACE)
                      .onUnmappableCharacter(CodingErrorAction.REPLACE)));
      CsvReader csv = new CsvReader(in);
      List<String> header;
      try {
        header = csv.next();
      } catch (CsvReader.MalformedRecord e) {
        csv.close();
        throw new ImportSourceException("the header of " + file.getFileName() + " is malformed", e);
      }
      if (header == null) {
        header = List.of();
      } else if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
        header.set(0, header.get(0).substring(1));
      }
      for (String col : mapping.columns().values()) {
        if (!header.contains(col)) {
          csv.close();
          throw new ImportSourceException(
              "column '" + col + "' of the mapping is not in the header of " + file.getFileName(),
              null);
        }
      }
      return new Stream(csv, List.copyOf(header));
    } catch (IOException e) {
      throw new ImportSourceException("cannot read " + file.getFileName(), e);
    }
  }

  private final class Stream implements RecordStream {
    private final CsvReader csv;
    private final List<String> header;
    private final int idIndex;
    private LegacyRecord next;
    private long position;
    private boolean done;

    Stream(CsvReader csv, List<String> header) {
      this.csv = csv;
      this.header = header;
      this.idIndex = header.indexOf(mapping.columns().get(ColumnMapping.Field.LEGACY_ID));
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        next = read();
      }
      return next != null;
    }

    @Override
    public LegacyRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      LegacyRecord r = next;
      next = null;
      return r;
    }

    private LegacyRecord read() {
      List<String> fields;
      try {
        fields = csv.next();
      } catch (CsvReader.MalformedRecord e) {
        position++;
        return LegacyRecord.bad(position, csv.recordLine(), null, e.getMessage());
      } catch (IOException e) {
        throw new ImportSourceException("reading " + file.getFileName() + " failed", e);
      }
      while (fields != null && fields.size() == 1 && fields.get(0).isEmpty()) {
        try {
          fields = csv.next(); // blank line
        } catch (CsvReader.MalformedRecord e) {
          position++;
          return LegacyRecord.bad(position, csv.recordLine(), null, e.getMessage());
        } catch (IOException e) {
          throw new ImportSourceException("reading " + file.getFileName() + " failed", e);
        }
      }
      if (fields == null) {
        done = true;
        return null;
      }
      position++;
      long line = csv.recordLine();
      String legacyId = idIndex >= 0 && idIndex < fields.size() ? fields.get(idIndex) : null;
      if (fields.size() != header.size()) {
        return LegacyRecord.bad(
            position,
            line,
            legacyId,
            "expected " + header.size() + " fields but found " + fields.size());
      }
      for (String f : fields) {
        if (f.indexOf('\uFFFD') >= 0) {
          return LegacyRecord.bad(position, line, legacyId, "the row is not valid UTF-8");
        }
      }
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), fields.get(i).isEmpty() ? null : fields.get(i));
      }
      try {
        return LegacyRecord.of(position, line, mapping.toUser(row));
      } catch (IllegalArgumentException e) {
        return LegacyRecord.bad(position, line, legacyId, e.getMessage());
      }
    }

    @Override
    public void close() {
      try {
        csv.close();
      } catch (IOException e) {
        // Nothing was written; a failure to close a read-only file loses nothing.
      }
    }
  }
}
