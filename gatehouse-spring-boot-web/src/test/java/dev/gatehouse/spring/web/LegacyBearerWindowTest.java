package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.SimpleJwtVectors;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A legacy access token is a bearer only during the cut-over window: once {@code
 * gatehouse.legacy.simplejwt.until} passes, the same unexpired token is refused everywhere.
 */
@TestPropertySource(
    properties = {
      "gatehouse.legacy.simplejwt.signing-key=" + SimpleJwtVectors.SECRET_KEY,
      // 100 seconds after the vectors' tokens were issued, before their access tokens expire.
      "gatehouse.legacy.simplejwt.until=2026-11-24T19:19:45Z",
      "gatehouse.legacy.simplejwt.access-tokens=true"
    })
class LegacyBearerWindowTest extends ContractTestSupport {

  @Test
  void afterTheWindowClosesALegacyBearerIsRefused() throws Exception {
    SimpleJwtVectors.Case legacy = SimpleJwtVectors.get("secret_key");
    UUID account = gatehouse.accounts().findByEmail(confirmedAccount()).orElseThrow().id();
    TestHost.LEGACY_ACCOUNTS.put(legacy.userId(), account);

    clock.set(legacy.issuedAt().plusSeconds(30));
    assertThat(http.get("/api/hello/", legacy.access()).status()).isEqualTo(200);

    clock.set(legacy.issuedAt().plusSeconds(150));
    assertThat(legacy.accessExpiresAt()).isAfter(clock.instant());
    assertThat(http.get("/api/hello/", legacy.access()).status()).isEqualTo(401);
    assertProblem(http.get(base() + "/me/", legacy.access()), 401, "invalid_token");
  }
}
