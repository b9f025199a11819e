package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.source.MongoUsersSource;
import dev.gatehouse.imports.source.MongoUsersSource.MongoContent;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

@OneDatabase(
    "how MongoDB documents map; the import's writes on each database are DjangoImportTest's")
class MongoImportTest {

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void phoneUsersBecomePasswordlessAccountsAndTheirBiographsStillResolve(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      LegacySource users = MongoUsersSource.of(ImportFixture.sample("mongo-biograph/users.jsonl"));
      ImportOptions options =
          ImportOptions.builder("biograph")
              .batchSize(30)
              .conflictPolicy(ConflictPolicy.MERGE)
              .build();

      PlanReport plan = f.importer.plan(users, options);
      assertThat(plan.records()).isEqualTo(100);
      assertThat(plan.phoneCollisionsInSource()).isEqualTo(2);
      // 1 invalid number as the dataset says, plus 14 UK numbers in Ofcom's drama range
      // (07700 900xxx), which libphonenumber rightly refuses: no SMS could ever reach them.
      assertThat(plan.invalidPhones()).isEqualTo(15);
      assertThat(plan.hashFormats()).containsOnlyKeys("unusable");

      RunReport run = f.importer.run(users, options);
      assertThat(run.created() + run.updated() + run.skipped() + run.quarantined()).isEqualTo(100);
      assertThat(run.updated()).isEqualTo(2); // the two people who registered twice
      assertThat(f.count("select count(*) from gh_user where phone is null or phone not like '+%'"))
          .isZero();
      assertThat(f.count("select count(*) from gh_user where password_hash is not null")).isZero();

      Set<String> legacyUsers = new HashSet<>();
      for (String line : Files.readAllLines(ImportFixture.sample("mongo-biograph/users.jsonl"))) {
        legacyUsers.add(
            line.substring(line.indexOf("\"$oid\":\"") + 8, line.indexOf("\"$oid\":\"") + 32));
      }
      Set<String> quarantined = new HashSet<>();
      try (var c = f.db.connect();
          var s = c.createStatement();
          var rs =
              s.executeQuery(
                  "select legacy_id from gh_import_issue where outcome = 'QUARANTINED'")) {
        while (rs.next()) {
          quarantined.add(rs.getString(1));
        }
      }
      Map<String, Optional<UUID>> owners = new HashMap<>();
      long n =
          MongoContent.references(
              ImportFixture.sample("mongo-biograph/biographs.jsonl"),
              "user_id",
              ref -> owners.put(ref.id(), f.importer.resolve("biograph", ref.ownerLegacyId())));
      assertThat(n).isEqualTo(250);
      long orphans = 0;
      List<MongoContent.Reference> refs = new java.util.ArrayList<>();
      MongoContent.references(
          ImportFixture.sample("mongo-biograph/biographs.jsonl"), "user_id", refs::add);
      for (MongoContent.Reference ref : refs) {
        boolean imported =
            legacyUsers.contains(ref.ownerLegacyId()) && !quarantined.contains(ref.ownerLegacyId());
        assertThat(owners.get(ref.id()))
            .as("biograph %s", ref.id())
            .isEqualTo(imported ? owners.get(ref.id()).filter(u -> true) : Optional.empty());
        assertThat(owners.get(ref.id()).isPresent())
            .as("biograph %s", ref.id())
            .isEqualTo(imported);
        if (!legacyUsers.contains(ref.ownerLegacyId())) {
          orphans++;
        }
      }
      assertThat(orphans).isEqualTo(2);
      // Every resolved owner is a real account.
      for (Optional<UUID> owner : owners.values()) {
        if (owner.isPresent()) {
          assertThat(
                  f.count("select count(*) from gh_user where public_id = '" + owner.get() + "'"))
              .isEqualTo(1);
        }
      }
    }
  }
}
