package dev.gatehouse.social;

import static dev.gatehouse.core.flows.account.AccountTests.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.social.SocialService.SocialRedirect;
import dev.gatehouse.testing.OneDatabase;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Rotating {@code gatehouse.secret-key} (and {@code gatehouse.social.token-key}): with the replaced
 * key among the previous ones, a social sign-in begun before the rotation completes on an instance
 * started after it, and a provider token stored before it still reads; without it, neither does.
 */
@OneDatabase("what a rotated key still opens; the rows it reads are the store contract's")
class SocialSecretRotationTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final String OLD = "test-secret-key-0123456789abcdef-0123456789";
  private static final String NEW = "a-rotated-secret-key-0123456789abcdef-0123";
  private static final String OLD_TOKEN_KEY = "a-social-token-key-0123456789abcdef";
  private static final String NEW_TOKEN_KEY = "a-rotated-social-token-key-0123456789abcdef";
  private static final URI CALLBACK = URI.create("https://app.example.test/callback");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSocialSignInBegunBeforeTheKeyWasRotatedCompletesAfterIt(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    String email = email();
    String subject = "sub-" + UUID.randomUUID();
    SocialProvider provider = new FixedProvider(subject, email);
    GatehouseFixture before = social(db, OLD, List.of(), OLD_TOKEN_KEY, List.of(), provider);
    SocialRedirect redirect = before.gatehouse.feature(SocialService.class).begin("test", CALLBACK);

    GatehouseFixture withoutPrevious =
        social(db, NEW, List.of(), OLD_TOKEN_KEY, List.of(), provider);
    assertThatThrownBy(() -> complete(withoutPrevious, redirect))
        .isInstanceOfSatisfying(
            AuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_state"));

    GatehouseFixture after = social(db, NEW, List.of(OLD), OLD_TOKEN_KEY, List.of(), provider);
    SignInResult.SignedIn in = complete(after, redirect).orElseThrow();
    assertThat(after.gatehouse.feature(SocialService.class).providerTokens(in.userId(), "test"))
        .map(SocialService.ProviderTokens::accessToken)
        .contains("access-" + subject);

    // The provider token key rotates the same way.
    GatehouseFixture rotatedTokens =
        social(db, NEW, List.of(), NEW_TOKEN_KEY, List.of(OLD_TOKEN_KEY), provider);
    assertThat(
            rotatedTokens
                .gatehouse
                .feature(SocialService.class)
                .providerTokens(in.userId(), "test"))
        .map(SocialService.ProviderTokens::accessToken)
        .contains("access-" + subject);
    GatehouseFixture lostTokens = social(db, NEW, List.of(), NEW_TOKEN_KEY, List.of(), provider);
    assertThat(
            lostTokens.gatehouse.feature(SocialService.class).providerTokens(in.userId(), "test"))
        .map(SocialService.ProviderTokens::accessToken)
        .isEqualTo(Optional.empty());
  }

  private static SignInResult complete(GatehouseFixture g, SocialRedirect redirect) {
    return g.gatehouse
        .feature(SocialService.class)
        .complete("test", redirect.state(), "the-code", Map.of(), ClientInfo.web());
  }

  private static GatehouseFixture social(
      StoreFixture db,
      String secret,
      List<String> previous,
      String tokenKey,
      List<String> previousTokenKeys,
      SocialProvider provider) {
    return new GatehouseFixture(
        db,
        b ->
            b.set(GatehouseConfig.SECRET_KEY, secret)
                .set(GatehouseConfig.PREVIOUS_SECRET_KEYS, previous)
                .set(SocialSettings.SOCIAL_STORE_PROVIDER_TOKENS, true)
                .set(SocialSettings.SOCIAL_TOKEN_KEY, tokenKey)
                .set(SocialSettings.SOCIAL_PREVIOUS_TOKEN_KEYS, previousTokenKeys),
        g -> g.install(new SocialSignIn(provider)));
  }

  /** A provider that answers every code with one verified identity. */
  private record FixedProvider(String subject, String email) implements SocialProvider {
    @Override
    public String id() {
      return "test";
    }

    @Override
    public URI authorizationUri(AuthorizationRequest request) {
      return URI.create("https://idp.example.test/authorize?state=" + request.state());
    }

    @Override
    public VerifiedIdentity exchangeCode(CodeExchange exchange) {
      return new VerifiedIdentity(
          "test", subject, email, true, "Ann Example", null, "access-" + subject, null);
    }
  }
}
