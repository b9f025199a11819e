package dev.gatehouse.spring.authorizationserver;

import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.exchange;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.authorizationserver.ProviderFlowTest.Browser;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * What differs per database: the module's tables on PostgreSQL and MariaDB (H2 is {@link
 * ProviderFlowTest}'s) — an authorization written and read back through every state (code, tokens,
 * rotation, a reused refresh token), the consent of a third-party client, and the cleanup's batches
 * by {@code expires_at}; the end of a user's sessions deleting what a back-channel logout client
 * was issued; and the clients' staff routes ({@link ClientRoutesTest#staffRoutes}). One host per
 * database.
 */
class ProviderTablesOnEveryDatabaseTest {

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void anAuthorizationLivesRotatesIsRevokedOnReuseAndIsCleanedUp(DatabaseKind kind)
      throws Exception {
    Assumptions.assumeTrue(kind != DatabaseKind.H2, "H2 is ProviderFlowTest's");
    ProviderHost previous = ProviderFlowTest.host;
    try (ProviderHost host = ProviderHost.start(kind)) {
      ProviderFlowTest.host = host;
      ProviderFlowTest.user = host.confirmedAccount("ada@example.test");
      ProviderFlowTest.registerSpa(host);
      Browser browser = new Browser();
      String verifier = "d".repeat(43);
      Map<String, Object> first =
          exchange(browser, ProviderFlowTest.code(browser, verifier), verifier);
      assertThat(ProviderFlowTest.userinfo(first.get("access_token")).statusCode()).isEqualTo(200);

      HttpResponse<String> rotated = ProviderFlowTest.refresh(first.get("refresh_token"));
      assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
      Map<String, Object> second = json(rotated);
      assertThat(ProviderFlowTest.userinfo(second.get("access_token")).statusCode()).isEqualTo(200);
      assertThat(ProviderFlowTest.refresh(first.get("refresh_token")).statusCode()).isEqualTo(400);
      assertThat(ProviderFlowTest.refresh(second.get("refresh_token")).statusCode()).isEqualTo(400);

      GatehouseConsents consents =
          new GatehouseConsents(host.gatehouse().feature(ProviderStore.class));
      consents.save(
          org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent
              .withId("spa", "someone")
              .scope("openid")
              .scope("email")
              .build());
      assertThat(consents.findById("spa", "someone").getScopes()).containsOnly("openid", "email");

      exchange(browser, ProviderFlowTest.code(browser, verifier), verifier);
      Instant later = Instant.now().plus(Duration.ofDays(31));
      assertThat(host.clients().cleanup(later)).isPositive();
      assertThat(host.clients().cleanup(later)).isZero();

      // Back-channel logout on this database (issue 97): the end of every session of the user
      // finds the authorizations by their user (changeset 0002's index) and deletes what the
      // client was issued, in the transaction of the end.
      host.clients()
          .register(
              new OpenIdClient(
                      "bcl",
                      "Back-channel",
                      OpenIdClient.Kind.PUBLIC,
                      true,
                      List.of(ProviderFlowTest.REDIRECT),
                      List.of(),
                      Set.of("openid", "email", "profile"))
                  .withBackchannelLogout("http://127.0.0.1:9/backchannel-logout", true));
      assertThat(host.clients().find("bcl").orElseThrow().backchannelLogoutUri())
          .isEqualTo("http://127.0.0.1:9/backchannel-logout");
      Map<String, Object> told =
          ProviderFlowTest.signedInTokens(ProviderFlowTest.user, new Browser(), "bcl");
      assertThat(ProviderFlowTest.userinfo(told.get("access_token")).statusCode()).isEqualTo(200);
      UUID account =
          host.gatehouse().accounts().findByEmail(ProviderFlowTest.user).orElseThrow().id();
      assertThat(host.gatehouse().sessions().logoutAll(account)).isPositive();
      assertThat(ProviderFlowTest.userinfo(told.get("access_token")).statusCode()).isEqualTo(401);
      assertThat(ProviderFlowTest.refresh(told.get("refresh_token")).statusCode()).isEqualTo(400);

      // The clients' staff routes on this database: the same host, no second Spring context.
      ClientRoutesTest.staffRoutes(host);
    } finally {
      ProviderFlowTest.host = previous;
    }
  }
}
