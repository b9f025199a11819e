package dev.gatehouse.cohorts.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.cohorts.CohortMember;
import dev.gatehouse.cohorts.CohortRule;
import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.cohorts.CohortSignals;
import dev.gatehouse.cohorts.CohortState;
import dev.gatehouse.cohorts.Cohorts;
import dev.gatehouse.cohorts.Server;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.testing.InMemoryAuthStore;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every flow through the one base URL (issue 96, items 1, 2 and 5), over real HTTP: a Tomcat with
 * the filter in front of a stand-in for Gatehouse's contract, a legacy system that says it
 * answered, and a real Gatehouse with the cohorts module deciding. MIGRATION.md's routing table is
 * read and checked against the contract's route list (docs/HTTP.md's generated jb-drf-auth table)
 * and the cohorts module's routes: a route without a row fails, and each row is walked with the
 * credential its routing reads, for a user of a legacy cohort and for one of Gatehouse's.
 */
class CohortRoutingTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.8");
  private static final Path MIGRATION_MD = Path.of("..", "docs", "MIGRATION.md");
  private static final Path HTTP_MD = Path.of("..", "docs", "HTTP.md");
  private static final byte[] LEGACY_KEY =
      "the-legacy-system-s-signing-key-9876543210".getBytes(StandardCharsets.UTF_8);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path tomcatDir;

  private static final Map<String, CohortMember> BY_IDENTIFIER = new LinkedHashMap<>();
  private static final Map<String, CohortMember> BY_LEGACY_ID = new LinkedHashMap<>();
  private static final Map<UUID, CohortMember> BY_ACCOUNT = new LinkedHashMap<>();
  private static final List<Tomcat> TOMCATS = new ArrayList<>();

  private static HttpServer legacy;
  private static Gatehouse gatehouse;
  private static InMemoryAuthStore store;
  private static CohortForwarding forwarding;
  private static URI base;
  private static UUID ops;
  private static UUID legacyStaff;

  /**
   * The directory: a legacy token verifies under the legacy key; a link is a stand-in of Django's
   * (the account's key in base64, an HMAC of the route and the key under the legacy key), verified
   * the same way.
   */
  private static final LegacyDirectory DIRECTORY =
      new LegacyDirectory() {
        @Override
        public Optional<CohortMember> byIdentifier(String identifier) {
          return Optional.ofNullable(BY_IDENTIFIER.get(identifier));
        }

        @Override
        public Optional<CohortMember> byLegacyToken(String token) {
          try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new MACVerifier(LEGACY_KEY))) {
              return Optional.empty();
            }
            return Optional.ofNullable(jwt.getJWTClaimsSet().getClaim("user_id"))
                .flatMap(id -> byLegacyId(String.valueOf(id)));
          } catch (java.text.ParseException | JOSEException e) {
            return Optional.empty();
          }
        }

        @Override
        public Optional<CohortMember> byLegacyLink(String route, String uid, String token) {
          String id;
          try {
            id = new String(Base64.getUrlDecoder().decode(uid), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            return Optional.empty();
          }
          return java.security.MessageDigest.isEqual(
                  link(route, id).getBytes(StandardCharsets.UTF_8),
                  token.getBytes(StandardCharsets.UTF_8))
              ? byLegacyId(id)
              : Optional.empty();
        }

        @Override
        public Optional<CohortMember> byLegacyId(String legacyId) {
          return Optional.ofNullable(BY_LEGACY_ID.get(legacyId));
        }

        @Override
        public Optional<CohortMember> byAccount(UUID account) {
          return Optional.ofNullable(BY_ACCOUNT.get(account));
        }
      };

  private static String link(String route, String legacyId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(LEGACY_KEY, "HmacSHA256"));
      return "cr8x4-"
          + HexFormat.of()
              .formatHex(mac.doFinal((route + "|" + legacyId).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void legacyAccount(String legacyId, String email) {
    CohortMember m = CohortMember.of(legacyId, email);
    BY_IDENTIFIER.put(email, m);
    BY_LEGACY_ID.put(legacyId, m);
  }

  @BeforeAll
  static void start() throws Exception {
    legacyAccount("11", "ana@old.test");
    legacyAccount("12", "ben@new.test");
    legacyAccount("13", "cy@down.test");
    legacyAccount("100", "lee@staff.test");
    legacy = legacySystem();

    GatehouseConfig config =
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-9876543210")
            .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example.test"))
            .build();
    store = new InMemoryAuthStore();
    LegacyAccountResolver mapping =
        new LegacyAccountResolver() {
          @Override
          public Optional<UUID> accountOf(String legacyUserId) {
            return BY_ACCOUNT.entrySet().stream()
                .filter(e -> e.getValue().legacyId().equals(legacyUserId))
                .map(Map.Entry::getKey)
                .findFirst();
          }

          @Override
          public Optional<String> legacyUserIdOf(UUID account) {
            return Optional.ofNullable(BY_ACCOUNT.get(account)).map(CohortMember::legacyId);
          }
        };
    CohortRule rule =
        CohortRule.builder()
            .legacyIds("staff", "100")
            .startOnGatehouse("staff")
            .emailDomains("old", "old.test")
            .emailDomains("new", "new.test")
            .emailDomains("down", "down.test")
            .rest("others")
            .build();
    gatehouse =
        Gatehouse.builder(config, store).legacyAccounts(mapping).install(new Cohorts(rule)).build();
    // An operator's account created on Gatehouse only, and a staff member's legacy account that
    // the import made a Gatehouse account of.
    ops = account(config, "ops@example.com", true);
    legacyStaff = account(config, "lee@staff.test", true);
    BY_ACCOUNT.put(legacyStaff, BY_LEGACY_ID.get("100"));
    UUID bens = account(config, "ben@new.test", false);
    BY_ACCOUNT.put(bens, BY_LEGACY_ID.get("12"));
    // The first step, taken by the operator: "new" is Gatehouse's.
    gatehouse
        .feature(CohortService.class)
        .move(
            gatehouse.sessions().verifyAccessToken(accessToken(ops)),
            "new",
            CohortState.GATEHOUSE,
            "the test's cohort on Gatehouse",
            CLIENT);

    forwarding =
        CohortForwarding.builder(
                gatehouse.feature(CohortService.class),
                URI.create("http://127.0.0.1:" + legacy.getAddress().getPort()),
                DIRECTORY)
            .sessions(gatehouse.sessions())
            .build();
    base = serve(forwarding);
  }

  private static UUID account(GatehouseConfig config, String email, boolean staff) {
    return store.inTransaction(
        tx ->
            AccountFactory.of(config)
                .create(
                    tx,
                    UserRecord.newAccount(Clock.systemUTC().instant())
                        .email(email, email)
                        .verified(true)
                        .staff(staff)
                        .build())
                .publicId());
  }

  /** A legacy system that says it answered, with 200. */
  private static HttpServer legacySystem() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] answer = "{\"served_by\":\"legacy\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    return server;
  }

  /** A Tomcat with the filter in front of the stand-in for Gatehouse's contract. */
  private static URI serve(CohortForwarding filter) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(tomcatDir.resolve("t" + TOMCATS.size()).toString());
    tomcat.setPort(0);
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "gatehouse", new GatehouseStandIn());
    context.addServletMappingDecoded("/", "gatehouse");
    FilterDef def = new FilterDef();
    def.setFilterName("cohorts");
    def.setFilter(filter);
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("cohorts");
    map.addURLPattern("/*");
    context.addFilterMap(map);
    tomcat.getConnector();
    tomcat.start();
    TOMCATS.add(tomcat);
    return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
  }

  @AfterAll
  static void stop() throws Exception {
    for (Tomcat t : TOMCATS) {
      t.stop();
      t.destroy();
    }
    legacy.stop(0);
    gatehouse.close();
  }

  /** Gatehouse's contract, reduced to saying it answered. */
  static final class GatehouseStandIn extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      req.getInputStream().readAllBytes();
      byte[] answer = "{\"served_by\":\"gatehouse\"}".getBytes(StandardCharsets.UTF_8);
      res.setStatus(200);
      res.setContentType("application/json");
      res.setContentLength(answer.length);
      res.getOutputStream().write(answer);
    }
  }

  private static String accessToken(UUID account) {
    return store.inTransaction(
        tx -> gatehouse.sessions().start(tx, account, List.of("pwd"), CLIENT).accessToken());
  }

  /** A legacy JWT of the legacy account, signed with the legacy system's key. */
  private static String legacyToken(String legacyId) throws Exception {
    JWSObject jws =
        new JWSObject(
            new JWSHeader(JWSAlgorithm.HS256),
            new Payload(Map.of("user_id", Long.parseLong(legacyId), "token_type", "access")));
    jws.sign(new MACSigner(LEGACY_KEY));
    return jws.serialize();
  }

  private static HttpResponse<String> send(
      URI at, String method, String path, String body, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(at.resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .method(
                method,
                method.equals("GET")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String servedBy(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("served_by").asText();
  }

  /** The routing table of MIGRATION.md: each route (under the base path) with its routing. */
  private static Map<String, Routing> documentedRouting() throws IOException {
    String md = Files.readString(MIGRATION_MD, StandardCharsets.UTF_8).replace("\r\n", "\n");
    int from = md.indexOf("<!-- cohort routing (checked by CohortRoutingTableTest) -->");
    assertThat(from).as("the routing table's marker in MIGRATION.md").isNotNegative();
    int to = md.indexOf("<!-- end cohort routing -->", from);
    Map<String, Routing> rows = new TreeMap<>();
    Matcher m =
        Pattern.compile("(?m)^\\| ((?:`[^`]+`(?:, )?)+) \\| ([A-Z_]+) \\|")
            .matcher(md.substring(from, to));
    while (m.find()) {
      Matcher route = Pattern.compile("`([^`]+)`").matcher(m.group(1));
      while (route.find()) {
        assertThat(rows.put(route.group(1), Routing.valueOf(m.group(2))))
            .as(route.group(1))
            .isNull();
      }
    }
    return rows;
  }

  /** Every route under the base path: the jb-drf-auth contract's and the cohorts module's. */
  private static Map<String, String> contractRoutes() throws IOException {
    String md = Files.readString(HTTP_MD, StandardCharsets.UTF_8).replace("\r\n", "\n");
    int from = md.indexOf("<!-- routes: jb-drf-auth (generated");
    int to = md.indexOf("<!-- end routes -->", from);
    Map<String, String> routes = new TreeMap<>();
    Matcher m =
        Pattern.compile("(?m)^\\| ([A-Z]+) \\| `/auth/([^`]*)` \\|")
            .matcher(md.substring(from, to));
    while (m.find()) {
      routes.putIfAbsent(m.group(2), m.group(1));
    }
    for (ModuleRoute<?> r :
        new Cohorts(CohortRule.builder().rest("x").build()).manifest().routes()) {
      routes.putIfAbsent(r.path().substring(1), r.method());
    }
    return routes;
  }

  @Test
  void everyRouteOfTheContractHasARowOfTheRoutingTableAndEveryRowIsHowTheFilterDecides()
      throws Exception {
    Map<String, String> routes = contractRoutes();
    Map<String, Routing> rows = documentedRouting();
    assertThat(routes).hasSizeGreaterThan(30);
    assertThat(new TreeSet<>(rows.keySet())).isEqualTo(new TreeSet<>(routes.keySet()));
    for (Map.Entry<String, Routing> row : rows.entrySet()) {
      String route = row.getKey().replaceAll("\\{[^}]+}", "old");
      assertThat(forwarding.routing(route)).as(row.getKey()).isEqualTo(row.getValue());
    }
  }

  @Test
  void eachRowOfTheTableSendsALegacyCohortsUserToTheLegacySystemAndOthersToGatehouse()
      throws Exception {
    String anasToken = legacyToken("11");
    String bensToken = legacyToken("12");
    for (Map.Entry<String, Routing> row : documentedRouting().entrySet()) {
      String route = row.getKey().replaceAll("\\{[^}]+}", "old");
      String method = contractRoutes().get(row.getKey());
      String path = "/auth/" + route;
      String what = method + " " + path + " (" + row.getValue() + ")";
      switch (row.getValue()) {
        case IDENTIFIER -> {
          assertThat(servedBy(send(base, method, path, identifier("ana@old.test"), null)))
              .as(what)
              .isEqualTo("legacy");
          assertThat(servedBy(send(base, method, path, identifier("ben@new.test"), null)))
              .as(what)
              .isEqualTo("gatehouse");
          // The operator exists on Gatehouse only: Gatehouse signs them in from step 0.
          assertThat(servedBy(send(base, method, path, identifier("ops@example.com"), null)))
              .as(what)
              .isEqualTo("gatehouse");
        }
        case REFRESH_TOKEN -> {
          assertThat(servedBy(send(base, method, path, refresh(anasToken), null)))
              .as(what)
              .isEqualTo("legacy");
          assertThat(servedBy(send(base, method, path, refresh(bensToken), null)))
              .as(what)
              .isEqualTo("gatehouse");
        }
        case LINK -> {
          // The legacy system's link goes to it, whatever the cohort's state: Ben's cohort is
          // Gatehouse's, but the link was mailed by the legacy system before the step.
          for (String id : List.of("11", "12")) {
            assertThat(servedBy(send(base, method, path, link(route, id, link(route, id)), null)))
                .as(what)
                .isEqualTo("legacy");
          }
          // A link the legacy system did not issue (Gatehouse's, or forged) is Gatehouse's to
          // take or refuse; a legacy link of another route is not this route's.
          assertThat(servedBy(send(base, method, path, link(route, "11", "gh-abc"), null)))
              .as(what)
              .isEqualTo("gatehouse");
          assertThat(
                  servedBy(
                      send(base, method, path, link(route, "11", link("elsewhere/", "11")), null)))
              .as(what)
              .isEqualTo("gatehouse");
        }
        case GATEHOUSE ->
            assertThat(servedBy(send(base, method, path, "{}", "Bearer " + anasToken)))
                .as(what)
                .isEqualTo("gatehouse");
        case BEARER -> {
          assertThat(servedBy(send(base, method, path, "{}", "Bearer " + anasToken)))
              .as(what)
              .isEqualTo("legacy");
          assertThat(servedBy(send(base, method, path, "{}", "Bearer " + bensToken)))
              .as(what)
              .isEqualTo("gatehouse");
          assertThat(servedBy(send(base, method, path, "{}", "Bearer " + accessToken(ops))))
              .as(what)
              .isEqualTo("gatehouse");
        }
      }
    }
  }

  private static String identifier(String email) {
    return "{\"login\":\"" + email + "\",\"email\":\"" + email + "\",\"password\":\"x\"}";
  }

  private static String refresh(String token) {
    return "{\"refresh\":\"" + token + "\"}";
  }

  private static String link(String route, String legacyId, String token) {
    return "{\"uid\":\""
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(legacyId.getBytes(StandardCharsets.UTF_8))
        + "\",\"token\":\""
        + token
        + "\",\"new_password\":\"a-new-password-1\",\"new_password_confirm\":\"a-new-password-1\"}";
  }

  @Test
  void operatorsAndStaffAreServedByGatehouseFromTheFirstStepAndTakeStepsThroughTheBaseUrl()
      throws Exception {
    CohortService cohorts = gatehouse.feature(CohortService.class);
    // The staff cohort starts on Gatehouse; the others on the legacy system until a step.
    assertThat(cohorts.state("staff")).isEqualTo(CohortState.GATEHOUSE);
    assertThat(cohorts.state("old")).isEqualTo(CohortState.LEGACY);
    assertThat(cohorts.forSignIn(BY_LEGACY_ID.get("100"))).isEqualTo(Server.GATEHOUSE);
    assertThat(cohorts.forUnknown("ops@example.com")).isEqualTo(Server.GATEHOUSE);
    assertThat(cohorts.forUnknown("OPS@Example.com ")).isEqualTo(Server.GATEHOUSE);

    // A staff member's legacy account, in the staff cohort: a sign-in on Gatehouse.
    assertThat(
            servedBy(send(base, "POST", "/auth/login/basic/", identifier("lee@staff.test"), null)))
        .isEqualTo("gatehouse");
    // A step through the base URL, with either one's Gatehouse token: Gatehouse's route.
    for (UUID who : List.of(ops, legacyStaff)) {
      assertThat(
              servedBy(
                  send(
                      base,
                      "POST",
                      "/auth/cohorts/old/state",
                      "{\"state\":\"MOVING\",\"reason\":\"1 %\"}",
                      "Bearer " + accessToken(who))))
          .isEqualTo("gatehouse");
    }
    // ... even with a legacy user's legacy token, which Gatehouse then refuses.
    assertThat(servedBy(send(base, "GET", "/auth/cohorts", "", "Bearer " + legacyToken("11"))))
        .isEqualTo("gatehouse");
  }

  @Test
  void theLegacySystemDownAnswersItsCohorts503WithRetryAfterCountedAndGatehousesCohortsAsBefore()
      throws Exception {
    HttpServer doomed = legacySystem();
    CohortForwarding filter =
        CohortForwarding.builder(
                gatehouse.feature(CohortService.class),
                URI.create("http://127.0.0.1:" + doomed.getAddress().getPort()),
                DIRECTORY)
            .sessions(gatehouse.sessions())
            .connectTimeout(Duration.ofMillis(300))
            .readTimeout(Duration.ofMillis(500))
            .retryAfter(Duration.ofSeconds(7))
            .build();
    URI at = serve(filter);
    String cysBody = identifier("cy@down.test");
    assertThat(servedBy(send(at, "POST", "/auth/login/basic/", cysBody, null))).isEqualTo("legacy");

    doomed.stop(0);
    HttpResponse<String> signIn = send(at, "POST", "/auth/login/basic/", cysBody, null);
    HttpResponse<String> session = send(at, "GET", "/auth/me/", "", "Bearer " + legacyToken("13"));
    HttpResponse<String> link =
        send(
            at,
            "POST",
            "/auth/password-reset/confirm/",
            link("password-reset/confirm/", "13", link("password-reset/confirm/", "13")),
            null);
    for (HttpResponse<String> r : List.of(signIn, session, link)) {
      assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      assertThat(JSON.readTree(r.body()).get("detail").asText()).contains("unavailable");
      // The host's headers, as on every answer of the contract.
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
    CohortSignals.Signal down =
        gatehouse.feature(CohortSignals.class).read().stream()
            .filter(s -> s.cohort().equals("down"))
            .findFirst()
            .orElseThrow();
    assertThat(down.legacyUnavailable()).isEqualTo(3);
    // A 503 is not a refusal of the user's password.
    assertThat(down.legacyRefusals()).isZero();

    // Gatehouse's cohorts and its own accounts do not notice.
    assertThat(servedBy(send(at, "POST", "/auth/login/basic/", identifier("ben@new.test"), null)))
        .isEqualTo("gatehouse");
    assertThat(servedBy(send(at, "GET", "/auth/me/", "", "Bearer " + accessToken(ops))))
        .isEqualTo("gatehouse");
    assertThat(
            gatehouse.feature(CohortSignals.class).read().stream()
                .filter(s -> !s.cohort().equals("down"))
                .mapToLong(CohortSignals.Signal::legacyUnavailable)
                .sum())
        .isZero();
  }
}
