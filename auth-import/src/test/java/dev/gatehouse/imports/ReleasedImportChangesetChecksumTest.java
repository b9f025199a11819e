package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.jpa.GatehouseMigrations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.ChecksumVersion;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.core.H2Database;
import liquibase.database.core.MariaDBDatabase;
import liquibase.database.core.PostgresDatabase;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.junit.jupiter.api.Test;

/**
 * The importer's changesets were released in auth-jpa's changelog and moved here: they keep their
 * logical path, ids, authors and checksums (pinned in {@code released-import-changesets.txt}), both
 * when the importer's changelog runs on its own and when a host includes it after the library's.
 */
class ReleasedImportChangesetChecksumTest {
  private static final String SNAPSHOT = "released-import-changesets.txt";
  private static final String HOST_MASTER = "host-with-import.changelog.xml";

  static Map<String, String> computed(String changelog) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    ResourceAccessor accessor =
        new ClassLoaderResourceAccessor(ReleasedImportChangesetChecksumTest.class.getClassLoader());
    for (Database db : List.of(new H2Database(), new PostgresDatabase(), new MariaDBDatabase())) {
      DatabaseChangeLog log =
          ChangeLogParserFactory.getInstance()
              .getParser(changelog, accessor)
              .parse(changelog, new ChangeLogParameters(db), accessor);
      for (ChangeSet cs : log.getChangeSets()) {
        out.put(
            db.getShortName() + " " + cs.getFilePath() + "::" + cs.getId() + "::" + cs.getAuthor(),
            cs.generateCheckSum(ChecksumVersion.latest()).toString());
      }
    }
    return out;
  }

  static Map<String, String> snapshot() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in =
        ReleasedImportChangesetChecksumTest.class.getClassLoader().getResourceAsStream(SNAPSHOT)) {
      assertThat(in).as(SNAPSHOT + " on the test classpath").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        line = line.trim();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int sp = line.lastIndexOf(' ');
        out.put(line.substring(0, sp), line.substring(sp + 1));
      }
    }
    return out;
  }

  static List<String> problems(Map<String, String> now, Map<String, String> pinned) {
    List<String> problems = new ArrayList<>();
    pinned.forEach(
        (key, sum) -> {
          if (!now.containsKey(key)) {
            problems.add("released changeset " + key + " is gone from the changelog");
          } else if (!now.get(key).equals(sum)) {
            problems.add(
                "released changeset "
                    + key
                    + " was edited (checksum "
                    + sum
                    + " -> "
                    + now.get(key)
                    + "); add a new changeset instead");
          }
        });
    now.forEach(
        (key, sum) -> {
          if (!pinned.containsKey(key)) {
            problems.add(
                "new changeset not yet in " + SNAPSHOT + ", add the line: " + key + " " + sum);
          }
        });
    return problems;
  }

  @Test
  void theImportChangelogOnItsOwnKeepsEveryReleasedChecksum() throws Exception {
    assertThat(problems(computed(GatehouseImports.CHANGELOG), snapshot())).isEmpty();
  }

  @Test
  void includedAfterTheLibraryChangelogItKeepsEveryReleasedChecksum() throws Exception {
    Map<String, String> all = computed(HOST_MASTER);
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
