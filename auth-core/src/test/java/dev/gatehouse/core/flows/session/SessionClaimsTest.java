package dev.gatehouse.core.flows.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ModuleSessions;
import dev.gatehouse.core.session.SessionClaims;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.StoreTransaction;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The session claims seam ({@link SessionClaims}) with a module of the test's own: a switch puts
 * the module's claims in the session's tokens, every refresh and hand-off asks the module and
 * carries what it answers, a session without claims never asks it, and a module may neither shadow
 * the core's claims nor another module's, nor switch with claims it did not register.
 */
class SessionClaimsTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** A module keeping a {@code tier} claim while {@link #holds} says so; counts its checks. */
  static final class Tier implements SessionClaims {
    final SignInContext context;
    final String name;
    final AtomicBoolean holds = new AtomicBoolean(true);
    final AtomicInteger checks = new AtomicInteger();

    Tier(SignInContext context, String name) {
      this.context = context;
      this.name = name;
      context.hook(this);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Map<String, Object> atRefresh(
        StoreTransaction tx, UUID account, Map<String, Object> kept) {
      checks.incrementAndGet();
      return holds.get() ? kept : Map.of();
    }

    TokenPair switchTo(UUID account, String sessionId, Map<String, Object> claims) {
      return context
          .store()
          .inTransaction(
              tx ->
                  context
                      .capability(ModuleSessions.class)
                      .switchSession(tx, account, sessionId, this, claims));
    }
  }

  /** A second module, to try claims of the same name. */
  static final class Other {
    final Tier tier;

    Other(SignInContext context) {
      this.tier = new Tier(context, "other");
    }
  }

  private static GatehouseFixture withTier(StoreKind kind) {
    return new GatehouseFixture(
        FIXTURES.get(kind),
        c -> c,
        b ->
            b.feature(Tier.class, context -> new Tier(context, "tier"))
                .feature(Other.class, Other::new));
  }

  private static Map<String, Object> claims(GatehouseFixture g, TokenPair pair) {
    return g.gatehouse.sessions().verifyAccessToken(pair.accessToken()).claims();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aModulesClaimsAreCarriedByEveryTokenWhileItsLiveCheckKeepsThem(StoreKind kind) {
    GatehouseFixture g = withTier(kind);
    Tier tier = g.gatehouse.feature(Tier.class);
    UUID user = Users.create(g);
    TokenPair plain = Users.login(g, user);
    TokenPair other = Users.login(g, user);

    // A session without claims never asks the module.
    g.gatehouse.sessions().refresh(other.refreshToken(), null);
    assertThat(tier.checks.get()).isZero();

    TokenPair switched = tier.switchTo(user, plain.sessionId(), Map.of("tier", "gold", "seats", 3));
    assertThat(claims(g, switched)).containsEntry("tier", "gold").containsEntry("seats", 3L);
    TokenPair next = g.gatehouse.sessions().refresh(switched.refreshToken(), null);
    assertThat(claims(g, next)).containsEntry("tier", "gold");
    assertThat(tier.checks.get()).isEqualTo(1);

    tier.holds.set(false);
    TokenPair dropped = g.gatehouse.sessions().refresh(next.refreshToken(), null);
    assertThat(claims(g, dropped)).doesNotContainKeys("tier", "seats");
    // Dropped from the session's row: the module is not asked again, even when it would hold.
    tier.holds.set(true);
    int before = tier.checks.get();
    TokenPair after = g.gatehouse.sessions().refresh(dropped.refreshToken(), null);
    assertThat(claims(g, after)).doesNotContainKey("tier");
    assertThat(tier.checks.get()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aModuleMayNotShadowTheCoresClaimsNorAnotherModulesAndARefusedSwitchChangesNothing(
      StoreKind kind) {
    GatehouseFixture g = withTier(kind);
    Tier tier = g.gatehouse.feature(Tier.class);
    Tier other = g.gatehouse.feature(Other.class).tier;
    UUID user = Users.create(g);
    TokenPair login = Users.login(g, user);
    String sid = login.sessionId();

    for (String core : new String[] {"sub", "sid", "exp", "roles", "profile_id", "user_id"}) {
      assertThatThrownBy(() -> tier.switchTo(user, sid, Map.of(core, "x")))
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (String bad : new String[] {"Tier", "tier-x", "", "t".repeat(65)}) {
      assertThatThrownBy(() -> tier.switchTo(user, sid, Map.of(bad, "x")))
          .isInstanceOf(IllegalArgumentException.class);
    }
    // Objects are flat and of strings only (RFC 8693's act): nested or other values are refused.
    assertThatThrownBy(() -> tier.switchTo(user, sid, Map.of("tier", Map.of("a", Map.of()))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tier.switchTo(user, sid, Map.of("tier", Map.of("a", 1L))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tier.switchTo(user, sid, Map.of("tier", "x".repeat(2100))))
        .isInstanceOf(IllegalArgumentException.class);
    // Another account's session, or one that is not live: not found.
    assertThatThrownBy(() -> tier.switchTo(UUID.randomUUID(), sid, Map.of("tier", "gold")))
        .hasMessageContaining("session");
    // Nothing changed by the refusals: the session's refresh token works and carries no claim.
    TokenPair next = g.gatehouse.sessions().refresh(login.refreshToken(), null);
    assertThat(claims(g, next)).doesNotContainKey("tier");

    TokenPair gold = tier.switchTo(user, sid, Map.of("tier", "gold"));
    assertThatThrownBy(() -> other.switchTo(user, sid, Map.of("tier", "platinum")))
        .isInstanceOf(IllegalArgumentException.class);
    TokenPair both = other.switchTo(user, sid, Map.of("region", "eu"));
    assertThat(claims(g, both)).containsEntry("tier", "gold").containsEntry("region", "eu");
    assertThat(gold.sessionId()).isEqualTo(sid);

    // Registered once per name; a module switches only with claims it registered.
    SignInContext context = tier.context;
    assertThatThrownBy(() -> new Tier(context, "tier")).isInstanceOf(IllegalStateException.class);
    SessionClaims stranger =
        new SessionClaims() {
          @Override
          public String name() {
            return "stranger";
          }

          @Override
          public Map<String, Object> atRefresh(
              StoreTransaction tx, UUID account, Map<String, Object> kept) {
            return kept;
          }
        };
    assertThatThrownBy(
            () ->
                context
                    .store()
                    .inTransaction(
                        tx ->
                            context
                                .capability(ModuleSessions.class)
                                .switchSession(tx, user, sid, stranger, Map.of("s", "x"))))
        .isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theClaimsOfAModuleNoLongerInstalledAreDropped(StoreKind kind) {
    GatehouseFixture g = withTier(kind);
    UUID user = Users.create(g);
    TokenPair login = Users.login(g, user);
    TokenPair gold =
        g.gatehouse.feature(Tier.class).switchTo(user, login.sessionId(), Map.of("tier", "gold"));

    GatehouseFixture without = new GatehouseFixture(FIXTURES.get(kind));
    TokenPair next = without.gatehouse.sessions().refresh(gold.refreshToken(), null);

    assertThat(claims(without, next)).doesNotContainKey("tier");
  }
}
