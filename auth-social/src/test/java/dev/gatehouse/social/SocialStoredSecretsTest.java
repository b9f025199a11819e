package dev.gatehouse.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The social-account rows as the JPA store writes them hold a provider's tokens only sealed, read
 * from the table (auth-jpa's {@code StoredSecretsTest} reads the core's rows the same way).
 */
class SocialStoredSecretsTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aProvidersTokensAreStoredOnlySealed(DatabaseKind kind) throws Exception {
    JpaFixture db = FIXTURES.get(kind);
    GatehouseFixture g =
        new GatehouseFixture(
            db,
            b ->
                b.set(SocialSettings.SOCIAL_STORE_PROVIDER_TOKENS, true)
                    .set(SocialSettings.SOCIAL_TOKEN_KEY, "social-token-key-0123456789abcdef-xyz"),
            b -> b.install(new SocialSignIn()));
    String subject = "sub-" + UUID.randomUUID();
    g.gatehouse
        .feature(SocialService.class)
        .signIn(
            new VerifiedIdentity(
                "google",
                subject,
                null,
                false,
                null,
                null,
                "ya29.access-secret",
                "1//refresh-secret"),
            null);
    String where = " from gh_social_account where provider_user_id = ?";
    assertThat(db.column("select access_token_sealed" + where, subject))
        .singleElement()
        .satisfies(v -> assertThat(v).isNotBlank().doesNotContain("access-secret"));
    assertThat(db.column("select refresh_token_sealed" + where, subject))
        .singleElement()
        .satisfies(v -> assertThat(v).isNotBlank().doesNotContain("refresh-secret"));
  }
}
