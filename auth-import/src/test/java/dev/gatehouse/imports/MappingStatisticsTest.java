package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.internal.Ledger;
import dev.gatehouse.imports.internal.SyntheticUsers;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * On PostgreSQL a run refreshes the statistics of the mapping table it grows (so the planner stops
 * reading it as empty and scanning every mapping of the source per lookup), at doubling intervals:
 * once by {@link Ledger#FIRST_STATISTICS_REFRESH} records, not after every batch. Counted by the
 * server's own {@code analyze_count}, which autovacuum's analyses do not touch.
 */
class MappingStatisticsTest {
  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aRunAnalysesItsMappingTableAtDoublingIntervals(DatabaseKind kind) throws Exception {
    Assumptions.assumeTrue(kind == DatabaseKind.POSTGRESQL, "ANALYZE is PostgreSQL's");
    try (ImportFixture f = ImportFixture.create(kind)) {
      String analyses =
          "select analyze_count from pg_stat_user_tables"
              + " where schemaname = current_schema() and relname = 'gh_import_mapping'";
      assertThat(f.count(analyses)).isZero();

      long users = Ledger.FIRST_STATISTICS_REFRESH + 1_000;
      RunReport run =
          f.importer.run(
              new SyntheticUsers(users), ImportOptions.builder("stats").batchSize(500).build());

      assertThat(run.created()).isEqualTo(users);
      // One refresh at 5,000 records; the next is due at 10,000.
      assertThat(f.count(analyses)).isEqualTo(1);
      assertThat(
              f.count(
                  "select reltuples::bigint from pg_class where oid = 'gh_import_mapping'::regclass"))
          .isGreaterThanOrEqualTo(Ledger.FIRST_STATISTICS_REFRESH);
    }
  }
}
