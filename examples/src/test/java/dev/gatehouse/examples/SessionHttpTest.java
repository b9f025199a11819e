package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.NewAccount;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.examples.HttpClientSupport.Reply;
import dev.gatehouse.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token layer over HTTP: a guarded endpoint, refresh with rotation and reuse, /me, profiles,
 * logout.
 */
class SessionHttpTest {
  private static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-05-01T08:00:00Z"));
  private static ExampleApplication app;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() throws Exception {
    app =
        ExampleApplication.start(
            Map.of(
                "PORT", "0", "GATEHOUSE_DB_URL", "jdbc:h2:mem:session-http-test;DB_CLOSE_DELAY=-1"),
            b -> b.clock(CLOCK).set(GatehouseConfig.PROFILE_ROLES, List.of("client", "provider")),
            null);
    http = new HttpClientSupport(app.port());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** A signed-in user, created through the library (the login routes have their own tests). */
  private static TokenPair signedIn() {
    return app.store()
        .inTransaction(
            tx -> {
              String email = "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
              UserRecord u =
                  AccountFactory.of(app.gatehouse().config())
                      .create(
                          tx,
                          NewAccount.builder(CLOCK.instant())
                              .email(email, email)
                              .verified(true)
                              .build());
              return app.gatehouse()
                  .sessions()
                  .start(tx, u.publicId(), List.of("pwd"), ClientInfo.web("203.0.113.7"));
            });
  }

  @Test
  void theHostsOwnEndpointAdmitsOnlyAValidAccessToken() throws Exception {
    TokenPair pair = signedIn();
    Reply ok = http.get("/api/hello/", pair.accessToken());
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.text("user")).isNotBlank();
    for (String bad :
        new String[] {null, "garbage", pair.accessToken() + "x", pair.refreshToken()}) {
      Reply r = http.get("/api/hello/", bad);
      assertThat(r.status()).as("token %s", bad).isEqualTo(401);
      assertThat(r.text("error")).isEqualTo("invalid_token");
    }
  }

  @Test
  void refreshRotatesAndAReplayedTokenKillsTheSession() throws Exception {
    TokenPair pair = signedIn();
    Reply first =
        http.post("/auth/token/refresh/", "{\"refreshToken\":\"" + pair.refreshToken() + "\"}");
    assertThat(first.status()).isEqualTo(200);
    String next = first.text("refreshToken");
    assertThat(next).isNotEqualTo(pair.refreshToken());
    assertThat(first.text("accessToken")).isNotBlank();
    Reply replay =
        http.post("/auth/token/refresh/", "{\"refreshToken\":\"" + pair.refreshToken() + "\"}");
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.text("error")).isEqualTo("invalid_refresh_token");
    // The whole family is revoked: the successor is dead too.
    assertThat(http.post("/auth/token/refresh/", "{\"refreshToken\":\"" + next + "\"}").status())
        .isEqualTo(401);
  }

  @Test
  void anExpiredAccessTokenIsRefusedAndARefreshedOneIsAccepted() throws Exception {
    TokenPair pair = signedIn();
    CLOCK.advance(Duration.ofMinutes(10));
    try {
      assertThat(http.get("/api/hello/", pair.accessToken()).status()).isEqualTo(401);
      Reply refreshed =
          http.post("/auth/token/refresh/", "{\"refreshToken\":\"" + pair.refreshToken() + "\"}");
      assertThat(refreshed.status()).isEqualTo(200);
      assertThat(http.get("/api/hello/", refreshed.text("accessToken")).status()).isEqualTo(200);
    } finally {
      CLOCK.advance(Duration.ofMinutes(-10));
    }
  }

  @Test
  void meProfilesAndSwitchingCarryTheProfileClaim() throws Exception {
    TokenPair pair = signedIn();
    Reply me = http.get("/auth/me/?client=web", pair.accessToken());
    assertThat(me.status()).isEqualTo(200);
    Reply created =
        http.post(
            "/auth/profiles/", "{\"role\":\"provider\",\"label\":\"Shop\"}", pair.accessToken());
    assertThat(created.status()).isEqualTo(201);
    long id = created.json().get("id").asLong();
    Reply badRole = http.post("/auth/profiles/", "{\"role\":\"emperor\"}", pair.accessToken());
    assertThat(badRole.status()).isEqualTo(400);
    Reply switched =
        http.post("/auth/profile/switch/", "{\"profileId\":" + id + "}", pair.accessToken());
    assertThat(switched.status()).isEqualTo(200);
    Reply hello = http.get("/api/hello/", switched.text("accessToken"));
    assertThat(hello.text("profile")).isEqualTo(Long.toString(id));
    // Another user's profile is simply not found.
    TokenPair stranger = signedIn();
    Reply foreign =
        http.post("/auth/profile/switch/", "{\"profileId\":" + id + "}", stranger.accessToken());
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(
            http.send("DELETE", "/auth/profiles/" + id + "/", null, stranger.accessToken())
                .status())
        .isEqualTo(404);
  }

  @Test
  void logoutEndsTheSessionAndSessionsAreListed() throws Exception {
    TokenPair pair = signedIn();
    Reply list = http.get("/auth/sessions/", pair.accessToken());
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().size()).isEqualTo(1);
    assertThat(http.post("/auth/logout/", null, pair.accessToken()).status()).isEqualTo(200);
    assertThat(
            http.post("/auth/token/refresh/", "{\"refreshToken\":\"" + pair.refreshToken() + "\"}")
                .status())
        .isEqualTo(401);
  }

  @Test
  void malformedRequestsGetTypedErrors() throws Exception {
    assertThat(http.post("/auth/token/refresh/", "{not json").text("error"))
        .isEqualTo("malformed_json");
    assertThat(http.post("/auth/token/refresh/", "{\"refreshToken\":[\"a\"]}").text("error"))
        .isEqualTo("invalid_field");
    assertThat(http.post("/auth/token/refresh/", "{}").text("error")).isEqualTo("missing_field");
    assertThat(http.post("/auth/token/refresh/", "{\"refreshToken\":\"never-issued\"}").status())
        .isEqualTo(401);
  }
}
