package dev.gatehouse.bench;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.bench.ServerSide.Pair;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Keycloak in production mode ({@code kc.sh start --optimized}), its direct grant. */
final class KeycloakSide extends ServerSide {
  private static final int KC_PORT = 18282;
  private static final int KC_MANAGEMENT_PORT = 18283;
  private static final String REALM = "bench";
  private static final String CLIENT = "bench-client";

  private final String db;
  private final String base = "http://127.0.0.1:" + KC_PORT;
  private final String token = base + "/realms/" + REALM + "/protocol/openid-connect/token";

  KeycloakSide(SideBySideSettings s, SideBySidePostgres pg, String db) {
    super(s, pg);
    this.db = db;
  }

  /** How the realm stands on the guards a Gatehouse login always has, for the reports' headers. */
  static String guards(SideBySideSettings s) {
    return s.kcGuards()
        ? "- Keycloak's realm: brute-force detection on and login events (LOGIN, LOGIN_ERROR)"
            + " stored (SBS_KC_GUARDS=true), as a Gatehouse login counts failed attempts and"
            + " writes an audit entry"
        : "- Keycloak's realm: brute-force detection and event storage off, Keycloak's defaults"
            + " (SBS_KC_GUARDS=false); a Gatehouse login still counts failed attempts and writes"
            + " an audit entry";
  }

  @Override
  String name() {
    return SideBySide.KC;
  }

  @Override
  String database() {
    return db;
  }

  @Override
  Server start(int launch) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JAVA_HOME", s.serverJava().getParent().getParent().toString());
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-side-by-side");
    // On Java 24+ Quarkus' thread-local reset needs java.lang opened, or worker threads die
    // with IllegalAccessError (kc.sh 26.4.5 does not add it).
    env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
    Map<String, String> pg = this.pg.parts();
    List<String> cmd = new ArrayList<>();
    cmd.add(s.kcHome().resolve("bin/kc.sh").toString());
    cmd.add("start");
    cmd.add("--optimized");
    cmd.add("--http-enabled=true");
    cmd.add("--http-host=127.0.0.1");
    cmd.add("--http-port=" + KC_PORT);
    cmd.add("--http-management-port=" + KC_MANAGEMENT_PORT);
    cmd.add("--hostname-strict=false");
    cmd.add("--db-url=jdbc:postgresql://" + pg.get("hostPort") + "/" + db);
    cmd.add("--db-username=" + pg.get("user"));
    if (pg.containsKey("password")) {
      cmd.add("--db-password=" + pg.get("password"));
    }
    cmd.add("--spi-password-hashing--argon2--type=id");
    cmd.add("--spi-password-hashing--argon2--memory=" + s.memoryKib());
    cmd.add("--spi-password-hashing--argon2--iterations=" + s.iterations());
    cmd.add("--spi-password-hashing--argon2--parallelism=" + s.parallelism());
    return launch(
        cmd,
        env,
        s.logDir().resolve("keycloak-launch" + launch + ".log"),
        "http://127.0.0.1:" + KC_MANAGEMENT_PORT + "/health/ready",
        true);
  }

  private String adminToken(HttpClient c) throws Exception {
    String body =
        SideBySideHttp.expect(
            c,
            SideBySideHttp.form(
                base + "/realms/master/protocol/openid-connect/token",
                Map.of(
                    "grant_type", "password",
                    "client_id", "admin-cli",
                    "username", "admin",
                    "password", "admin-side-by-side")),
            200);
    return (String) JSONObjectUtils.parse(body).get("access_token");
  }

  @Override
  void prepare(Server server) throws Exception {
    HttpClient c = HttpClient.newHttpClient();
    HttpResponse<String> exists =
        c.send(
            HttpRequest.newBuilder(URI.create(base + "/realms/" + REALM)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (exists.statusCode() == 200) {
      return;
    }
    String admin = adminToken(c);
    Map<String, Object> realm = new LinkedHashMap<>();
    realm.put("id", REALM);
    realm.put("realm", REALM);
    realm.put("enabled", true);
    realm.put("passwordPolicy", "hashAlgorithm(argon2)");
    realm.put("accessTokenLifespan", 3600);
    // Single-use refresh tokens, as Gatehouse's rotation: each refresh revokes the one used.
    realm.put("revokeRefreshToken", true);
    realm.put("refreshTokenMaxReuse", 0);
    realm.put("ssoSessionIdleTimeout", 36000);
    realm.put("ssoSessionMaxLifespan", 72000);
    if (!s.alg().equals("RS256")) {
      realm.put("defaultSignatureAlgorithm", s.alg());
    }
    if (s.kcGuards()) {
      // What a Gatehouse login always does (a failed attempt counted, an audit entry written),
      // so that PostgreSQL's CPU per login compares the same guarantees. Keycloak counts only
      // failures, and every login of this benchmark succeeds, so its default lockout (30
      // failures) is never reached; a lockout would fail the run on a non-200 answer anyway.
      realm.put("bruteForceProtected", true);
      realm.put("permanentLockout", false);
      realm.put("eventsEnabled", true);
      realm.put("enabledEventTypes", List.of("LOGIN", "LOGIN_ERROR"));
      realm.put("adminEventsEnabled", false);
    }
    SideBySideHttp.expect(
        c, SideBySideHttp.admin(admin, "POST", base + "/admin/realms", realm), 201);
    if (!s.alg().equals("RS256")) {
      Map<String, Object> key = new LinkedHashMap<>();
      key.put("name", s.alg() + "-bench");
      key.put("providerId", s.alg().equals("EdDSA") ? "eddsa-generated" : "ecdsa-generated");
      key.put("providerType", "org.keycloak.keys.KeyProvider");
      key.put("parentId", REALM);
      key.put(
          "config",
          s.alg().equals("EdDSA")
              ? Map.of("priority", List.of("200"), "eddsaEllipticCurveKey", List.of("Ed25519"))
              : Map.of("priority", List.of("200"), "ecdsaEllipticCurveKey", List.of("P-256")));
      SideBySideHttp.expect(
          c,
          SideBySideHttp.admin(admin, "POST", base + "/admin/realms/" + REALM + "/components", key),
          201);
    }
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", CLIENT);
    client.put("publicClient", true);
    client.put("directAccessGrantsEnabled", true);
    client.put("standardFlowEnabled", false);
    SideBySideHttp.expect(
        c,
        SideBySideHttp.admin(admin, "POST", base + "/admin/realms/" + REALM + "/clients", client),
        201);
    // The relying party of ProviderSideBySide: the browser's sign-in with a code and PKCE.
    Map<String, Object> rp = new LinkedHashMap<>();
    rp.put("clientId", RP_CLIENT);
    rp.put("publicClient", true);
    rp.put("standardFlowEnabled", true);
    rp.put("directAccessGrantsEnabled", false);
    rp.put("consentRequired", false);
    rp.put("redirectUris", List.of(RP_REDIRECT));
    rp.put("attributes", Map.of("pkce.code.challenge.method", "S256"));
    SideBySideHttp.expect(
        c,
        SideBySideHttp.admin(admin, "POST", base + "/admin/realms/" + REALM + "/clients", rp),
        201);
    // The admin token lives 60 s: a fresh one every 20 s, and once more on a 401.
    String[] holder = {adminToken(c)};
    long[] issued = {System.nanoTime()};
    SideBySideHttp.parallel(
        2,
        s.users(),
        i -> {
          String bearer;
          synchronized (holder) {
            if (System.nanoTime() - issued[0] > Duration.ofSeconds(20).toNanos()) {
              holder[0] = adminToken(c);
              issued[0] = System.nanoTime();
            }
            bearer = holder[0];
          }
          Map<String, Object> u = new LinkedHashMap<>();
          u.put("username", "bench" + i);
          u.put("email", SideBySideHttp.email("bench" + i));
          u.put("emailVerified", true);
          u.put("enabled", true);
          u.put("firstName", "Bench");
          u.put("lastName", "User" + i);
          u.put(
              "credentials",
              List.of(
                  Map.of("type", "password", "value", BenchWorld.PASSWORD, "temporary", false)));
          HttpResponse<String> created =
              c.send(
                  SideBySideHttp.admin(
                      bearer, "POST", base + "/admin/realms/" + REALM + "/users", u),
                  HttpResponse.BodyHandlers.ofString());
          if (created.statusCode() == 401) {
            SideBySideHttp.expect(
                c,
                SideBySideHttp.admin(
                    adminToken(c), "POST", base + "/admin/realms/" + REALM + "/users", u),
                201);
          } else if (created.statusCode() != 201) {
            throw new IOException("creating a Keycloak user answered " + created.statusCode());
          }
        });
  }

  @Override
  Pair login(KeepAliveHttp c, String user) throws Exception {
    return pair(
        c.post(
            URI.create(token).getPath(),
            SideBySideHttp.FORM,
            SideBySideHttp.formBody(
                Map.of(
                    "grant_type",
                    "password",
                    "client_id",
                    CLIENT,
                    "username",
                    user,
                    "password",
                    BenchWorld.PASSWORD)),
            200));
  }

  @Override
  Pair refresh(KeepAliveHttp c, String refreshToken) throws Exception {
    return pair(
        c.post(
            URI.create(token).getPath(),
            SideBySideHttp.FORM,
            SideBySideHttp.formBody(
                Map.of(
                    "grant_type", "refresh_token",
                    "client_id", CLIENT,
                    "refresh_token", refreshToken)),
            200));
  }

  @Override
  URI server() {
    return URI.create(base);
  }

  private Pair pair(String body) throws Exception {
    Map<String, Object> m = JSONObjectUtils.parse(body);
    return new Pair((String) m.get("access_token"), (String) m.get("refresh_token"));
  }

  @Override
  String jwks(HttpClient c) throws Exception {
    return SideBySideHttp.expect(
        c,
        HttpRequest.newBuilder(
                URI.create(base + "/realms/" + REALM + "/protocol/openid-connect/certs"))
            .build(),
        200);
  }

  @Override
  String authorizePath() {
    return "/realms/" + REALM + "/protocol/openid-connect/auth";
  }

  @Override
  String tokenPath() {
    return URI.create(token).getPath();
  }

  @Override
  String userinfoPath() {
    return "/realms/" + REALM + "/protocol/openid-connect/userinfo";
  }

  /** The login page's form: its action carries the authentication session's step. */
  private static final Pattern LOGIN_FORM =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

  @Override
  KeepAliveHttp.Response signInForm(
      ProviderBrowser browser, KeepAliveHttp.Response authorize, String user) throws Exception {
    String action = ProviderBrowser.find(authorize, LOGIN_FORM, "Keycloak login form");
    return browser.post(
        action, Map.of("username", user, "password", BenchWorld.PASSWORD, "credentialId", ""));
  }

  @Override
  String issuer() {
    return base + "/realms/" + REALM;
  }
}
