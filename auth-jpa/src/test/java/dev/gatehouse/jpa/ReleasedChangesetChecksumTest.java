package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.ChecksumVersion;
import liquibase.change.CheckSum;
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
 * A released changeset is never edited: its checksum, per database, is pinned in {@code
 * released-changesets.txt}. Editing one fails here; adding one fails until its line is added
 * (printed in the failure), so every release of the snapshot is a conscious act.
 */
class ReleasedChangesetChecksumTest {
  private static final String SNAPSHOT = "released-changesets.txt";

  static Map<String, String> computed() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    ResourceAccessor accessor =
        new ClassLoaderResourceAccessor(ReleasedChangesetChecksumTest.class.getClassLoader());
    for (Database db : List.of(new H2Database(), new PostgresDatabase(), new MariaDBDatabase())) {
      ChangeLogParameters params = new ChangeLogParameters(db);
      DatabaseChangeLog log =
          ChangeLogParserFactory.getInstance()
              .getParser(GatehouseMigrations.LIBRARY_CHANGELOG, accessor)
              .parse(GatehouseMigrations.LIBRARY_CHANGELOG, params, accessor);
      for (ChangeSet cs : log.getChangeSets()) {
        CheckSum sum = cs.generateCheckSum(ChecksumVersion.latest());
        out.put(
            db.getShortName() + " " + cs.getFilePath() + "::" + cs.getId() + "::" + cs.getAuthor(),
            sum.toString());
      }
    }
    return out;
  }

  static Map<String, String> snapshot() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in =
        ReleasedChangesetChecksumTest.class.getClassLoader().getResourceAsStream(SNAPSHOT)) {
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

  @Test
  void everyReleasedChangesetKeepsItsChecksumAndEveryChangesetIsReleased() throws Exception {
    Map<String, String> now = computed();
    Map<String, String> pinned = snapshot();
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
    assertThat(problems).isEmpty();
  }
}
