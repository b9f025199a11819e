package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.fixture.ChangesetChecksums;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The importer's changesets were released in auth-jpa's changelog and moved here: they keep their
 * logical path, ids, authors and checksums (pinned in {@code released-import-changesets.txt}), both
 * when the importer's changelog runs on its own and when a host includes it after the library's.
 */
class ReleasedImportChangesetChecksumTest {
  private static final String SNAPSHOT = "released-import-changesets.txt";

  private static final ClassLoader LOADER =
      ReleasedImportChangesetChecksumTest.class.getClassLoader();

  static Map<String, String> computed(String changelog) throws Exception {
    return ChangesetChecksums.computed(changelog, LOADER);
  }

  static Map<String, String> snapshot() throws IOException {
    return ChangesetChecksums.pinned(SNAPSHOT, LOADER);
  }

  static List<String> problems(Map<String, String> now, Map<String, String> pinned) {
    return ChangesetChecksums.problems(now, pinned, SNAPSHOT);
  }

  @Test
  void theImportChangelogOnItsOwnKeepsEveryReleasedChecksum() throws Exception {
    assertThat(problems(computed(GatehouseImports.CHANGELOG), snapshot())).isEmpty();
  }

  @Test
  void includedAfterTheLibraryChangelogItKeepsEveryReleasedChecksum() throws Exception {
    Map<String, String> all = computed(ImportFixture.HOST_CHANGELOG);
    Map<String, String> imports = new LinkedHashMap<>();
    all.forEach(
        (key, sum) -> {
          // The importer's changeset files: 0005-import.xml, 0006-import-issue-key.xml, ...
          if (key.matches("\\S+ gatehouse/\\d{4}-import[a-z-]*\\.xml::.*")) {
            imports.put(key, sum);
          }
        });
    assertThat(problems(imports, snapshot())).isEmpty();
  }

  @Test
  void theLibraryChangelogNoLongerCreatesTheImportTables() throws Exception {
    assertThat(computed(GatehouseMigrations.LIBRARY_CHANGELOG).keySet())
        .noneMatch(k -> k.contains("import"));
  }
}
