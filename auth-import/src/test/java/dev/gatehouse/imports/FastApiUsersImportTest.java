package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.JdbcTableSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

@OneDatabase(
    "how FastAPI-Users rows map; the import's writes on each database are DjangoImportTest's")
class FastApiUsersImportTest {

  static JdbcDataSource legacyDatabase(String name) throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "RUNSCRIPT FROM '"
              + ImportFixture.sample("fastapi-users/users.sql").toString().replace("'", "''")
              + "' CHARSET 'UTF-8'");
    }
    return ds;
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void theCsvExportAndTheTableImportTheSameUsers(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      ImportOptions options = ImportOptions.builder("fastapi").batchSize(32).build();
      LegacySource csv =
          CsvSource.of(
              ImportFixture.sample("fastapi-users/users.csv"), ColumnMapping.fastApiUsers());
      LegacySource table =
          JdbcTableSource.of(
              legacyDatabase("fastapi_" + kind), "\"user\"", ColumnMapping.fastApiUsers());

      PlanReport fromCsv = f.importer.plan(csv, options);
      PlanReport fromTable = f.importer.plan(table, options);
      assertThat(fromCsv.records()).isEqualTo(80);
      assertThat(fromCsv.unreadable()).isZero();
      assertThat(fromTable.records()).isEqualTo(80);
      assertThat(fromTable.hashFormats()).isEqualTo(fromCsv.hashFormats());
      assertThat(fromCsv.hashFormats())
          .containsEntry("bcrypt cost=10", 34L)
          .containsEntry("argon2id m=65536,t=3,p=4", 43L)
          .containsEntry("argon2id m=102400,t=2,p=8", 3L);
      assertThat(fromCsv.inactive()).isEqualTo(6);
      assertThat(fromCsv.unverified()).isEqualTo(20);

      RunReport run = f.importer.run(csv, options);
      assertThat(run.created() + run.updated() + run.skipped() + run.quarantined()).isEqualTo(80);
      assertThat(run.created()).isEqualTo(fromCsv.create());
      assertThat(f.count("select count(*) from gh_user where is_superuser = true")).isEqualTo(2);
      assertThat(f.count("select count(*) from gh_user where is_active = false")).isEqualTo(6);
      // The same users from the table are all already imported: nothing changes.
      List<String> after = f.accountTables();
      RunReport fromTableRun =
          f.importer.run(
              JdbcTableSource.of(
                  legacyDatabase("fastapi2_" + kind), "\"user\"", ColumnMapping.fastApiUsers()),
              options);
      assertThat(fromTableRun.created()).isZero();
      assertThat(f.accountTables()).isEqualTo(after);
    }
  }
}
