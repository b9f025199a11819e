package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Issue 54, item 2: logout reaches the example's own route ({@code /api/hello/}) with the starter's
 * defaults, on the instance that ended the session at once and on a second instance sharing the
 * database after that instance's next look ({@code gatehouse.token.revocation-follow}, 2 seconds),
 * its clock moved by hand.
 */
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class RevocationHttpTest {
  private static final String PASSWORD = "violet-orbit-7731";

  /** What every instance of one deployment shares: the signing key and the server secret. */
  private static final Map<String, String> SHARED =
      Map.of(
          "gatehouse.jwt.hs256-secret", "cmV2b2NhdGlvbi10ZXN0LWtleS0wMTIzNDU2Nzg5YWJjZGVm",
          "gatehouse.jwt.kid", "shared",
          "gatehouse.secret-key", "revocation-test-secret-0123456789-abcdefghij");

  @Parameter DatabaseKind kind;

  private static RunningExample one;
  private static RunningExample two;

  @BeforeParameterizedClassInvocation
  static void start(DatabaseKind kind) {
    one = RunningExample.start(kind, SHARED, RunningExample.TestClock.class);
    two = RunningExample.startBeside(one, SHARED, RunningExample.TestClock.class);
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    try {
      two.close();
    } finally {
      one.close();
    }
  }

  /** A user with a password, signed in on instance {@code one} through the library. */
  private static TokenPair signedIn(String email) {
    Gatehouse gatehouse = one.bean(Gatehouse.class);
    MutableClock clock = one.bean(MutableClock.class);
    return one.bean(AuthStore.class)
        .inTransaction(
            tx -> {
              UserRecord u =
                  AccountFactory.of(gatehouse.config())
                      .create(
                          tx,
                          UserRecord.newAccount(clock.instant())
                              .email(email, email)
                              .verified(true)
                              .passwordHash(gatehouse.passwordHashing().hash(PASSWORD))
                              .build());
              return gatehouse
                  .sessions()
                  .start(tx, u.publicId(), List.of("pwd"), ClientInfo.web("203.0.113.7"));
            });
  }

  private static String email() {
    return "r" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  private static int hello(RunningExample instance, String access) throws Exception {
    return instance.http().get("/api/hello/", access).status();
  }

  @Test
  void theHostsRouteRefusesTheTokenAfterLogoutPasswordChangeAndRevocation() throws Exception {
    TokenPair loggedOut = signedIn(email());
    assertThat(hello(one, loggedOut.accessToken())).isEqualTo(200);
    assertThat(one.http().post("/auth/logout/", null, loggedOut.accessToken()).status())
        .isEqualTo(200);
    assertThat(hello(one, loggedOut.accessToken())).isEqualTo(401);

    TokenPair before = signedIn(email());
    assertThat(hello(one, before.accessToken())).isEqualTo(200);
    Gatehouse gatehouse = one.bean(Gatehouse.class);
    VerifiedAccessToken caller = gatehouse.sessions().verifyAccessToken(before.accessToken());
    gatehouse.accounts().changePassword(caller.userPublicId(), PASSWORD, "amber-canyon-4410-x");
    assertThat(hello(one, before.accessToken())).isEqualTo(401);

    TokenPair revoked = signedIn(email());
    assertThat(hello(one, revoked.accessToken())).isEqualTo(200);
    VerifiedAccessToken t = gatehouse.sessions().verifyAccessToken(revoked.accessToken());
    gatehouse.sessions().revokeSession(t.userPublicId(), t.sessionId());
    assertThat(hello(one, revoked.accessToken())).isEqualTo(401);
  }

  @Test
  void aLogoutOnOneInstanceIsRefusedOnTheOtherAfterItsNextLook() throws Exception {
    TokenPair pair = signedIn(email());
    assertThat(hello(one, pair.accessToken())).isEqualTo(200);
    assertThat(hello(two, pair.accessToken())).isEqualTo(200);
    assertThat(one.http().post("/auth/logout/", null, pair.accessToken()).status()).isEqualTo(200);
    assertThat(hello(one, pair.accessToken())).isEqualTo(401);
    // The second instance looked a moment ago; its next look, one interval later, sees it.
    MutableClock clock = two.bean(MutableClock.class);
    assertThat(hello(two, pair.accessToken())).isEqualTo(200);
    clock.advance(Duration.ofSeconds(2));
    assertThat(hello(two, pair.accessToken())).isEqualTo(401);
  }
}
