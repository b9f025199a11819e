package dev.gatehouse.bench;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.bench.KeepAliveHttp.Response;
import dev.gatehouse.bench.ServerSide.Pair;
import dev.gatehouse.bench.ServerSide.Server;
import dev.gatehouse.bench.SideBySide.Op;
import dev.gatehouse.bench.SideBySide.Phase;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Gatehouse and Keycloak 26.4.5 side by side as the OpenID provider of a relying party (issue 77):
 * the example application with {@code gatehouse-spring-boot-authorization-server} on its class
 * path, and a Keycloak realm, each serving the same first-party public client ({@link
 * ServerSide#RP_CLIENT}) on the same machine, PostgreSQL, JDK, users and Argon2id parameters, at
 * the same concurrency, launched GH, KC, KC, GH. Run by {@code
 * benchmarks/provider-side-by-side.sh}; never by {@code mvn verify}.
 *
 * <p>Per launch it measures, each after a warm-up:
 *
 * <ol>
 *   <li>the full sign-in: a new browser (no cookies) asks the authorization endpoint for a code
 *       with PKCE, signs in with its password at the provider's login form (Gatehouse: its pages'
 *       form with its CSRF token, then the signed-in page's link back; Keycloak: its login form),
 *       follows the redirect to the client and the client exchanges the code at the token endpoint
 *       (ID, access and refresh token);
 *   <li>the code for a browser already signed in: authorize (the session's cookie, no password) and
 *       the code's exchange; the exchange request's own time is reported apart;
 *   <li>userinfo with a valid access token;
 *   <li>the refresh-token grant, each client thread rotating its own chain.
 * </ol>
 *
 * <p>Rates are per second over the measured phase; CPU per operation as in {@link SideBySide}.
 */
public final class ProviderSideBySide {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SideBySideSettings s;
  private final StringBuilder out = new StringBuilder();
  private final List<String> errors = new ArrayList<>();
  private final SideBySidePostgres pg;
  private final SideBySidePhases phases;

  private ProviderSideBySide(SideBySideSettings s) throws IOException, InterruptedException {
    this.s = s;
    long clockTicks = ProcessMeters.clockTicks();
    this.pg = new SideBySidePostgres(s.pgUrl(), errors, clockTicks);
    this.phases = new SideBySidePhases(s, pg, errors, clockTicks);
  }

  /**
   * Entry point.
   *
   * @param args {@code quick} (default) or {@code full}
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    SideBySideSettings s = SideBySideSettings.read(args.length > 0 ? args[0] : "quick");
    ProviderSideBySide run = new ProviderSideBySide(s);
    int code;
    try {
      code = run.run();
    } catch (Exception e) {
      e.printStackTrace();
      code = 2;
    }
    System.out.println(run.out);
    Files.createDirectories(s.logDir());
    Path report = s.logDir().resolve("report.md");
    Files.writeString(report, run.out);
    System.out.println("(written to " + report + ")");
    System.exit(code);
  }

  /** What one launch measured, by phase. */
  record Result(String side, Map<String, Phase> phases, double exchangeMs) {}

  static final String SIGN_IN = "sign-in";
  static final String CODE = "code";
  static final String USERINFO = "userinfo";
  static final String REFRESH = "refresh";

  private int run() throws Exception {
    Files.createDirectories(s.logDir());
    String tag = Long.toString(System.currentTimeMillis() % 1_000_000L, 36);
    String ghDb = "gh_op_bench_" + tag;
    String kcDb = "kc_op_bench_" + tag;
    line("# The OpenID provider: Gatehouse vs Keycloak 26.4.5, side by side (issue 77)");
    line("");
    line(
        "- mode: "
            + (s.full() ? "full" : "quick")
            + "; load average before: "
            + ProcessMeters.loadAverage()
            + "; cores: "
            + Runtime.getRuntime().availableProcessors());
    line(
        String.format(
            Locale.ROOT,
            "- Argon2id on both sides: m=%d KiB, t=%d, p=%d; tokens %s on both sides; %d users per"
                + " side; %d client threads; warm-up %d s, then %d s per phase; %d launches per"
                + " side",
            s.memoryKib(),
            s.iterations(),
            s.parallelism(),
            s.alg(),
            s.users(),
            s.threads(),
            s.warmUp().toSeconds(),
            s.measure().toSeconds(),
            s.launchesPerSide()));
    line(
        "- server JVM: " + s.serverJava() + " (" + ProcessMeters.javaVersion(s.serverJava()) + ")");
    line("- Gatehouse: the example application (" + s.ghJar() + ") with the authorization server");
    line(KeycloakSide.guards(s));
    line("");
    pg.createDatabase(ghDb);
    pg.createDatabase(kcDb);
    List<Result> results = new ArrayList<>();
    try {
      GatehouseSide gh =
          new GatehouseSide(
              s, pg, SideBySide.GH, ghDb, SideBySideKeys.ghKeyPair(s.alg()), s.ghJar(), true);
      KeycloakSide kc = new KeycloakSide(s, pg, kcDb);
      List<ServerSide> order = new ArrayList<>();
      for (int i = 0; i < s.launchesPerSide(); i++) {
        order.addAll(i % 2 == 0 ? List.of(gh, kc) : List.of(kc, gh)); // GH, KC, KC, GH, ...
      }
      int launch = 0;
      for (ServerSide side : order) {
        results.add(launch(side, ++launch));
      }
    } finally {
      pg.dropDatabase(ghDb);
      pg.dropDatabase(kcDb);
    }
    summary(results);
    line("");
    line("- load average after: " + ProcessMeters.loadAverage());
    if (!errors.isEmpty()) {
      line("");
      line("## Errors");
      errors.forEach(e -> line("- " + e));
      return 1;
    }
    return 0;
  }

  private Result launch(ServerSide side, int launch) throws Exception {
    Server server = side.start(launch);
    try {
      side.prepare(server);
      pg.analyze(side.database());
      int n = s.threads();
      KeepAliveHttp[] clients = new KeepAliveHttp[n];
      ProviderBrowser[] signedIn = new ProviderBrowser[n];
      for (int i = 0; i < n; i++) {
        clients[i] = new KeepAliveHttp(side.server());
      }
      AtomicInteger nextUser = new AtomicInteger();
      Function<Integer, String> user = c -> "bench" + (nextUser.getAndIncrement() % s.users());
      LongAdder exchangeNanos = new LongAdder();
      LongAdder exchanges = new LongAdder();
      Op signIn = (c, st) -> signIn(side, new ProviderBrowser(clients[c]), user.apply(c));
      // A signed-in browser per client thread, for the phases after the first.
      Function<Integer, Pair> seed =
          c -> {
            try {
              signedIn[c] = new ProviderBrowser(clients[c]);
              return signIn(side, signedIn[c], user.apply(c));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
      Op code =
          (c, st) -> {
            Authorization a = authorize(side, signedIn[c]);
            String back = ProviderBrowser.location(a.answer, "authorize, signed in");
            long t0 = System.nanoTime();
            st[0] = exchange(side, clients[c], code(back, a.state), a.verifier);
            exchangeNanos.add(System.nanoTime() - t0);
            exchanges.increment();
          };
      Op userinfo =
          (c, st) -> {
            Response r =
                clients[c].exchange(
                    "GET",
                    side.userinfoPath(),
                    Map.of("Authorization", "Bearer " + st[0].access()),
                    null);
            if (r.status() != 200 || !r.body().contains("\"sub\"")) {
              throw new IOException(
                  "userinfo answered " + r.status() + ": " + ProviderBrowser.brief(r));
            }
          };
      Op refresh =
          (c, st) ->
              st[0] =
                  tokens(
                      clients[c].post(
                          side.tokenPath(),
                          SideBySideHttp.FORM,
                          SideBySideHttp.formBody(
                              Map.of(
                                  "grant_type",
                                  "refresh_token",
                                  "client_id",
                                  ServerSide.RP_CLIENT,
                                  "refresh_token",
                                  st[0].refresh())),
                          200),
                      false);
      Map<String, Phase> measured = new LinkedHashMap<>();
      double exchangeMs = Double.NaN;
      Map<String, Op> ops = new LinkedHashMap<>();
      ops.put(SIGN_IN, signIn);
      ops.put(CODE, code);
      ops.put(USERINFO, userinfo);
      ops.put(REFRESH, refresh);
      for (Map.Entry<String, Op> e : ops.entrySet()) {
        Function<Integer, Pair> seeds = e.getKey().equals(SIGN_IN) ? null : seed;
        phases.run(side, server, e.getValue(), s.warmUp(), seeds);
        pg.analyze(side.database());
        exchangeNanos.reset();
        exchanges.reset();
        phases.jfr(server, "start", side, launch, "op-" + e.getKey());
        measured.put(e.getKey(), phases.run(side, server, e.getValue(), s.measure(), seeds));
        phases.jfr(server, "stop", side, launch, "op-" + e.getKey());
        if (e.getKey().equals(CODE) && exchanges.sum() > 0) {
          exchangeMs = exchangeNanos.sum() / 1e6 / exchanges.sum();
        }
      }
      for (KeepAliveHttp c : clients) {
        c.close();
      }
      Result r = new Result(side.name(), measured, exchangeMs);
      line(
          String.format(
              Locale.ROOT,
              "- launch %d %s: sign-ins %.1f/s (server CPU %.1f ms each); signed-in code + exchange"
                  + " %.1f/s (exchange request %.1f ms); userinfo %.1f/s (server CPU %.2f ms);"
                  + " refresh %.1f/s (server CPU %.2f ms); load %s",
              launch,
              side.name(),
              measured.get(SIGN_IN).rate(),
              measured.get(SIGN_IN).serverCpuPerOp(),
              measured.get(CODE).rate(),
              exchangeMs,
              measured.get(USERINFO).rate(),
              measured.get(USERINFO).serverCpuPerOp(),
              measured.get(REFRESH).rate(),
              measured.get(REFRESH).serverCpuPerOp(),
              ProcessMeters.loadAverage()));
      return r;
    } finally {
      server.stop();
    }
  }

  /** An authorization request's answer, with the PKCE verifier and state it was sent with. */
  private record Authorization(Response answer, String verifier, String state) {}

  private static Authorization authorize(ServerSide side, ProviderBrowser browser)
      throws Exception {
    String verifier = random(32);
    String state = random(12);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", ServerSide.RP_CLIENT);
    q.put("redirect_uri", ServerSide.RP_REDIRECT);
    q.put("scope", "openid email profile");
    q.put("state", state);
    q.put("nonce", random(12));
    q.put(
        "code_challenge",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII))));
    q.put("code_challenge_method", "S256");
    Response answer = browser.get(side.authorizePath() + "?" + SideBySideHttp.formBody(q));
    return new Authorization(answer, verifier, state);
  }

  /** The full sign-in of a browser: authorize, the login form, the code's exchange. */
  static Pair signIn(ServerSide side, ProviderBrowser browser, String user) throws Exception {
    Authorization a = authorize(side, browser);
    Response back = side.signInForm(browser, a.answer, user);
    return exchange(
        side,
        browser.http(),
        code(ProviderBrowser.location(back, "the sign-in"), a.state),
        a.verifier);
  }

  private static Pair exchange(ServerSide side, KeepAliveHttp http, String code, String verifier)
      throws Exception {
    return tokens(
        http.post(
            side.tokenPath(),
            SideBySideHttp.FORM,
            SideBySideHttp.formBody(
                Map.of(
                    "grant_type",
                    "authorization_code",
                    "code",
                    code,
                    "redirect_uri",
                    ServerSide.RP_REDIRECT,
                    "client_id",
                    ServerSide.RP_CLIENT,
                    "code_verifier",
                    verifier)),
            200),
        true);
  }

  /** The code from the redirect to the client, whose state must be the request's. */
  static String code(String location, String state) throws IOException {
    if (!location.startsWith(ServerSide.RP_REDIRECT + "?")) {
      throw new IOException("not a redirect to the client: " + location);
    }
    Map<String, String> q = new LinkedHashMap<>();
    for (String part : URI.create(location).getRawQuery().split("&")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        q.put(
            part.substring(0, eq),
            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    if (!state.equals(q.get("state")) || q.get("code") == null) {
      throw new IOException("the redirect to the client has no code or another state: " + location);
    }
    return q.get("code");
  }

  private static Pair tokens(String body, boolean idToken) throws Exception {
    Map<String, Object> m = JSONObjectUtils.parse(body);
    if (m.get("access_token") == null
        || m.get("refresh_token") == null
        || (idToken && m.get("id_token") == null)) {
      throw new IOException("the token endpoint's answer lacks a token: " + m.keySet());
    }
    return new Pair((String) m.get("access_token"), (String) m.get("refresh_token"));
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  // ---- the summary --------------------------------------------------------------------------

  private void summary(List<Result> results) {
    line("");
    line("## Per side (median over launches; each launch in parentheses, in launch order)");
    line("");
    line("| figure | Gatehouse | Keycloak | GH / KC |");
    line("|---|---|---|---|");
    row(
        results,
        "full sign-ins/s (authorize, login form, code exchange)",
        r -> rate(r, SIGN_IN),
        false);
    row(results, "server CPU ms per sign-in", r -> r.phases.get(SIGN_IN).serverCpuPerOp(), true);
    row(results, "PostgreSQL CPU ms per sign-in", r -> r.phases.get(SIGN_IN).pgCpuPerOp(), true);
    row(results, "signed-in browser: authorize + code exchange /s", r -> rate(r, CODE), false);
    row(results, "the exchange request alone, ms (mean, at that load)", r -> r.exchangeMs, true);
    row(
        results,
        "server CPU ms per authorize + exchange",
        r -> r.phases.get(CODE).serverCpuPerOp(),
        true);
    row(results, "userinfo/s", r -> rate(r, USERINFO), false);
    row(results, "server CPU ms per userinfo", r -> r.phases.get(USERINFO).serverCpuPerOp(), true);
    row(results, "PostgreSQL CPU ms per userinfo", r -> r.phases.get(USERINFO).pgCpuPerOp(), true);
    row(results, "refresh grants/s", r -> rate(r, REFRESH), false);
    row(results, "server CPU ms per refresh", r -> r.phases.get(REFRESH).serverCpuPerOp(), true);
    row(results, "PostgreSQL CPU ms per refresh", r -> r.phases.get(REFRESH).pgCpuPerOp(), true);
    row(
        results,
        "load generator CPU ms per sign-in",
        r -> r.phases.get(SIGN_IN).clientCpuPerOp(),
        true);
    row(
        results,
        "load generator CPU ms per userinfo",
        r -> r.phases.get(USERINFO).clientCpuPerOp(),
        true);
  }

  private static double rate(Result r, String phase) {
    return r.phases.get(phase).rate();
  }

  private void row(
      List<Result> results, String label, ToDoubleFunction<Result> f, boolean lowerIsBetter) {
    StringBuilder b = new StringBuilder("| ").append(label).append(" |");
    for (String side : List.of(SideBySide.GH, SideBySide.KC)) {
      StringBuilder all = new StringBuilder();
      for (Result r : results) {
        if (r.side.equals(side)) {
          all.append(all.length() == 0 ? "" : ", ").append(fmt(f.applyAsDouble(r)));
        }
      }
      b.append(' ').append(fmt(median(results, side, f))).append(" (").append(all).append(") |");
    }
    b.append(
            String.format(
                Locale.ROOT,
                " **%.2f**",
                median(results, SideBySide.GH, f) / median(results, SideBySide.KC, f)))
        .append(lowerIsBetter ? " (lower is better)" : "")
        .append(" |");
    line(b.toString());
  }

  private static double median(List<Result> results, String side, ToDoubleFunction<Result> f) {
    double[] v =
        results.stream().filter(r -> r.side.equals(side)).mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String fmt(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private void line(String l) {
    out.append(l).append('\n');
    System.err.println(l); // progress while it runs
  }
}
