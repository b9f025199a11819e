package dev.gatehouse.spring.authorizationserver;

import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.exchange;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.authorizationserver.ProviderFlowTest.Browser;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Two refreshes of one provider refresh token at the same moment (issue 93, finding 7): both read
 * the authorization while the token is current, then both save their rotation at once, released by
 * a latch. Exactly one rotation wins; the other is {@code invalid_grant}, and since one refresh
 * token was presented twice, the reuse rule revokes the authorization, as it does when the two come
 * one after the other. On every database: each decides the race in its own locking.
 */
class RefreshRaceTest {

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void twoRotationsOfOneRefreshTokenAtOnceHaveExactlyOneWinner(DatabaseKind kind) throws Exception {
    ProviderHost previous = ProviderFlowTest.host;
    try (ProviderHost host = ProviderHost.start(kind)) {
      ProviderFlowTest.host = host;
      ProviderFlowTest.user = host.confirmedAccount("ada@example.test");
      ProviderFlowTest.registerSpa(host);
      ProviderStore store = host.gatehouse().feature(ProviderStore.class);
      GatehouseAuthorizations authorizations =
          new GatehouseAuthorizations(store, new GatehouseRegisteredClients(store));
      Browser browser = new Browser();
      String verifier = "r".repeat(43);
      String refresh =
          (String)
              exchange(browser, ProviderFlowTest.code(browser, verifier), verifier)
                  .get("refresh_token");

      // Both read the same state, while the token is current.
      List<OAuth2Authorization> rotations = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        OAuth2Authorization read =
            authorizations.findByToken(refresh, OAuth2TokenType.REFRESH_TOKEN);
        assertThat(read).isNotNull();
        Instant now = Instant.now();
        rotations.add(
            OAuth2Authorization.from(read)
                .token(new OAuth2RefreshToken("rotated-" + i, now, now.plusSeconds(3600)))
                .build());
      }
      String id = rotations.get(0).getId();

      // Both save at once.
      CountDownLatch ready = new CountDownLatch(2);
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      List<Future<String>> outcomes = new ArrayList<>();
      try {
        for (OAuth2Authorization rotation : rotations) {
          Callable<String> save =
              () -> {
                ready.countDown();
                assertThat(go.await(20, TimeUnit.SECONDS)).isTrue();
                try {
                  authorizations.save(rotation);
                  return "saved";
                } catch (OAuth2AuthenticationException lost) {
                  return lost.getError().getErrorCode();
                }
              };
          outcomes.add(threads.submit(save));
        }
        assertThat(ready.await(20, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
          results.add(outcome.get(60, TimeUnit.SECONDS));
        }
        assertThat(results).containsExactlyInAnyOrder("saved", OAuth2ErrorCodes.INVALID_GRANT);
      } finally {
        threads.shutdownNow();
      }

      // The token was presented twice: the authorization is revoked, as on a reuse.
      assertThat(authorizations.findById(id)).isNull();
      assertThat(authorizations.findByToken(refresh, OAuth2TokenType.REFRESH_TOKEN)).isNull();
      for (int i = 0; i < 2; i++) {
        assertThat(ProviderFlowTest.refresh("rotated-" + i).statusCode()).isEqualTo(400);
      }

      // The same race over HTTP, the two refresh requests released together: one 200 at most.
      String again =
          (String)
              exchange(browser, ProviderFlowTest.code(browser, verifier), verifier)
                  .get("refresh_token");
      CountDownLatch both = new CountDownLatch(1);
      ExecutorService clients = Executors.newFixedThreadPool(2);
      try {
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          answers.add(
              clients.submit(
                  () -> {
                    assertThat(both.await(20, TimeUnit.SECONDS)).isTrue();
                    return ProviderFlowTest.refresh(again);
                  }));
        }
        both.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
          HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
          statuses.add(response.statusCode());
          if (response.statusCode() == 400) {
            assertThat(json(response)).containsEntry("error", "invalid_grant");
          }
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 400);
      } finally {
        clients.shutdownNow();
      }
    } finally {
      ProviderFlowTest.host = previous;
    }
  }
}
