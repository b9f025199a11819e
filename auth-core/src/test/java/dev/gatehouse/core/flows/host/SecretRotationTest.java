package dev.gatehouse.core.flows.host;

import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SocialSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.social.SocialProvider;
import dev.gatehouse.core.social.SocialService;
import dev.gatehouse.core.social.SocialService.SocialRedirect;
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
 * Rotating {@code gatehouse.secret-key}: with the replaced key in {@code
 * gatehouse.previous-secret-keys}, what an instance sealed under it before the rotation (an outbox
 * message waiting to be sent, a social sign-in in progress, a stored provider token) still works on
 * an instance started after it; without it, it does not.
 */
@OneDatabase("what a rotated key still opens; the rows it reads are the store contract's")
class SecretRotationTest {
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

  /** An instance on {@code db} that only records messages (a web node; another one sends). */
  private static GatehouseFixture recording(StoreFixture db, String secret) {
    return new GatehouseFixture(
        db, b -> b.set(GatehouseConfig.SECRET_KEY, secret), g -> g.dispatchDeliveries(false));
  }

  private static GatehouseFixture sending(StoreFixture db, String secret, List<String> previous) {
    return new GatehouseFixture(
        db,
        b ->
            b.set(GatehouseConfig.SECRET_KEY, secret)
                .set(GatehouseConfig.PREVIOUS_SECRET_KEYS, previous));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anOutboxMessageRecordedBeforeTheKeyWasRotatedIsSentAfterIt(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    GatehouseFixture before = recording(db, OLD);

    String lost = email();
    register(before, lost);
    GatehouseFixture withoutPrevious = sending(db, NEW, List.of());
    withoutPrevious.gatehouse.deliverPending();
    assertThat(withoutPrevious.email.lastTo(lost))
        .as("unopenable under the new key only")
        .isEmpty();

    String kept = email();
    register(before, kept);
    assertThat(before.email.lastTo(kept)).as("recorded, not sent").isEmpty();
    GatehouseFixture after = sending(db, NEW, List.of(OLD));
    after.gatehouse.deliverPending();
    assertThat(after.email.lastTo(kept).orElseThrow().textBody())
        .contains("https://app.example.test/");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSocialSignInBegunBeforeTheKeyWasRotatedCompletesAfterIt(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    String email = email();
    String subject = "sub-" + UUID.randomUUID();
    SocialProvider provider = new FixedProvider(subject, email);
    GatehouseFixture before = social(db, OLD, List.of(), OLD_TOKEN_KEY, List.of(), provider);
    SocialRedirect redirect = before.gatehouse.social().begin("test", CALLBACK);

    GatehouseFixture withoutPrevious =
        social(db, NEW, List.of(), OLD_TOKEN_KEY, List.of(), provider);
    assertThatThrownBy(() -> complete(withoutPrevious, redirect))
        .isInstanceOfSatisfying(
            AuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_state"));

    GatehouseFixture after = social(db, NEW, List.of(OLD), OLD_TOKEN_KEY, List.of(), provider);
    SignInResult.SignedIn in = complete(after, redirect).orElseThrow();
    assertThat(after.gatehouse.social().providerTokens(in.userId(), "test"))
        .map(SocialService.ProviderTokens::accessToken)
        .contains("access-" + subject);

    // The provider token key rotates the same way.
    GatehouseFixture rotatedTokens =
        social(db, NEW, List.of(), NEW_TOKEN_KEY, List.of(OLD_TOKEN_KEY), provider);
    assertThat(rotatedTokens.gatehouse.social().providerTokens(in.userId(), "test"))
        .map(SocialService.ProviderTokens::accessToken)
        .contains("access-" + subject);
    GatehouseFixture lostTokens = social(db, NEW, List.of(), NEW_TOKEN_KEY, List.of(), provider);
    assertThat(lostTokens.gatehouse.social().providerTokens(in.userId(), "test"))
        .map(SocialService.ProviderTokens::accessToken)
        .isEqualTo(Optional.empty());
  }

  private static SignInResult complete(GatehouseFixture g, SocialRedirect redirect) {
    return g.gatehouse
        .social()
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
        g -> g.socialProvider(provider));
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
