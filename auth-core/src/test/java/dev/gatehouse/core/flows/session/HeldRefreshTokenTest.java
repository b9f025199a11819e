package dev.gatehouse.core.flows.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.HeldTokenStore.HeldToken;
import dev.gatehouse.core.store.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A refresh token its session holds (issue 79): the session row keeps the current generation and
 * its secret's keyed hash, a rotation writes that row alone, and every earlier generation is still
 * known as the session's (its MAC), so that its reuse ends the session while a made-up token naming
 * a known session changes nothing. A session started with token rows (before this form) keeps them.
 * On the in-memory store here and on H2, PostgreSQL and MariaDB in auth-jpa.
 */
public class HeldRefreshTokenTest {
  private static final Fixtures FIXTURES = new Fixtures();

  /** The fixtures' server key (GatehouseFixture), to check what the store keeps. */
  private static final SecretHasher KEYED =
      new SecretHasher("test-secret-key-0123456789abcdef-0123456789");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static Pattern heldForm(String sid, int generation) {
    return Pattern.compile(
        Pattern.quote(sid + "." + generation + ".") + "[A-Za-z0-9_-]{43}\\.[0-9a-f]{32}");
  }

  private static String part(String token, int index) {
    return token.split("\\.")[index];
  }

  private static HeldToken held(GatehouseFixture f, String sid) {
    return f.db.store.inTransaction(tx -> tx.sessions().findHeldSession(sid)).orElseThrow().token();
  }

  private static long reuseEvents(GatehouseFixture f) {
    return f.events.stream().filter(AuthEvent.TokenReuseDetected.class::isInstance).count();
  }

  private static void refused(GatehouseFixture f, String token) {
    assertThatThrownBy(() -> RefreshTest.refresh(f, token))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theTokenNamesItsSessionAndGenerationAndTheStoreKeepsOnlyTheSecretsKeyedHash(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair first = Users.login(f, user);
    String sid = first.sessionId();
    assertThat(first.refreshToken()).matches(heldForm(sid, 0));
    assertThat(held(f, sid).generation()).isZero();
    assertThat(held(f, sid).secretHash())
        .isEqualTo(KEYED.hash("refresh", part(first.refreshToken(), 2)))
        .doesNotContain(part(first.refreshToken(), 2));
    assertThat(held(f, sid).toString()).doesNotContain(held(f, sid).secretHash());
    // No token row: the session row is all a rotation writes.
    Optional<SessionStore.RefreshTokenState> row =
        f.db.store.inTransaction(
            tx -> tx.sessions().findRefreshToken(KEYED.hash("refresh", first.refreshToken())));
    assertThat(row).isEmpty();

    f.clock.advance(Duration.ofMinutes(1));
    TokenPair second = RefreshTest.refresh(f, first.refreshToken());
    TokenPair third = RefreshTest.refresh(f, second.refreshToken());

    assertThat(second.refreshToken()).matches(heldForm(sid, 1));
    assertThat(third.refreshToken()).matches(heldForm(sid, 2));
    assertThat(part(third.refreshToken(), 2)).isNotEqualTo(part(second.refreshToken(), 2));
    HeldToken now = held(f, sid);
    assertThat(now.generation()).isEqualTo(2);
    assertThat(now.secretHash()).isEqualTo(KEYED.hash("refresh", part(third.refreshToken(), 2)));
    assertThat(now.advancedAt()).isEqualTo(f.clock.instant());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aTokenWhoseMacIsNotOursIsRefusedBeforeAnyReadAndEndsNothing(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    // At generation 1, so that an earlier generation exists to be made up.
    TokenPair victim = RefreshTest.refresh(f, Users.login(f, user).refreshToken());
    TokenPair own = Users.login(f, Users.create(f));
    String t = victim.refreshToken();
    String[] p = t.split("\\.");
    String otherSecret = SecretHasher.newToken();
    List<String> forged =
        List.of(
            // Its generation moved back, forward, or written with a leading zero.
            p[0] + ".0." + p[2] + "." + p[3],
            p[0] + ".2." + p[2] + "." + p[3],
            p[0] + ".01." + p[2] + "." + p[3],
            // Another secret under the same MAC.
            p[0] + ".1." + otherSecret + "." + p[3],
            // The attacker's own valid token pointed at the victim's session.
            p[0] + "." + String.join(".", List.of(own.refreshToken().split("\\.")).subList(1, 4)),
            // A made-up earlier generation of a session whose id is known (the access token's sid):
            // were it taken for a real one, its "reuse" would end the victim's session.
            p[0] + ".0." + otherSecret + "." + "0".repeat(32),
            p[0] + ".1." + p[2] + "." + p[3].toUpperCase(),
            p[0] + ".-1." + p[2] + "." + p[3],
            t + ".",
            "." + t);

    for (String token : forged) {
      refused(f, token);
      assertThatThrownBy(() -> f.gatehouse.sessions().refreshWithoutRotation(token, null))
          .isInstanceOf(InvalidRefreshTokenException.class);
      assertThat(f.gatehouse.sessions().logoutWithRefreshToken(token)).isFalse();
    }

    assertThat(reuseEvents(f)).isZero();
    assertThat(held(f, victim.sessionId()).generation()).isEqualTo(1);
    assertThat(RefreshTest.refresh(f, t).refreshToken()).matches(heldForm(victim.sessionId(), 2));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anyEarlierGenerationPresentedAgainEndsTheSessionAsReuse(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair g0 = Users.login(f, user);
    TokenPair g1 = RefreshTest.refresh(f, g0.refreshToken());
    TokenPair g2 = RefreshTest.refresh(f, g1.refreshToken());
    TokenPair g3 = RefreshTest.refresh(f, g2.refreshToken());

    refused(f, g1.refreshToken());

    assertThat(reuseEvents(f)).isEqualTo(1);
    refused(f, g3.refreshToken());
    assertThat(f.gatehouse.sessions().listSessions(user, null)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aProfileSwitchGivesTheNextGenerationAndTheReplacedTokenIsThenReuse(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair login = Users.login(f, user);
    long shop = f.gatehouse.profiles().create(user, ProfileInput.ofRole("client")).id();

    TokenPair switched = f.gatehouse.profiles().switchProfile(user, shop, login.sessionId());

    assertThat(switched.refreshToken()).matches(heldForm(login.sessionId(), 1));
    refused(f, login.refreshToken());
    assertThat(reuseEvents(f)).isEqualTo(1);
    refused(f, switched.refreshToken());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void logoutWithAnyOfTheSessionsTokensEndsIt(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair g0 = Users.login(f, user);
    RefreshTest.refresh(f, g0.refreshToken());
    TokenPair other = Users.login(f, user);

    assertThat(f.gatehouse.sessions().logoutWithRefreshToken(g0.refreshToken())).isTrue();

    assertThat(f.gatehouse.sessions().listSessions(user, null))
        .extracting(s -> s.id())
        .containsExactly(other.sessionId());
    assertThat(f.gatehouse.sessions().logoutWithRefreshToken(g0.refreshToken())).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSessionStartedWithTokenRowsKeepsThemUntilItEnds(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    // A session as a release before held tokens stored it: its token a row of its own.
    String sid = UUID.randomUUID().toString();
    String before = SecretHasher.newToken();
    Instant now = f.clock.instant();
    f.db.store.inTransaction(
        tx -> {
          tx.sessions()
              .createSession(
                  new SessionStore.NewSession(
                      sid,
                      user,
                      "web",
                      null,
                      List.of("pwd"),
                      null,
                      null,
                      null,
                      now,
                      now,
                      now.plus(Duration.ofDays(30)),
                      now.plus(Duration.ofDays(7))),
                  KEYED.hash("refresh", before));
          return null;
        });

    TokenPair next = RefreshTest.refresh(f, before);

    assertThat(next.sessionId()).isEqualTo(sid);
    assertThat(next.refreshToken()).matches("[A-Za-z0-9_-]{43}");
    Optional<SessionStore.HeldSession> none =
        f.db.store.inTransaction(tx -> tx.sessions().findHeldSession(sid));
    assertThat(none).isEmpty();
    assertThat(RefreshTest.refresh(f, next.refreshToken()).sessionId()).isEqualTo(sid);
    refused(f, before);
    assertThat(reuseEvents(f)).isEqualTo(1);
  }
}
