package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Django users 24 (Olivia.Anderson@Example.com) and 99 (olivia.anderson@example.com). */
@OneDatabase(
    "how two addresses differing in case are decided; the plan decides it before any write")
class CaseDuplicateEmailTest {

  static String issue(ImportFixture f) throws Exception {
    try (Connection c = f.db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select outcome, legacy_id, existing_legacy_id, existing_user_public_id"
                    + " from gh_import_issue where reason = 'conflict_email'")) {
      StringBuilder b = new StringBuilder();
      while (rs.next()) {
        b.append(rs.getString(1)).append(' ').append(rs.getString(2)).append("->");
        b.append(rs.getString(3)).append(rs.getString(4) == null ? " no-user" : " user");
        b.append(';');
      }
      return b.toString();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void underEachPolicyTheNewerAccountFollowsItAndBothIdsAreRecorded(DatabaseKind kind)
      throws Exception {
    for (ConflictPolicy policy : ConflictPolicy.values()) {
      try (ImportFixture f = ImportFixture.create(kind)) {
        f.importer.run(DjangoImportTest.sqlite(), DjangoImportTest.options(policy).build());
        assertThat(
                f.count(
                    "select count(*) from gh_user where email_normalized = 'olivia.anderson@example.com'"))
            .isEqualTo(1);
        assertThat(
                f.count("select count(*) from gh_user where email = 'Olivia.Anderson@example.com'"))
            .isEqualTo(1);
        String outcome =
            switch (policy) {
              case SKIP -> "SKIPPED";
              case MERGE -> "MERGED";
              case QUARANTINE -> "QUARANTINED";
            };
        assertThat(issue(f)).contains(outcome + " 99->24 user;");
        boolean resolves = f.importer.resolve("django", "99").isPresent();
        assertThat(resolves).isEqualTo(policy == ConflictPolicy.MERGE);
        if (resolves) {
          assertThat(f.importer.resolve("django", "99"))
              .isEqualTo(f.importer.resolve("django", "24"));
        }
      }
    }
  }
}
