package dev.gatehouse.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.jpa.fixture.ChangesetChecksums;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The module's changesets (of both its changelogs) are never edited once released: their checksums
 * per database are pinned in {@code released-organizations-changesets.txt}; a new changeset adds
 * its lines (the failure prints them).
 */
class ReleasedOrganizationChangesetChecksumTest {
  private static final String SNAPSHOT = "released-organizations-changesets.txt";

  @Test
  void everyReleasedChangesetKeepsItsChecksumAndEveryNewOneIsPinned() throws Exception {
    ClassLoader loader = ReleasedOrganizationChangesetChecksumTest.class.getClassLoader();
    Map<String, String> now =
        new java.util.LinkedHashMap<>(ChangesetChecksums.computed(Organizations.CHANGELOG, loader));
    // The changelog of a host that owns the organisation and membership tables.
    now.putAll(ChangesetChecksums.computed(Organizations.HOST_TABLES_CHANGELOG, loader));
    assertThat(
            ChangesetChecksums.problems(now, ChangesetChecksums.pinned(SNAPSHOT, loader), SNAPSHOT))
        .isEmpty();
    assertThat(now).isNotEmpty();
  }
}
