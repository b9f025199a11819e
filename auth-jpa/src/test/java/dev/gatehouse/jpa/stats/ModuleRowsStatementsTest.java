package dev.gatehouse.jpa.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.ModuleRows.Range;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.ModuleTablesContract;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A module's count, keyset page and bounded range delete are one statement each on every database,
 * as the hand-written SQL on the connection they replace was (issue 95: the cohorts' counts and
 * member pages, the OpenID provider's cleanup batches, SAML's expiry cleanup), so moving a module
 * onto {@link ModuleRows} changes no flow's statement count.
 */
class ModuleRowsStatementsTest {

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aCountAPageAndABoundedRangeDeleteAreOneStatementEach(DatabaseKind kind) {
    CountingDataSource counter = CountingDataSource.create();
    try (JpaFixture db = JpaFixture.create(kind, counter::wrap)) {
      GatehouseMigrations.migrate(
          db.db.dataSource(),
          "dev/gatehouse/jpa/module-tables-contract.changelog.xml",
          db.entities);
      String owner = UUID.randomUUID().toString();
      Function<Function<ModuleRows, Object>, List<String>> statements =
          work -> {
            counter.take();
            db.store.inTransaction(
                tx -> work.apply(tx.moduleTables().rows(ModuleTablesContract.DECLARED)));
            return counter.take();
          };
      statements.apply(
          rows -> {
            rows.insert(Map.of("id", UUID.randomUUID().toString(), "owner", owner));
            return null;
          });
      List<String> nothing = statements.apply(rows -> null);

      List<String> count = statements.apply(rows -> rows.count(Map.of("owner", owner)));
      List<String> page =
          statements.apply(rows -> rows.page(Map.of("owner", owner), Range.on("id"), 10));
      List<String> delete =
          statements.apply(
              rows ->
                  rows.delete(
                      Map.of("owner", owner),
                      Range.on("seen_at").before(Instant.parse("2030-01-01T00:00:00Z")),
                      10));

      assertThat(count).as("a count").hasSize(nothing.size() + 1);
      assertThat(page).as("a page").hasSize(nothing.size() + 1);
      assertThat(delete).as("a bounded range delete").hasSize(nothing.size() + 1);
    }
  }
}
