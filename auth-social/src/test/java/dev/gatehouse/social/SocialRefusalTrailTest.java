package dev.gatehouse.social;

import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.inAFailingHostTransaction;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.flows.account.AccountTests;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.social.SocialService.SocialException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Social sign-in's refusals the error catalogue keeps are in the audit trail, under the account
 * they named, as every core method's are (auth-core's {@code RefusalAuditTest} leaves these codes
 * to this module): a method on the sign-in SPI is audited by the core, not by itself. A refusal of
 * a provider's answer, before anyone is named, is kept too; a disabled account's refusal stands
 * whatever the caller's transaction does.
 */
class SocialRefusalTrailTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT =
      new ClientInfo("web", "198.51.100.23", "RefusalAgent/1.0", null);

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** A social provider of the host's own that refuses every code it is asked to exchange. */
  private static final class RefusingProvider implements SocialProvider {
    @Override
    public String id() {
      return "refusing";
    }

    @Override
    public URI authorizationUri(AuthorizationRequest request) {
      return URI.create("https://provider.example.test/authorize?state=" + request.state());
    }

    @Override
    public VerifiedIdentity exchangeCode(CodeExchange exchange) {
      throw new SocialException(ErrorCode.PROVIDER_REFUSED, "the provider answered access_denied");
    }
  }

  /** The fixtures one walk uses: sign-up open with the refusing provider, and sign-up closed. */
  private static final class World {
    final GatehouseFixture g;
    final GatehouseFixture strict;

    World(StoreKind kind) {
      g =
          new GatehouseFixture(
              FIXTURES.get(kind), b -> b, b -> b.install(new SocialSignIn(new RefusingProvider())));
      strict =
          new GatehouseFixture(
              FIXTURES.get(kind),
              b -> b.set(SocialSettings.SOCIAL_SIGNUP_ALLOWED, false),
              b -> b.install(new SocialSignIn()));
    }
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(FIXTURES.get(kind), b -> b, b -> b.install(new SocialSignIn()));
  }

  private static SocialService social(GatehouseFixture g) {
    return g.gatehouse.feature(SocialService.class);
  }

  /** What a scenario leaves: the fixture whose trail holds the refusal, and the account named. */
  private record Refusal(GatehouseFixture where, UUID subject) {}

  /** One flow refusing with one code; answers where the refusal should be kept. */
  @FunctionalInterface
  private interface Scenario {
    Refusal run(World w);
  }

  /** Asserts {@code call} is refused with {@code code}. */
  private static void refused(
      ErrorCode code, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThat(codeOf(call)).isEqualTo(code.code());
  }

  private static Map<ErrorCode, Scenario> scenarios() {
    Map<ErrorCode, Scenario> s = new HashMap<>();
    s.put(
        ErrorCode.UNKNOWN_PROVIDER,
        w -> {
          refused(
              ErrorCode.UNKNOWN_PROVIDER,
              () -> social(w.g).complete("nosuch", "state", "code", Map.of(), CLIENT));
          return new Refusal(w.g, null);
        });
    s.put(
        ErrorCode.INVALID_STATE,
        w -> {
          refused(
              ErrorCode.INVALID_STATE,
              () -> social(w.g).complete("refusing", "forged", "code", Map.of(), CLIENT));
          return new Refusal(w.g, null);
        });
    s.put(
        ErrorCode.INVALID_ID_TOKEN,
        w -> {
          refused(
              ErrorCode.INVALID_ID_TOKEN,
              () -> social(w.g).signInWithNativeToken("refusing", "", null, CLIENT));
          return new Refusal(w.g, null);
        });
    s.put(
        ErrorCode.PROVIDER_REFUSED,
        w -> {
          String state =
              social(w.g)
                  .begin("refusing", URI.create("https://app.example.test/callback"))
                  .state();
          refused(
              ErrorCode.PROVIDER_REFUSED,
              () -> social(w.g).complete("refusing", state, "code", Map.of(), CLIENT));
          return new Refusal(w.g, null);
        });
    s.put(
        ErrorCode.ACCOUNT_DISABLED,
        w -> {
          // A linked identity whose account was disabled since: the refusal names the account.
          String email = email();
          UUID id = confirmed(w.g, email);
          VerifiedIdentity identity =
              new VerifiedIdentity("google", "sub-" + UUID.randomUUID(), email, true, null, null);
          social(w.g)
              .link(
                  AccountTests.signedIn(w.g, email, CLIENT),
                  dev.gatehouse.core.session.Reauthentication.recentSignIn(),
                  identity,
                  CLIENT);
          updateUser(w.g, id, b -> b.active(false));
          refused(ErrorCode.ACCOUNT_DISABLED, () -> social(w.g).signIn(identity, CLIENT));
          return new Refusal(w.g, id);
        });
    s.put(
        SocialErrors.SOCIAL_SIGNUP_DISABLED,
        w -> {
          VerifiedIdentity stranger =
              new VerifiedIdentity("google", "sub-" + UUID.randomUUID(), email(), true, null, null);
          refused(
              SocialErrors.SOCIAL_SIGNUP_DISABLED, () -> social(w.strict).signIn(stranger, CLIENT));
          return new Refusal(w.strict, null);
        });
    return s;
  }

  /** The entry or, for a refusal naming no account, the event the entry was made from. */
  private static void assertKept(ErrorCode code, Refusal r) {
    if (r.subject() != null) {
      List<AuditEntry> trail = r.where().gatehouse.audit().forUser(r.subject(), 200);
      assertThat(trail)
          .as("the audit trail of %s", r.subject())
          .anySatisfy(
              e -> {
                assertThat(e.event()).isEqualTo("LoginFailed");
                assertThat(e.reason()).isEqualTo(code.code());
                assertThat(e.subject()).isEqualTo(r.subject());
              });
      return;
    }
    assertThat(r.where().events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        AuthEvent.LoginFailed.class,
                        f -> assertThat(f.reason()).isEqualTo(code.code())));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void everySocialRefusalTheCatalogueKeepsIsFoundInTheAuditTrail(StoreKind kind) {
    World w = new World(kind);
    Map<ErrorCode, Scenario> scenarios = scenarios();
    assertThat(scenarios).hasSize(6);
    scenarios.forEach((code, scenario) -> assertKept(code, scenario.run(w)));
  }

  private static List<AuditEntry> refusals(GatehouseFixture g, UUID subject, String code) {
    return g.gatehouse.audit().forUser(subject, 100).stream()
        .filter(e -> code.equals(e.reason()))
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSocialSignInOfADisabledAccountIsKeptUnderThatAccount(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    UUID id = confirmed(g, email);
    VerifiedIdentity identity =
        new VerifiedIdentity("google", "sub-" + UUID.randomUUID(), email, true, null, null);
    social(g)
        .link(
            AccountTests.signedIn(g, email, CLIENT),
            dev.gatehouse.core.session.Reauthentication.recentSignIn(),
            identity,
            CLIENT);
    updateUser(g, id, b -> b.active(false));

    assertThat(codeOf(() -> social(g).signIn(identity, CLIENT))).isEqualTo("account_disabled");
    // Tried again inside a host's transaction that then fails: the refusal stays.
    inAFailingHostTransaction(
        g,
        () ->
            assertThat(codeOf(() -> social(g).signIn(identity, CLIENT)))
                .isEqualTo("account_disabled"));

    assertThat(refusals(g, id, "account_disabled"))
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.event()).isEqualTo("LoginFailed");
              assertThat(e.method()).isEqualTo("social:google");
              assertThat(e.actor()).isEqualTo("user");
              assertThat(e.network()).isEqualTo("198.51.100.0/24");
            });
  }
}
