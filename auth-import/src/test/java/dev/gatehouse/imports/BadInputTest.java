package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.Thresholds;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.DjangoDumpdataSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.imports.source.MongoUsersSource;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
  @TempDir Path dir;

  static List<LegacyRecord> all(LegacySource s) {
    List<LegacyRecord> out = new ArrayList<>();
    try (LegacySource.RecordStream r = s.open()) {
      r.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void badCsvRowsAreReportedWithTheirLineAndTheRestIsImported() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(
        ("id,email,hashed_password,is_active,is_superuser,is_verified,created_at\r\n"
                + "1,ok1@example.com,$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234,true,false,true,2021-03-04 05:06:07+00\r\n"
                + "2,missing@example.com,x,true\r\n"
                + "3,extra@example.com,x,true,false,true,2021-03-04 05:06:07+00,surplus\r\n"
                + "4,bad")
            .getBytes(StandardCharsets.UTF_8));
    b.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
    b.writeBytes(
        ("@example.com,x,true,false,true,2021-03-04 05:06:07+00\r\n"
                + "5,date@example.com,x,true,false,true,2021-02-30 05:06:07+00\r\n"
                + "6,ok2@example.com,mysha$salt$0123abcd,yes,false,false,2022-01-01 00:00:00+00\r\n"
                + "7,\"truncated@example.com,x,tr")
            .getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("users.csv");
    Files.write(file, b.toByteArray());

    List<LegacyRecord> records = all(CsvSource.of(file, ColumnMapping.fastApiUsers()));
    assertThat(records).hasSize(7);
    assertThat(records.stream().filter(LegacyRecord::readable).map(r -> r.user().legacyId()))
        .containsExactly("1", "6");
    assertThat(records.get(1).line()).isEqualTo(3);
    assertThat(records.get(1).error()).contains("expected 7 fields but found 4");
    assertThat(records.get(2).error()).contains("found 8");
    assertThat(records.get(3).error()).contains("UTF-8");
    assertThat(records.get(4).line()).isEqualTo(6);
    assertThat(records.get(4).error()).contains("timestamp");
    assertThat(records.get(6).line()).isEqualTo(8);
    assertThat(records.get(6).error()).contains("unterminated");

    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      ImportOptions options = ImportOptions.builder("bad").thresholds(Thresholds.none()).build();
      PlanReport plan = f.importer.plan(CsvSource.of(file, ColumnMapping.fastApiUsers()), options);
      assertThat(plan.unreadable()).isEqualTo(5);
      assertThat(plan.unsupportedHashes()).containsEntry("mysha", 1L);
      assertThat(
              f.importer
                  .plan(
                      CsvSource.of(file, ColumnMapping.fastApiUsers()),
                      ImportOptions.builder("bad").build())
                  .passed())
          .isFalse();
      RunReport run = f.importer.run(CsvSource.of(file, ColumnMapping.fastApiUsers()), options);
      assertThat(run.status()).isEqualTo("COMPLETED");
      assertThat(run.created()).isEqualTo(2);
      assertThat(run.quarantined()).isEqualTo(5);
      assertThat(
              f.count(
                  "select count(*) from gh_import_issue where reason = 'unreadable' and source_line = 3"))
          .isEqualTo(1);
    }
  }

  @Test
  void aTruncatedJsonLinesFileLosesOnlyItsLastLine() throws Exception {
    List<String> lines =
        new ArrayList<>(
            Files.readAllLines(ImportFixture.sample("mongo-biograph/users.jsonl")).subList(0, 5));
    lines.set(4, lines.get(4).substring(0, 40));
    Path file = dir.resolve("users.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    List<LegacyRecord> records = all(MongoUsersSource.of(file));
    assertThat(records).hasSize(5);
    assertThat(records.subList(0, 4)).allMatch(LegacyRecord::readable);
    assertThat(records.get(4).line()).isEqualTo(5);
    assertThat(records.get(4).error()).contains("malformed JSON");
  }

  @Test
  void aTruncatedDumpdataFileIsReportedAtItsLine() throws Exception {
    String text = Files.readString(ImportFixture.sample("django/dumpdata.json"));
    Path file = dir.resolve("dump.json");
    Files.writeString(file, text.substring(0, 3000));
    List<LegacyRecord> records =
        all(DjangoDumpdataSource.of(file, "authentication.user", ZoneId.of("UTC")));
    assertThat(records).isNotEmpty();
    LegacyRecord last = records.get(records.size() - 1);
    assertThat(last.readable()).isFalse();
    assertThat(last.error()).contains("malformed JSON");
    assertThat(last.line()).isGreaterThan(50);
    assertThat(records.subList(0, records.size() - 1)).allMatch(LegacyRecord::readable);
  }
}
