package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.jpa.fixture.ChangesetChecksums;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A released changeset is never edited: its checksum, per database, is pinned in {@code
 * released-changesets.txt}. Editing one fails here; adding one fails until its line is added
 * (printed in the failure), so every release of the snapshot is a conscious act.
 */
class ReleasedChangesetChecksumTest {
  private static final String SNAPSHOT = "released-changesets.txt";

  @Test
  void everyReleasedChangesetKeepsItsChecksumAndEveryChangesetIsReleased() throws Exception {
    ClassLoader loader = ReleasedChangesetChecksumTest.class.getClassLoader();
    Map<String, String> now =
        ChangesetChecksums.computed(GatehouseMigrations.LIBRARY_CHANGELOG, loader);
    assertThat(
            ChangesetChecksums.problems(now, ChangesetChecksums.pinned(SNAPSHOT, loader), SNAPSHOT))
        .isEmpty();
    assertThat(now).isNotEmpty();
  }

  @Test
  void anEditedAGoneAndANewChangesetAreEachNamed() {
    Map<String, String> pinned = Map.of("h2 a.xml::1::gh", "9:aa", "h2 b.xml::2::gh", "9:bb");
    Map<String, String> now = Map.of("h2 a.xml::1::gh", "9:ab", "h2 c.xml::3::gh", "9:cc");
    assertThat(ChangesetChecksums.problems(now, pinned, SNAPSHOT))
        .containsExactlyInAnyOrder(
            "released changeset h2 a.xml::1::gh was edited (checksum 9:aa -> 9:ab); add a new"
                + " changeset instead",
            "released changeset h2 b.xml::2::gh is gone from the changelog",
            "new changeset not yet in released-changesets.txt, add the line: h2 c.xml::3::gh 9:cc");
    assertThat(ChangesetChecksums.problems(pinned, pinned, SNAPSHOT)).isEmpty();
  }
}
