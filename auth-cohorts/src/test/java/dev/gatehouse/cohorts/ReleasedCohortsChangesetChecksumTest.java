package dev.gatehouse.cohorts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.jpa.fixture.ChangesetChecksums;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The module's changesets are never edited once released: their checksums per database are pinned
 * in {@code released-cohorts-changesets.txt}; a new changeset adds its lines (the failure prints
 * them).
 */
class ReleasedCohortsChangesetChecksumTest {
  private static final String SNAPSHOT = "released-cohorts-changesets.txt";

  @Test
  void everyReleasedChangesetKeepsItsChecksumAndEveryNewOneIsPinned() throws Exception {
    ClassLoader loader = ReleasedCohortsChangesetChecksumTest.class.getClassLoader();
    Map<String, String> now = ChangesetChecksums.computed(Cohorts.CHANGELOG, loader);
    assertThat(
            ChangesetChecksums.problems(now, ChangesetChecksums.pinned(SNAPSHOT, loader), SNAPSHOT))
        .isEmpty();
    assertThat(now).isNotEmpty();
  }
}
