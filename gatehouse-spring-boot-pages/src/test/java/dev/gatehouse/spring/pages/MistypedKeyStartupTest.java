package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A host with the starter and the pages does not start with a mistyped key of the web module:
 * {@code gatehouse.http.open-helth: false} would have left actuator's health open while its author
 * meant to close it (issue 73, item 6).
 */
class MistypedKeyStartupTest {
  @Test
  void aMistypedHttpKeyStopsTheStartNamingTheKeyMeant() {
    Throwable failure =
        catchThrowable(
            () -> PagesHost.start(DatabaseKind.H2, Map.of("gatehouse.http.open-helth", "false")));
    Throwable root = failure;
    while (root != null && root.getCause() != null) {
      root = root.getCause();
    }
    assertThat(root)
        .hasMessageStartingWith(
            "unknown setting gatehouse.http.open-helth (did you mean gatehouse.http.open-health?)");
  }
}
