package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.examples.HttpClientSupport.Reply;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The token layer over HTTP: a guarded endpoint, refresh with rotation and reuse, /me, profiles,
 * logout.
 */
@OneDatabase(
    "the HTTP answers of sessions, one request at a time; the store calls are the contract's")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class SessionHttpTest {
  @Parameter DatabaseKind kind;

  private static RunningExample app;
  private static MutableClock clock;
  private static HttpClientSupport http;

  @BeforeParameterizedClassInvocation
  static void start(DatabaseKind kind) {
    app =
        RunningExample.start(
            kind,
            Map.of("gatehouse.profile.roles", "client,provider"),
            RunningExample.TestClock.class);
    clock = app.bean(MutableClock.class);
    http = app.http();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    app.close();
  }

  /** A signed-in user, created through the library (the login routes have their own tests). */
  private static TokenPair signedIn() {
    Gatehouse gatehouse = app.bean(Gatehouse.class);
    return app.bean(AuthStore.class)
        .inTransaction(
            tx -> {
              String email = "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
              UserRecord u =
                  AccountFactory.of(gatehouse.config())
                      .create(
                          tx,
                          UserRecord.newAccount(clock.instant())
                              .email(email, email)
                              .verified(true)
                              .build());
              return gatehouse
                  .sessions()
                  .start(tx, u.publicId(), List.of("pwd"), ClientInfo.web("203.0.113.7"));
            });
  }

  @Test
  void methodSecurityReadsTheTokensDefaultRolesWithNoCustomizer() throws Exception {
    TokenPair pair = signedIn();
    Reply refused = http.get("/api/staff/", pair.accessToken());
    assertThat(refused.status()).isEqualTo(403);

    Gatehouse gatehouse = app.bean(Gatehouse.class);
    UUID user =
        UUID.fromString(gatehouse.sessions().verifyAccessToken(pair.accessToken()).subject());
    app.bean(AuthStore.class)
        .inTransaction(
            tx ->
                tx.users()
                    .update(
                        tx.users().findByPublicId(user).orElseThrow().toBuilder()
                            .staff(true)
                            .build()));
    // The staff flag reaches the token at its next issue.
    TokenPair staff = gatehouse.sessions().refresh(pair.refreshToken(), ClientInfo.web());
    Reply ok = http.get("/api/staff/", staff.accessToken());
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().get("roles").toString()).isEqualTo("[\"staff\",\"client\"]");
  }

  @Test
  void theHostsOwnEndpointAdmitsOnlyAValidAccessToken() throws Exception {
    TokenPair pair = signedIn();
    Reply ok = http.get("/api/hello/", pair.accessToken());
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.text("user")).isNotBlank();
    Reply none = http.get("/api/hello/", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.code()).isEqualTo("unauthorized");
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    for (String bad : new String[] {"garbage", pair.accessToken() + "x", pair.refreshToken()}) {
      Reply r = http.get("/api/hello/", bad);
      assertThat(r.status()).as("token %s", bad).isEqualTo(401);
      assertThat(r.code()).isEqualTo("invalid_token");
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
    }
  }

  @Test
  void refreshRotatesAndAReplayedTokenKillsTheSession() throws Exception {
    TokenPair pair = signedIn();
    Reply first =
        http.post("/auth/token/refresh/", "{\"refresh\":\"" + pair.refreshToken() + "\"}");
    assertThat(first.status()).isEqualTo(200);
    String next = first.text("refresh");
    assertThat(next).isNotEqualTo(pair.refreshToken());
    assertThat(first.text("access")).isNotBlank();
    Reply replay =
        http.post("/auth/token/refresh/", "{\"refresh\":\"" + pair.refreshToken() + "\"}");
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.code()).isEqualTo("invalid_refresh_token");
    // The whole family is revoked: the successor is dead too.
    assertThat(http.post("/auth/token/refresh/", "{\"refresh\":\"" + next + "\"}").status())
        .isEqualTo(401);
  }

  /**
   * The refresh route's cost over HTTP (docs/BENCHMARKS.md, "Refresh over HTTP"): Spring Security's
   * per-filter and per-decision observations are off, Spring MVC's request observation stays, and
   * the security filters still run (their headers are on the answer). The meters checked are the
   * "active" timers registered when an observation starts, so before the answer is written.
   */
  @Test
  void aRefreshIsObservedPerRequestNotPerSecurityFilterAndKeepsTheSecurityHeaders()
      throws Exception {
    Reply r =
        http.post("/auth/token/refresh/", "{\"refresh\":\"" + signedIn().refreshToken() + "\"}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(r.header("Cache-Control")).contains("no-store");
    List<String> meters =
        app.bean(MeterRegistry.class).getMeters().stream()
            .map(m -> m.getId().getName())
            .distinct()
            .toList();
    assertThat(meters).contains("http.server.requests.active");
    assertThat(meters)
        .noneMatch(n -> n.startsWith("spring.security.filterchains"))
        .noneMatch(n -> n.startsWith("spring.security.authorizations"));
  }

  /**
   * The refresh route writes its answer straight to the servlet response (docs/BENCHMARKS.md,
   * "Refresh over HTTP"): Spring MVC's request observation still times it with the status written,
   * for an answer and for a problem alike. The requests share one keep-alive connection, so when
   * the last is answered the ones before it have left the filter chain and their observations have
   * stopped (Tomcat reads a connection's next request only then).
   */
  @Test
  void aRefreshAndARefusedRefreshAreTimedWithTheirStatus() throws Exception {
    MeterRegistry meters = app.bean(MeterRegistry.class);
    double ok = refreshTimed(meters, "200", "SUCCESS");
    double refused = refreshTimed(meters, "401", "CLIENT_ERROR");
    List<String> statuses =
        keepAlive(
            "{\"refresh\":\"" + signedIn().refreshToken() + "\"}",
            "{\"refresh\":\"never-issued\"}",
            "{\"refresh\":\"never-issued\"}");
    // The last request only waits for the ones before it: its own observation may still run. (A
    // 400 would not do: Tomcat closes the connection after one.) At least, not exactly: a refresh
    // of another test, on another connection, may still be finishing its observation when the
    // counts before are read. A 200 timed with the wrong status would still fail here, or the 401s
    // below would not grow if the 401s were timed as 200s.
    assertThat(statuses).containsExactly("200", "401", "401");
    assertThat(refreshTimed(meters, "200", "SUCCESS")).isGreaterThanOrEqualTo(ok + 1);
    assertThat(refreshTimed(meters, "401", "CLIENT_ERROR")).isGreaterThanOrEqualTo(refused + 1);
  }

  private static double refreshTimed(MeterRegistry meters, String status, String outcome) {
    Timer t =
        meters
            .find("http.server.requests")
            .tags("method", "POST", "uri", "/auth/token/refresh/")
            .tags("status", status, "outcome", outcome)
            .timer();
    return t == null ? 0 : t.count();
  }

  /** Posts each body to the refresh route over one connection; returns the statuses. */
  private static List<String> keepAlive(String... bodies) throws Exception {
    List<String> statuses = new ArrayList<>();
    try (Socket s = new Socket("127.0.0.1", app.port())) {
      InputStream in = s.getInputStream();
      for (String body : bodies) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head =
            "POST /auth/token/refresh/ HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + b.length
                + "\r\n\r\n";
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
        StringBuilder answer = new StringBuilder();
        while (answer.indexOf("\r\n\r\n") < 0) {
          int c = in.read();
          assertThat(c).as("the answer's head ended early: %s", answer).isNotNegative();
          answer.append((char) c);
        }
        Matcher length = Pattern.compile("(?i)\r\nContent-Length: (\\d+)").matcher(answer);
        assertThat(length.find()).as(answer.toString()).isTrue();
        in.readNBytes(Integer.parseInt(length.group(1)));
        statuses.add(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
      }
    }
    return statuses;
  }

  @Test
  void anExpiredAccessTokenIsRefusedAndARefreshedOneIsAccepted() throws Exception {
    TokenPair pair = signedIn();
    clock.advance(Duration.ofMinutes(10));
    try {
      assertThat(http.get("/api/hello/", pair.accessToken()).status()).isEqualTo(401);
      Reply refreshed =
          http.post("/auth/token/refresh/", "{\"refresh\":\"" + pair.refreshToken() + "\"}");
      assertThat(refreshed.status()).isEqualTo(200);
      assertThat(http.get("/api/hello/", refreshed.text("access")).status()).isEqualTo(200);
    } finally {
      clock.advance(Duration.ofMinutes(-10));
    }
  }

  @Test
  void meProfilesAndSwitchingCarryTheProfileClaim() throws Exception {
    TokenPair pair = signedIn();
    Reply me = http.get("/auth/me/?client=web", pair.accessToken());
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().at("/user/id").asText()).isNotBlank();
    assertThat(me.json().at("/user/is_verified").asBoolean()).isTrue();
    assertThat(me.json().get("profiles").isArray()).isTrue();
    Reply created =
        http.post(
            "/auth/profiles/", "{\"role\":\"provider\",\"label\":\"Shop\"}", pair.accessToken());
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.text("role")).isEqualTo("provider");
    assertThat(created.json().get("is_default").isBoolean()).isTrue();
    long id = created.json().get("id").asLong();
    Reply badRole = http.post("/auth/profiles/", "{\"role\":\"emperor\"}", pair.accessToken());
    assertThat(badRole.status()).isEqualTo(400);
    Reply switched =
        http.post("/auth/profile/switch/", "{\"profile_id\":" + id + "}", pair.accessToken());
    assertThat(switched.status()).isEqualTo(200);
    Reply hello = http.get("/api/hello/", switched.text("access"));
    assertThat(hello.text("profile")).isEqualTo(Long.toString(id));
    // Another user's profile is simply not found.
    TokenPair stranger = signedIn();
    Reply foreign =
        http.post("/auth/profile/switch/", "{\"profile_id\":" + id + "}", stranger.accessToken());
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
            http.post("/auth/token/refresh/", "{\"refresh\":\"" + pair.refreshToken() + "\"}")
                .status())
        .isEqualTo(401);
  }

  @Test
  void malformedRequestsGetTypedErrors() throws Exception {
    assertThat(http.post("/auth/token/refresh/", "{not json").code()).isEqualTo("malformed_json");
    assertThat(http.post("/auth/token/refresh/", "{\"refresh\":[\"a\"]}").code())
        .isEqualTo("invalid_field");
    assertThat(http.post("/auth/token/refresh/", "{}").code()).isEqualTo("missing_field");
    assertThat(http.post("/auth/token/refresh/", "{\"refresh\":\"never-issued\"}").status())
        .isEqualTo(401);
  }
}
