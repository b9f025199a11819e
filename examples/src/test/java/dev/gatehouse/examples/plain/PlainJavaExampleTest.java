package dev.gatehouse.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The framework-free example runs: register, confirm, login. */
class PlainJavaExampleTest {
  @Test
  void registersConfirmsAndLogsInWithoutAnyFramework() throws Exception {
    VerifiedAccessToken caller =
        PlainJavaExample.run("ann@example.com", "correct horse battery staple");
    assertThat(UUID.fromString(caller.subject())).isNotNull();
    assertThat(caller.sessionId()).isNotBlank();
  }

  @Test
  void itsMainRuns() throws Exception {
    PlainJavaExample.main(new String[0]);
  }
}
