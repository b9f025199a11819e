package dev.gatehouse.core.flows.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.DeviceService.DeviceInfo;
import dev.gatehouse.core.session.SessionService.SessionView;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class SessionStartTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void startIssuesAnAccessTokenForThePublicIdAndStoresOnlyTheRefreshTokenHash(StoreKind kind)
      throws Exception {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair pair =
        Users.login(
            f, user, new ClientInfo("web", "203.0.113.77", "Mozilla/5.0 " + "x".repeat(400), null));

    VerifiedAccessToken at = f.gatehouse.sessions().verifyAccessToken(pair.accessToken());
    assertThat(at.subject()).isEqualTo(user.toString());
    assertThat(at.sessionId()).isEqualTo(pair.sessionId());
    // Time-ordered (issue 79): a version 7 UUID of the clock's millisecond, random after it.
    UUID sid = UUID.fromString(pair.sessionId());
    assertThat(sid.version()).isEqualTo(7);
    assertThat(sid.getMostSignificantBits() >>> 16).isEqualTo(f.clock.instant().toEpochMilli());
    assertThat(at.amr()).containsExactly("pwd");
    assertThat(at.profileId()).isPresent();
    assertThat(pair.toString()).doesNotContain(pair.refreshToken());

    // The store knows the session's refresh token by its keyed hash only (the rows as stored are
    // checked in auth-jpa's StoredSecretsTest).
    Optional<SessionStore.RefreshTokenState> byToken =
        f.db.store.inTransaction(tx -> tx.sessions().findRefreshToken(pair.refreshToken()));
    assertThat(byToken).isEmpty();

    List<SessionView> sessions = f.gatehouse.sessions().listSessions(user, pair.sessionId());
    assertThat(sessions).hasSize(1);
    SessionView s = sessions.get(0);
    assertThat(s.current()).isTrue();
    assertThat(s.network()).isEqualTo("203.0.113.0/24");
    assertThat(s.userAgent()).hasSize(255).startsWith("Mozilla/5.0");
    assertThat(s.client()).isEqualTo("web");
    assertThat(s.createdAt()).isEqualTo(f.clock.instant());
    assertThat(s.expiresAt())
        .isEqualTo(
            f.clock.instant().plus(f.gatehouse.config().get(TokenSettings.REFRESH_TOKEN_TTL)));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aMobileLoginUpsertsItsDeviceByUserAndToken(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair first =
        Users.login(
            f,
            user,
            new ClientInfo(
                "mobile",
                "2001:db8:1234:5678::1",
                "App/1",
                new DeviceInfo("inst-1", "ios", "Ann's phone", "push-1")));
    f.clock.advance(java.time.Duration.ofMinutes(1));
    TokenPair second =
        Users.login(
            f,
            user,
            new ClientInfo("mobile", null, null, new DeviceInfo("inst-1", "ios", null, "push-2")));

    List<SessionView> sessions = f.gatehouse.sessions().listSessions(user, second.sessionId());
    assertThat(sessions).hasSize(2);
    assertThat(sessions).allSatisfy(s -> assertThat(s.device()).isNotNull());
    assertThat(sessions.get(0).device().id()).isEqualTo(sessions.get(1).device().id());
    assertThat(sessions.get(0).device().name()).isEqualTo("Ann's phone");
    assertThat(sessions.get(0).device().lastSeenAt()).isEqualTo(f.clock.instant());
    assertThat(sessions)
        .filteredOn(s -> s.id().equals(first.sessionId()))
        .singleElement()
        .extracting(SessionView::network)
        .isEqualTo("2001:db8:1234::/48");
    assertThat(f.gatehouse.devices().list(user)).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void singleSessionOnMobileRevokesTheOtherMobileSessionsOnly(StoreKind kind) {
    GatehouseFixture f =
        new GatehouseFixture(
            FIXTURES.get(kind), b -> b.set(AccountSettings.SINGLE_SESSION_ON_MOBILE, true));
    UUID user = Users.create(f);
    TokenPair web = Users.login(f, user);
    TokenPair phone1 =
        Users.login(
            f, user, new ClientInfo("mobile", null, null, new DeviceInfo("a", "ios", null, "p")));
    TokenPair phone2 =
        Users.login(
            f,
            user,
            new ClientInfo("mobile", null, null, new DeviceInfo("b", "android", null, "q")));

    assertThat(f.gatehouse.sessions().listSessions(user, null))
        .extracting(SessionView::id)
        .containsExactlyInAnyOrder(web.sessionId(), phone2.sessionId())
        .doesNotContain(phone1.sessionId());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void revokeAllEndsEverySessionOfTheUserOnly(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    UUID other = Users.create(f);
    Users.login(f, user);
    Users.login(f, user);
    TokenPair bystander = Users.login(f, other);

    int revoked =
        f.db.store.inTransaction(
            tx -> f.gatehouse.sessions().revokeAll(tx, user, "password_changed"));

    assertThat(revoked).isEqualTo(2);
    assertThat(f.gatehouse.sessions().listSessions(user, null)).isEmpty();
    assertThat(f.gatehouse.sessions().listSessions(other, null))
        .extracting(SessionView::id)
        .containsExactly(bystander.sessionId());
  }
}
