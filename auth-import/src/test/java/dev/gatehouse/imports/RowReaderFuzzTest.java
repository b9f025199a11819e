package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.DjangoDumpdataSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.imports.source.MongoUsersSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * Coverage-guided fuzzing (Jazzer) of every importer's row reader: CSV, Django {@code dumpdata}
 * JSON and {@code mongoexport} JSON lines. Whatever the bytes, reading ends, every record is either
 * a readable user or an unreadable row with its line and error, and the only exception is {@link
 * ImportSourceException} (the source as a whole is unreadable). Regression corpora are under {@code
 * src/test/resources/dev/gatehouse/imports/RowReaderFuzzTestInputs/}; docs/FUZZING.md runs them for
 * a fixed time.
 */
class RowReaderFuzzTest {
  private static final int MAX_RECORDS = 100_000;

  private static void readAll(LegacySource source) {
    int n = 0;
    try (LegacySource.RecordStream stream = source.open()) {
      while (stream.hasNext()) {
        LegacyRecord r = stream.next();
        assertThat(r.readable() ? r.user() != null : r.error() != null).isTrue();
        assertThat(++n).as("records from a bounded input").isLessThan(MAX_RECORDS);
      }
    } catch (ImportSourceException expected) {
      // documented: the source as a whole could not be read
    }
  }

  private static Path file(byte[] data, String suffix) {
    try {
      Path f = Files.createTempFile("fuzz", suffix);
      Files.write(f, data);
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void csvRows(byte[] data) throws IOException {
    Path f = file(data, ".csv");
    try {
      readAll(CsvSource.of(f, ColumnMapping.fastApiUsers()));
    } finally {
      Files.deleteIfExists(f);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void djangoDumpdata(byte[] data) throws IOException {
    Path f = file(data, ".json");
    try {
      readAll(DjangoDumpdataSource.of(f, "auth.user", ZoneId.of("UTC")));
    } finally {
      Files.deleteIfExists(f);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void mongoJsonLines(byte[] data) throws IOException {
    Path f = file(data, ".jsonl");
    try {
      readAll(MongoUsersSource.of(f));
    } finally {
      Files.deleteIfExists(f);
    }
  }
}
