package dev.gatehouse.bench;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.bench.ServerSide.Pair;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Gatehouse example application (its boot jar), over its HTTP contract; with {@code
 * openIdProvider}, also the OpenID provider that {@link ProviderSideBySide} measures.
 */
final class GatehouseSide extends ServerSide {
  private static final int GH_PORT = 18181;

  private final String name;
  private final String db;
  private final KeyPair key;
  private final Path jar;
  private final boolean openIdProvider;
  private final String base = "http://127.0.0.1:" + GH_PORT;

  GatehouseSide(
      SideBySideSettings s,
      SideBySidePostgres pg,
      String name,
      String db,
      KeyPair key,
      Path jar,
      boolean openIdProvider) {
    super(s, pg);
    this.openIdProvider = openIdProvider;
    this.name = name;
    this.db = db;
    this.key = key;
    this.jar = jar;
  }

  @Override
  String name() {
    return name;
  }

  @Override
  String database() {
    return db;
  }

  @Override
  Server start(int launch) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORT", Integer.toString(GH_PORT));
    env.put("GATEHOUSE_DB_URL", pg.jdbcUrl(db));
    env.put("GATEHOUSE_SECRET_KEY", "side-by-side-secret-key-0123456789abcdef-0123");
    env.put("GATEHOUSE_JWT_PRIVATE_KEY_PEM", SideBySideKeys.pem(key));
    env.put("GATEHOUSE_JWT_ALG", s.alg());
    env.put("GATEHOUSE_JWT_KID", "bench-" + s.alg().toLowerCase(Locale.ROOT));
    env.put("GATEHOUSE_PASSWORD_ARGON2_MEMORY_KIB", Integer.toString(s.memoryKib()));
    env.put("GATEHOUSE_PASSWORD_ARGON2_ITERATIONS", Integer.toString(s.iterations()));
    env.put("GATEHOUSE_PASSWORD_ARGON2_PARALLELISM", Integer.toString(s.parallelism()));
    // Users registered over HTTP are not email-confirmed; Keycloak's are enabled at creation.
    env.put("GATEHOUSE_LOGIN_REQUIRE_VERIFIED", "false");
    // Every user registers from the load generator's loopback address, which counts like any
    // client's network (issue 54): 200 sign-ups and their mails would pass its hourly limits.
    env.put("GATEHOUSE_THROTTLE_REGISTRATION_PER_IP_HOURLY", "100000");
    env.put("GATEHOUSE_THROTTLE_ACCOUNT_MAIL_PER_IP_HOURLY", "100000");
    // Both sides' access tokens live an hour, so the verification phase at the end can use
    // tokens from the first launches (Keycloak's realm gets the same lifespan).
    env.put("GATEHOUSE_TOKEN_ACCESS_TTL", "1h");
    env.put("GATEHOUSE_TOKEN_ISSUER", issuer());
    List<String> command =
        new ArrayList<>(List.of(s.serverJava().toString(), "-jar", jar.toString()));
    if (openIdProvider) {
      // The example's provider, off by default, with ProviderSideBySide's relying party
      // (the example's OpenIdRelyingParty registers it).
      command.add("--gatehouse.openid-provider.enabled=true");
      command.add("--example.openid-client.id=" + RP_CLIENT);
      command.add("--example.openid-client.redirect-uri=" + RP_REDIRECT);
    }
    return launch(
        command,
        env,
        s.logDir().resolve(name.toLowerCase(Locale.ROOT) + "-launch" + launch + ".log"),
        base + "/health",
        false);
  }

  @Override
  void prepare(Server server) throws Exception {
    HttpClient c = HttpClient.newHttpClient();
    // Registering is idempotent (201 for a taken address too), so every launch may run it; only
    // the first creates users. Two at a time, as a host's sign-up traffic would.
    if (probe(c)) {
      return;
    }
    SideBySideHttp.parallel(
        2,
        s.users(),
        i ->
            SideBySideHttp.expect(
                c,
                SideBySideHttp.json(
                    base + "/auth/register/",
                    Map.of(
                        "email",
                        SideBySideHttp.email("bench" + i),
                        "password",
                        BenchWorld.PASSWORD)),
                201));
  }

  private boolean probe(HttpClient c) throws Exception {
    HttpResponse<String> r =
        c.send(
            SideBySideHttp.json(
                base + "/auth/login/basic/",
                Map.of(
                    "email",
                    SideBySideHttp.email("bench" + (s.users() - 1)),
                    "password",
                    BenchWorld.PASSWORD)),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200;
  }

  @Override
  URI server() {
    return URI.create(base);
  }

  @Override
  Pair login(KeepAliveHttp c, String user) throws Exception {
    return pair(
        c.post(
            "/auth/login/basic/",
            SideBySideHttp.JSON,
            SideBySideHttp.jsonBody(
                Map.of("email", SideBySideHttp.email(user), "password", BenchWorld.PASSWORD)),
            200));
  }

  @Override
  Pair refresh(KeepAliveHttp c, String refreshToken) throws Exception {
    return pair(
        c.post(
            "/auth/token/refresh/",
            SideBySideHttp.JSON,
            SideBySideHttp.jsonBody(Map.of("refresh", refreshToken)),
            200));
  }

  private Pair pair(String body) throws Exception {
    Map<String, Object> m = JSONObjectUtils.parse(body);
    return new Pair((String) m.get("access"), (String) m.get("refresh"));
  }

  @Override
  String jwks(HttpClient c) throws Exception {
    return SideBySideHttp.expect(
        c, HttpRequest.newBuilder(URI.create(base + "/.well-known/jwks.json")).build(), 200);
  }

  @Override
  String authorizePath() {
    return "/oauth2/authorize";
  }

  @Override
  String tokenPath() {
    return "/oauth2/token";
  }

  @Override
  String userinfoPath() {
    return "/userinfo";
  }

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
  private static final Pattern CONTINUE = Pattern.compile("id=\"continue\" href=\"([^\"]+)\"");

  /**
   * The pages' way: the authorization endpoint sends the browser to the login form; the form signs
   * in and sends it to the signed-in page, whose link goes back to the authorization request, which
   * now redirects to the client.
   */
  @Override
  KeepAliveHttp.Response signInForm(
      ProviderBrowser browser, KeepAliveHttp.Response authorize, String user) throws Exception {
    KeepAliveHttp.Response form =
        browser.get(ProviderBrowser.location(authorize, "the authorization endpoint"));
    String csrf = ProviderBrowser.find(form, CSRF, "CSRF token on the login form");
    KeepAliveHttp.Response in =
        browser.post(
            "/login/",
            Map.of(
                "identifier",
                SideBySideHttp.email(user),
                "password",
                BenchWorld.PASSWORD,
                "_csrf",
                csrf));
    KeepAliveHttp.Response signedIn = browser.get(ProviderBrowser.location(in, "the login form"));
    return browser.get(ProviderBrowser.find(signedIn, CONTINUE, "way on from /signed-in/"));
  }

  @Override
  String issuer() {
    return "https://gatehouse.bench.test";
  }
}
