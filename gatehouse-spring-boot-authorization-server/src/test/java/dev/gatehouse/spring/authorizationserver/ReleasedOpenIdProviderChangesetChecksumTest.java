package dev.gatehouse.spring.authorizationserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.jpa.fixture.ChangesetChecksums;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The module's changesets are never edited once released: their checksums per database are pinned
 * in {@code released-openid-provider-changesets.txt}; a new changeset adds its lines (the failure
 * prints them).
 */
class ReleasedOpenIdProviderChangesetChecksumTest {
  private static final String SNAPSHOT = "released-openid-provider-changesets.txt";

  @Test
  void everyReleasedChangesetKeepsItsChecksumAndEveryNewOneIsPinned() throws Exception {
    ClassLoader loader = ReleasedOpenIdProviderChangesetChecksumTest.class.getClassLoader();
    Map<String, String> now = ChangesetChecksums.computed(OpenIdProvider.CHANGELOG, loader);
    assertThat(
            ChangesetChecksums.problems(now, ChangesetChecksums.pinned(SNAPSHOT, loader), SNAPSHOT))
        .isEmpty();
    assertThat(now).isNotEmpty();
  }
}
