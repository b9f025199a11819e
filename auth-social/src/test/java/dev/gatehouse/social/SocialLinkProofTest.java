package dev.gatehouse.social;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;
import static dev.gatehouse.core.flows.account.AccountTests.tokenIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Linking a social identity is a change of a credential (issue 73, finding 3): a linked identity
 * signs the account in, so it needs what adding a passkey needs (a sign-in within the recent-auth
 * window, or a proof in the same request), is noticed to the account's own address after the
 * commit, and outlives a password change or reset, which ends the sessions (docs/SOCIAL.md).
 */
class SocialLinkProofTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return SocialAccountRulesTest.gatehouse(kind, b -> b);
  }

  private static SocialService social(GatehouseFixture g) {
    return g.gatehouse.feature(SocialService.class);
  }

  private static VerifiedIdentity someoneElses() {
    return new VerifiedIdentity(
        "google", "sub-" + UUID.randomUUID(), "mallory@example.net", true, "Mallory", null);
  }

  private static List<EmailMessage> since(GatehouseFixture g, int before) {
    return List.copyOf(g.email.sent().subList(before, g.email.sent().size()));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aStaleSessionLinksNothingAndAFreshSignInOrAPasswordLinksAndMailsTheAccount(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String address = email();
    UUID owner = confirmed(g, address);
    VerifiedAccessToken stale = signedIn(g, address, CLIENT);
    g.clock.advance(
        g.gatehouse.config().get(TokenSettings.RECENT_AUTH_WINDOW).plus(Duration.ofSeconds(1)));
    int before = g.email.sent().size();

    // A session older than the window: refused as adding a passkey is, nothing linked, no mail.
    assertThat(
            codeOf(
                () ->
                    social(g).link(stale, Reauthentication.recentSignIn(), someoneElses(), CLIENT)))
        .isEqualTo("reauthentication_required");
    assertThat(
            codeOf(
                () ->
                    social(g)
                        .link(
                            stale,
                            Reauthentication.password("not-it-0000"),
                            someoneElses(),
                            CLIENT)))
        .isEqualTo("invalid_credentials");
    assertThat(social(g).accounts(owner)).isEmpty();
    assertThat(since(g, before)).isEmpty();

    // The same session with the password in the request links, and the account's address hears.
    VerifiedIdentity identity = someoneElses();
    social(g).link(stale, Reauthentication.password(PASSWORD), identity, CLIENT);
    assertThat(social(g).accounts(owner)).extracting(a -> a.provider()).containsExactly("google");
    assertThat(since(g, before))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.to()).isEqualTo(address);
              assertThat(m.subject()).contains("linked");
            });

    // A fresh sign-in is the proof by itself.
    VerifiedAccessToken fresh = signedIn(g, address, CLIENT);
    int more = g.email.sent().size();
    social(g)
        .link(
            fresh,
            Reauthentication.recentSignIn(),
            new VerifiedIdentity("apple", "sub-" + UUID.randomUUID(), null, false, null, null),
            CLIENT);
    assertThat(social(g).accounts(owner)).hasSize(2);
    assertThat(since(g, more)).extracting(EmailMessage::to).contains(address);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPasswordResetEndsTheSessionsAndUnlinksNothing(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String address = email();
    UUID owner = confirmed(g, address);
    VerifiedIdentity identity = someoneElses();
    VerifiedAccessToken session = signedIn(g, address, CLIENT);
    social(g).link(session, Reauthentication.recentSignIn(), identity, CLIENT);

    g.gatehouse.accounts().requestPasswordReset(address);
    g.gatehouse.accounts().confirmPasswordReset(tokenIn(g, address), "a-new-one-for-" + owner);

    // The rule of docs/SOCIAL.md: every session ends, the linked identity stays and signs in (the
    // owner was mailed when it was linked and unlinks it; unlinking needs no password).
    assertThat(g.gatehouse.sessions().listSessions(owner, null)).isEmpty();
    assertThat(social(g).accounts(owner)).hasSize(1);
    SignInResult again = social(g).signIn(identity, CLIENT);
    assertThat(again).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(((SignInResult.SignedIn) again).userId()).isEqualTo(owner);
  }
}
