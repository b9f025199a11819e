package dev.gatehouse.jpa;

import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static dev.gatehouse.core.flows.account.AccountTests.tokenIn;
import static dev.gatehouse.core.flows.account.AccountTests.userId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.session.Users;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The rows as the JPA store writes them hold secrets only as keyed hashes. The flows' own tests
 * (auth-core) check the same through the store; these read the tables (a remembered device's:
 * auth-mfa's {@code SecondFactorStoredSecretsTest}).
 */
class StoredSecretsTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aConfirmationTokenIsStoredOnlyAsItsKeyedHash(DatabaseKind kind) throws Exception {
    JpaFixture db = FIXTURES.get(kind);
    GatehouseFixture g = new GatehouseFixture(db);
    String email = email();
    register(g, email);
    String token = tokenIn(g, email);
    UUID user = userId(g, email);
    List<String> stored =
        db.column(
            "select token_hash from gh_action_token where user_public_id = ?", user.toString());
    assertThat(stored)
        .singleElement()
        .satisfies(h -> assertThat(h).hasSize(64).isNotEqualTo(token).doesNotContain(token));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aRefreshTokenIsStoredOnlyAsItsKeyedHash(DatabaseKind kind) throws Exception {
    JpaFixture db = FIXTURES.get(kind);
    GatehouseFixture g = new GatehouseFixture(db);
    TokenPair pair = Users.login(g, Users.create(g));
    String secret = pair.refreshToken().split("\\.")[2];
    // The session holds its token (issue 79): the row keeps the secret's keyed hash, no token row.
    List<String> stored =
        db.column("select refresh_secret_hash from gh_session where id = ?", pair.sessionId());
    assertThat(stored)
        .singleElement()
        .satisfies(
            h ->
                assertThat(h)
                    .hasSize(64)
                    .isNotEqualTo(secret)
                    .doesNotContain(secret)
                    .doesNotContain(pair.refreshToken()));
    assertThat(
            db.column(
                "select token_hash from gh_refresh_token where session_id = ?", pair.sessionId()))
        .isEmpty();
  }
}
