package dev.gatehouse.organizations;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The module's changesets are never edited once released: their checksums per database are pinned
 * in {@code released-organizations-changesets.txt}; a new changeset adds its lines (the failure
 * prints them).
 */
class ReleasedOrganizationChangesetChecksumTest {
  private static final String SNAPSHOT = "released-organizations-changesets.txt";

  private static Map<String, String> computed() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    ResourceAccessor accessor = new ClassLoaderResourceAccessor(getClass0().getClassLoader());
    for (Database db : List.of(new H2Database(), new PostgresDatabase(), new MariaDBDatabase())) {
      DatabaseChangeLog log =
          ChangeLogParserFactory.getInstance()
              .getParser(Organizations.CHANGELOG, accessor)
              .parse(Organizations.CHANGELOG, new ChangeLogParameters(db), accessor);
      for (ChangeSet cs : log.getChangeSets()) {
        out.put(
            db.getShortName() + " " + cs.getFilePath() + "::" + cs.getId() + "::" + cs.getAuthor(),
            cs.generateCheckSum(ChecksumVersion.latest()).toString());
      }
    }
    return out;
  }

  private static Class<?> getClass0() {
    return ReleasedOrganizationChangesetChecksumTest.class;
  }

  private static Map<String, String> pinned() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = getClass0().getClassLoader().getResourceAsStream(SNAPSHOT)) {
      assertThat(in).as(SNAPSHOT + " on the test classpath").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        line = line.trim();
        if (!line.isEmpty() && !line.startsWith("#")) {
          int sp = line.lastIndexOf(' ');
          out.put(line.substring(0, sp), line.substring(sp + 1));
        }
      }
    }
    return out;
  }

  @Test
  void everyReleasedChangesetKeepsItsChecksumAndEveryNewOneIsPinned() throws Exception {
    Map<String, String> now = computed();
    Map<String, String> pinned = pinned();
    List<String> problems = new ArrayList<>();
    pinned.forEach(
        (key, sum) -> {
          if (!sum.equals(now.get(key))) {
            problems.add("released changeset " + key + " was edited or removed: add a new one");
          }
        });
    now.forEach(
        (key, sum) -> {
          if (!pinned.containsKey(key)) {
            problems.add("new changeset, add to " + SNAPSHOT + ": " + key + " " + sum);
          }
        });
    assertThat(problems).isEmpty();
    assertThat(now).isNotEmpty();
  }
}
