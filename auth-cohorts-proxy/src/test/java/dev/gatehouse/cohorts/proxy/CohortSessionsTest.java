package dev.gatehouse.cohorts.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.cohorts.CohortMember;
import dev.gatehouse.cohorts.CohortRule;
import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.cohorts.CohortState;
import dev.gatehouse.cohorts.Cohorts;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.legacy.LegacySettings;
import dev.gatehouse.legacy.LegacyWriteBack;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.SimpleJwtVectors;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No one signed out by a step, either way (issue 76, item 4), through the forwarding: a user whose
 * cohort moves forward keeps their simplejwt session (Gatehouse carries the legacy refresh token
 * over at its refresh route, here Gatehouse's real {@code SessionService#refresh}), and a user
 * whose cohort moves back keeps the session Gatehouse gave them (its refresh tokens are
 * simplejwt's, {@code gatehouse.legacy.simplejwt.issue-refresh-tokens}, which the legacy system's
 * refresh, here a stand-in that checks the signature, type and expiry as simplejwt does, takes).
 * Another cohort's user is served by the legacy system throughout.
 */
class CohortSessionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SimpleJwtVectors.Case SEVEN = SimpleJwtVectors.get("secret_key");
  private static final SimpleJwtVectors.Case TWELVE = SimpleJwtVectors.get("secret_key_other_user");
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.7");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path tomcatDir;

  private static final String PASSWORD = "a-long-password-1";
  private final MutableClock clock = MutableClock.at(SEVEN.issuedAt().plusSeconds(60));
  private final Map<String, UUID> accounts = new LinkedHashMap<>();
  private HttpServer legacy;
  private Tomcat tomcat;
  private Gatehouse gatehouse;
  private InMemoryAuthStore store;
  private URI base;

  /** The legacy system's refresh view, as simplejwt checks a refresh token. */
  private void legacyRefresh(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("served_by", "legacy");
    int status = 401;
    try {
      SignedJWT jwt = SignedJWT.parse(body.get("refresh").asText());
      if (jwt.verify(new MACVerifier(SimpleJwtVectors.SECRET_KEY.getBytes(StandardCharsets.UTF_8)))
          && "refresh".equals(jwt.getJWTClaimsSet().getClaim("token_type"))
          && jwt.getJWTClaimsSet().getExpirationTime().toInstant().isAfter(clock.instant())) {
        status = 200;
        answer.put("user_id", String.valueOf(jwt.getJWTClaimsSet().getClaim("user_id")));
      }
    } catch (Exception e) {
      answer.put("error", "token_not_valid");
    }
    byte[] bytes = JSON.writeValueAsBytes(answer);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** Gatehouse's refresh route, reduced to the service call it makes. */
  private final class GatehouseRefresh extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      JsonNode body = JSON.readTree(req.getInputStream().readAllBytes());
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("served_by", "gatehouse");
      try {
        TokenPair pair = gatehouse.sessions().refresh(body.get("refresh").asText(), CLIENT);
        answer.put("refresh", pair.refreshToken());
        res.setStatus(200);
      } catch (AuthException e) {
        answer.put("error", e.error().code());
        res.setStatus(401);
      }
      res.setContentType("application/json");
      JSON.writeValue(res.getOutputStream(), answer);
    }
  }

  private void start() throws Exception {
    // The JDK's server writes an answer's head and body apart: without TCP_NODELAY a client's
    // delayed acknowledgement adds 40 ms to each direct call, which would be measured as the
    // legacy system's time.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    legacy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    legacy.createContext("/", this::legacyRefresh);
    legacy.start();

    LegacyAccountResolver resolver =
        new LegacyAccountResolver() {
          @Override
          public Optional<UUID> accountOf(String legacyUserId) {
            return Optional.ofNullable(accounts.get(legacyUserId));
          }

          @Override
          public Optional<String> legacyUserIdOf(UUID account) {
            return accounts.entrySet().stream()
                .filter(e -> e.getValue().equals(account))
                .map(Map.Entry::getKey)
                .findFirst();
          }
        };
    GatehouseConfig config =
        GatehouseConfig.builder()
            .clock(clock)
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example.test"))
            .set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, SimpleJwtVectors.SECRET_KEY)
            .set(LegacySettings.LEGACY_SIMPLEJWT_UNTIL, SEVEN.issuedAt().plus(Duration.ofDays(7)))
            .set(LegacySettings.LEGACY_WRITE_BACK_UNTIL, SEVEN.issuedAt().plus(Duration.ofDays(30)))
            .set(LegacySettings.LEGACY_SIMPLEJWT_ISSUE_REFRESH_TOKENS, true)
            // Cheap hashes: the passwords here only let the accounts change them.
            .set(PasswordSettings.ARGON2_MEMORY_KIB, 7168)
            .set(PasswordSettings.ARGON2_ITERATIONS, 1)
            .build();
    store = new InMemoryAuthStore();
    CohortRule rule = CohortRule.builder().legacyIds("seven", "7").rest("others").build();
    gatehouse =
        Gatehouse.builder(config, store)
            .legacyAccounts(resolver)
            .install(new LegacyCutOver().writeBack(new NoLegacyStore()))
            .install(new Cohorts(rule))
            .dispatchDeliveries(false)
            .build();
    for (String legacyId : List.of("7", "12")) {
      accounts.put(
          legacyId,
          store.inTransaction(
              tx ->
                  AccountFactory.of(config)
                      .create(
                          tx,
                          UserRecord.newAccount(clock.instant())
                              .email(
                                  "u" + legacyId + "@example.com", "u" + legacyId + "@example.com")
                              .passwordHash(gatehouse.passwordHashing().hash(PASSWORD))
                              .verified(true)
                              .build())
                      .publicId()));
    }
    LegacyDirectory directory =
        new LegacyDirectory() {
          @Override
          public Optional<CohortMember> byIdentifier(String identifier) {
            return Optional.empty();
          }

          @Override
          public Optional<CohortMember> byLegacyToken(String token) {
            // As the legacy system checks it: simplejwt's key (Gatehouse's legacy-format refresh
            // tokens are signed with it too).
            try {
              SignedJWT jwt = SignedJWT.parse(token);
              if (!jwt.verify(
                  new MACVerifier(SimpleJwtVectors.SECRET_KEY.getBytes(StandardCharsets.UTF_8)))) {
                return Optional.empty();
              }
              Object id = jwt.getJWTClaimsSet().getClaim("user_id");
              return id == null ? Optional.empty() : byLegacyId(String.valueOf(id));
            } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
              return Optional.empty();
            }
          }

          @Override
          public Optional<CohortMember> byLegacyLink(String route, String uid, String token) {
            return Optional.empty();
          }

          @Override
          public Optional<CohortMember> byLegacyId(String legacyId) {
            return accounts.containsKey(legacyId)
                ? Optional.of(CohortMember.of(legacyId, null))
                : Optional.empty();
          }

          @Override
          public Optional<CohortMember> byAccount(UUID account) {
            return resolver.legacyUserIdOf(account).flatMap(this::byLegacyId);
          }
        };
    CohortForwarding forwarding =
        CohortForwarding.builder(
                gatehouse.feature(CohortService.class),
                URI.create("http://127.0.0.1:" + legacy.getAddress().getPort()),
                directory)
            .sessions(gatehouse.sessions())
            .build();
    tomcat = new Tomcat();
    tomcat.setBaseDir(tomcatDir.toString());
    tomcat.setPort(0);
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "gatehouse", new GatehouseRefresh());
    context.addServletMappingDecoded("/", "gatehouse");
    FilterDef def = new FilterDef();
    def.setFilterName("cohorts");
    def.setFilter(forwarding);
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("cohorts");
    map.addURLPattern("/*");
    context.addFilterMap(map);
    tomcat.getConnector();
    tomcat.start();
    base = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
    if (legacy != null) {
      legacy.stop(0);
    }
    if (gatehouse != null) {
      gatehouse.close();
    }
  }

  /** A write-back target that takes every change: the journal is not what this test is about. */
  private static final class NoLegacyStore implements LegacyWriteBack {
    @Override
    public String name() {
      return "none";
    }

    @Override
    public String hashPassword(String rawPassword) {
      return "!";
    }

    @Override
    public Result apply(LegacyChange change) {
      return Result.applied();
    }
  }

  private JsonNode refresh(String token, int status) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/auth/token/refresh/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"refresh\":\"" + token + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  private void move(VerifiedAccessToken staff, CohortState to) {
    gatehouse.feature(CohortService.class).move(staff, "seven", to, "step", CLIENT);
  }

  private VerifiedAccessToken staff() {
    UUID id =
        store.inTransaction(
            tx ->
                AccountFactory.of(gatehouse.config())
                    .create(
                        tx,
                        UserRecord.newAccount(clock.instant())
                            .email("ops@example.com", "ops@example.com")
                            .verified(true)
                            .staff(true)
                            .build())
                    .publicId());
    return gatehouse
        .sessions()
        .verifyAccessToken(
            store
                .inTransaction(tx -> gatehouse.sessions().start(tx, id, List.of("pwd"), CLIENT))
                .accessToken());
  }

  @Test
  void aStepForwardAndAStepBackSignNoOneOut() throws Exception {
    start();
    VerifiedAccessToken staff = staff();

    // Before any step: both users' simplejwt sessions are the legacy system's.
    assertThat(refresh(SEVEN.refresh(), 200).get("served_by").asText()).isEqualTo("legacy");
    assertThat(refresh(TWELVE.refresh(), 200).get("served_by").asText()).isEqualTo("legacy");

    // Forward: user 7's legacy refresh token is carried over by Gatehouse, no sign-in.
    move(staff, CohortState.GATEHOUSE);
    JsonNode carried = refresh(SEVEN.refresh(), 200);
    assertThat(carried.get("served_by").asText()).isEqualTo("gatehouse");
    String gatehouseToken = carried.get("refresh").asText();
    clock.advance(Duration.ofMinutes(5));
    JsonNode rotated = refresh(gatehouseToken, 200);
    assertThat(rotated.get("served_by").asText()).isEqualTo("gatehouse");
    gatehouseToken = rotated.get("refresh").asText();
    assertThat(refresh(TWELVE.refresh(), 200).get("served_by").asText()).isEqualTo("legacy");

    // Back: the session Gatehouse gave user 7 is the legacy system's to refresh, no sign-in.
    move(staff, CohortState.LEGACY);
    JsonNode back = refresh(gatehouseToken, 200);
    assertThat(back.get("served_by").asText()).isEqualTo("legacy");
    assertThat(back.get("user_id").asText()).isEqualTo("7");

    // Forward again: the same session is Gatehouse's again.
    move(staff, CohortState.GATEHOUSE);
    assertThat(refresh(gatehouseToken, 200).get("served_by").asText()).isEqualTo("gatehouse");
    assertThat(refresh(TWELVE.refresh(), 200).get("served_by").asText()).isEqualTo("legacy");
  }

  @Test
  void theWayBackStaysOpenBeyondItsWindowWhileAnyCohortIsOnTheLegacySystem() throws Exception {
    start();
    // Past the write-back window: only the cohorts keep it open.
    clock.advance(Duration.ofDays(31));
    VerifiedAccessToken staff = staff();
    UUID seven = accounts.get("7");
    gatehouse.accounts().changePassword(seven, PASSWORD, "a-long-password-2");
    assertThat(gatehouse.status().writeBackPending())
        .as("journaled while both cohorts are on the legacy system")
        .isEqualTo(1);

    move(staff, CohortState.GATEHOUSE);
    gatehouse.accounts().changePassword(seven, "a-long-password-2", "a-long-password-3");
    assertThat(gatehouse.status().writeBackPending())
        .as("the other cohort is still on the legacy system")
        .isEqualTo(2);

    gatehouse
        .feature(CohortService.class)
        .move(staff, "others", CohortState.GATEHOUSE, "last", CLIENT);
    gatehouse.accounts().changePassword(seven, "a-long-password-3", "a-long-password-4");
    assertThat(gatehouse.status().writeBackPending())
        .as("every cohort is on Gatehouse: nothing more goes back")
        .isEqualTo(2);
  }
}
