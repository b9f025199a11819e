package dev.gatehouse.spring.authorizationserver;

import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.REDIRECT;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.form;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.location;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.signedInTokens;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.tokensOfSignedIn;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.userinfo;
import static dev.gatehouse.spring.authorizationserver.ProviderFlowTest.verified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.admin.AdminService;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.spring.authorizationserver.ProviderFlowTest.Browser;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * OpenID Connect Back-Channel Logout 1.0, received by a relying party nobody here shares code with:
 * {@code src/test/relying-parties/backchannel_rp.py}, written from the specification on Authlib
 * (Debian's {@code python3-authlib}), which verifies each logout token's signature with the keys
 * discovery names and its claims (section 2.6). On a host with the delivery workers a production
 * host has (not the test hosts' delivery on the request thread) and a clock the test moves:
 *
 * <ul>
 *   <li>every way a session ends (the pages' sign-out, RP-initiated logout, a revocation of the
 *       session or of all sessions, a password reset, disabling the account) sends one logout token
 *       to the client that got tokens through it, with the ID token's {@code sid}, and ends the
 *       client's tokens; an impersonation's end sends nothing for the user's own session;
 *   <li>an end in a host transaction that rolls back sends nothing and revokes nothing;
 *   <li>a receiver that holds its answer until released proves the request that ended the session
 *       never waits for it (a latch with a timeout, no sleep);
 *   <li>a receiver that fails is tried again when the outbox's backoff is over (the clock moved).
 * </ul>
 *
 * A missing Authlib fails the tests when {@code GATEHOUSE_REQUIRE_DBS} or {@code
 * GATEHOUSE_TEST_REQUIRE_BROWSER} is {@code true} (CI), and skips them otherwise.
 */
class BackchannelLogoutTest {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * The host's clock: the system's, moved ahead by hand (the outbox's backoff), never frozen, so
   * what is recorded now is due for the delivery workers.
   */
  private static final AheadClock CLOCK = new AheadClock();

  static final class AheadClock extends Clock {
    private volatile Duration ahead = Duration.ZERO;

    void advance(Duration by) {
      ahead = ahead.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(ahead);
    }
  }

  private static ProviderHost host;
  private static Process receiver;
  private static String rp;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The host's clock, which the test moves. */
  static class Beans {
    @Bean
    Clock gatehouseTestClock() {
      return CLOCK;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    ProviderChromium.need(
        new ProcessBuilder("/usr/bin/python3", "-c", "import authlib, requests").start().waitFor()
            == 0,
        "Authlib (apt-get install python3-authlib)");
    host =
        ProviderHost.start(
            DatabaseKind.H2,
            Map.of(
                "provider-host.deliver-on-request-thread", "false",
                "provider-host.counted-mail", "true",
                "provider-host.organization-issuers", "false"),
            Beans.class);
    ProviderFlowTest.host = host;
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    rp = "http://127.0.0.1:" + port;
    receiver =
        new ProcessBuilder(
                "/usr/bin/python3", "backchannel_rp.py", host.base(), String.valueOf(port))
            .directory(Path.of("src", "test", "relying-parties").toFile())
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8));
    String first =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    StringBuilder seen = new StringBuilder();
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                      if (line.equals("listening")) {
                        return line;
                      }
                      seen.append(line).append('\n');
                    }
                    return seen.toString();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                })
            .get(60, TimeUnit.SECONDS);
    assertThat(first).as("the receiver's start").isEqualTo("listening");
    // The client the receiver is: its logout tokens' audience. The same receiver, at other paths,
    // holds its answer or fails once.
    register("bcl", "ok");
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.destroy();
    }
    if (host != null) {
      host.close();
    }
  }

  @BeforeEach
  void thisHost() {
    ProviderFlowTest.host = host;
  }

  /** Registers a client whose back-channel logout URI is the receiver's {@code mode}. */
  private static void register(String clientId, String mode) {
    host.clients()
        .register(
            new OpenIdClient(
                    clientId,
                    "Back-channel " + clientId,
                    OpenIdClient.Kind.PUBLIC,
                    true,
                    List.of(REDIRECT),
                    List.of("https://rp.example.test/bye"),
                    Set.of("openid", "email", "profile"))
                .withBackchannelLogout(rp + "/logout/" + mode + "/" + clientId, true));
  }

  // ---- the receiver ----------------------------------------------------------------------------

  private static String receiverGet(String path) throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(rp + path)).timeout(Duration.ofSeconds(90)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    return answer.body();
  }

  /** The tokens the receiver verified for {@code subject}, once there are {@code n} of them. */
  private static List<Map<String, Object>> received(String subject, int n) throws Exception {
    List<Object> all = tokens("/received?n=0&wait=0");
    while (true) {
      List<Map<String, Object>> mine = of(subject, all);
      if (mine.size() >= n) {
        return mine;
      }
      // The receiver answers once it holds one more token, or after the wait.
      int more = all.size() + 1;
      all = tokens("/received?n=" + more + "&wait=" + WAIT.toSeconds());
      if (all.size() < more) {
        return of(subject, all);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> tokens(String path) throws Exception {
    return (List<Object>) JSONObjectUtils.parse(receiverGet(path)).get("tokens");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> of(String subject, List<Object> all) {
    return all.stream()
        .map(e -> (Map<String, Object>) e)
        .filter(e -> subject.equals(((Map<String, Object>) e.get("claims")).get("sub")))
        .toList();
  }

  /** Every token the receiver verified so far, for {@code subject}, without waiting. */
  private static List<Map<String, Object>> receivedNow(String subject) throws Exception {
    return of(subject, tokens("/received?n=0&wait=0"));
  }

  // ---- a user signed in to the relying party through the provider ------------------------------

  private record SignedIn(
      UUID user, String email, Browser browser, Map<String, Object> tokens, String sid) {}

  private static SignedIn signedIn(String clientId) throws Exception {
    String email = "bcl-" + UUID.randomUUID() + "@example.test";
    host.confirmedAccount(email);
    Browser browser = new Browser();
    Map<String, Object> tokens = signedInTokens(email, browser, clientId);
    UUID user = host.gatehouse().accounts().findByEmail(email).orElseThrow().id();
    String sid = verified((String) tokens.get("id_token")).getStringClaim("sid");
    return new SignedIn(user, email, browser, tokens, sid);
  }

  /** The one logout token the client got for {@code in}'s session, checked as the ID token says. */
  @SuppressWarnings("unchecked")
  private static void toldOnce(SignedIn in, String why) throws Exception {
    List<Map<String, Object>> tokens = received(in.user().toString(), 1);
    assertThat(tokens).as(why).hasSize(1);
    Map<String, Object> claims = (Map<String, Object>) tokens.get(0).get("claims");
    Map<String, Object> header = (Map<String, Object>) tokens.get(0).get("header");
    assertThat(header).containsEntry("typ", "logout+jwt");
    assertThat(claims)
        .containsEntry("iss", host.base())
        .containsEntry("aud", "bcl")
        .containsEntry("sub", in.user().toString())
        .containsEntry("sid", in.sid())
        .containsKeys("iat", "exp", "jti", "events")
        .doesNotContainKey("nonce");
    // What the client was issued through the session ended with it.
    assertThat(userinfo(in.tokens().get("access_token")).statusCode()).isEqualTo(401);
  }

  private static String csrf(HttpResponse<String> page) {
    Matcher m = CSRF.matcher(page.body());
    assertThat(m.find()).as("a CSRF token in " + page.uri()).isTrue();
    return m.group(1);
  }

  // ---- the ID token and discovery --------------------------------------------------------------

  @Test
  @SuppressWarnings("unchecked")
  void discoveryAdvertisesBackChannelLogoutAndTheIdTokenCarriesAnOpaqueStableSid()
      throws Exception {
    Map<String, Object> metadata =
        JSONObjectUtils.parse(new Browser().get("/.well-known/openid-configuration").body());
    assertThat(metadata)
        .containsEntry("backchannel_logout_supported", true)
        .containsEntry("backchannel_logout_session_supported", true);

    SignedIn in = signedIn("bcl");
    String sessionId = host.gatehouse().sessions().listSessions(in.user(), null).get(0).id();
    assertThat(in.sid()).isNotBlank().doesNotContain(sessionId);
    // The same session's second client gets the same sid; the session's id is not it.
    Map<String, Object> again = tokensOfSignedIn(in.browser(), "bcl");
    assertThat(verified((String) again.get("id_token")).getStringClaim("sid")).isEqualTo(in.sid());
    // A refreshed ID token keeps it.
    HttpResponse<String> refreshed =
        new Browser()
            .post(
                "/oauth2/token",
                Map.of(
                    "grant_type", "refresh_token",
                    "refresh_token", (String) again.get("refresh_token"),
                    "client_id", "bcl"));
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    assertThat(
            verified((String) JSONObjectUtils.parse(refreshed.body()).get("id_token"))
                .getStringClaim("sid"))
        .isEqualTo(in.sid());
  }

  @Test
  void aClientRegistersItsBackChannelLogoutUriByTheRedirectUriRule() {
    OpenIdClients clients = host.clients();
    OpenIdClient client =
        clients
            .register(
                new OpenIdClient(
                    "bcl-doc",
                    "Admin tool",
                    OpenIdClient.Kind.PUBLIC,
                    true,
                    List.of(REDIRECT),
                    List.of(),
                    Set.of("openid")))
            .client();
    // snippet:start backchannel-logout (docs/OPENID-PROVIDER.md)
    clients.change(
        client.withBackchannelLogout("https://admin.example.com/backchannel-logout", true));
    // snippet:end backchannel-logout
    assertThat(clients.find("bcl-doc").orElseThrow())
        .returns("https://admin.example.com/backchannel-logout", OpenIdClient::backchannelLogoutUri)
        .returns(true, OpenIdClient::backchannelLogoutSessionRequired);
    // The same rule as redirect URIs, without a private-use scheme; nothing is written.
    for (String refused :
        List.of(
            "http://rp.example.test/logout",
            "com.example.app:/logout",
            "https://rp.example.test/logout#x",
            "https://user@rp.example.test/logout",
            "https://*.example.test/logout",
            "javascript:alert(1)")) {
      assertThatThrownBy(() -> clients.change(client.withBackchannelLogout(refused, false)))
          .as(refused)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(refused);
    }
    assertThat(clients.find("bcl-doc").orElseThrow().backchannelLogoutUri())
        .isEqualTo("https://admin.example.com/backchannel-logout");
    // A service signs no user in: it has none.
    assertThatThrownBy(
            () ->
                new OpenIdClient(
                    "svc",
                    "Service",
                    OpenIdClient.Kind.SERVICE,
                    true,
                    List.of(),
                    List.of(),
                    Set.of(),
                    "https://svc.example.test/logout",
                    false))
        .isInstanceOf(IllegalArgumentException.class);
    clients.remove("bcl-doc");
  }

  // ---- every way a session ends ----------------------------------------------------------------

  @Test
  void thePagesSignOutTellsTheClient() throws Exception {
    SignedIn in = signedIn("bcl");
    HttpResponse<String> question = in.browser().get("/logout/");
    assertThat(location(in.browser().post("/logout/", Map.of("_csrf", csrf(question)))))
        .contains("/login/");
    toldOnce(in, "the pages' sign-out");
  }

  @Test
  void rpInitiatedLogoutTellsTheClient() throws Exception {
    SignedIn in = signedIn("bcl");
    Map<String, String> query = new LinkedHashMap<>();
    query.put("id_token_hint", (String) in.tokens().get("id_token"));
    query.put("post_logout_redirect_uri", "https://rp.example.test/bye");
    assertThat(location(in.browser().get("/connect/logout?" + form(query))))
        .isEqualTo("https://rp.example.test/bye");
    toldOnce(in, "RP-initiated logout");
  }

  @Test
  void revokingTheSessionTellsTheClient() throws Exception {
    SignedIn in = signedIn("bcl");
    String sessionId = host.gatehouse().sessions().listSessions(in.user(), null).get(0).id();
    host.gatehouse().sessions().revokeSession(in.user(), sessionId);
    toldOnce(in, "the session revoked");
  }

  @Test
  void revokingEverySessionTellsTheClientOfEach() throws Exception {
    SignedIn in = signedIn("bcl");
    // A second browser of the same user, signed in to the same client: a session of its own.
    Browser second = new Browser();
    Map<String, Object> secondTokens = signedInTokens(in.email(), second, "bcl");
    String secondSid = verified((String) secondTokens.get("id_token")).getStringClaim("sid");
    assertThat(secondSid).isNotEqualTo(in.sid());

    assertThat(host.gatehouse().sessions().logoutAll(in.user())).isEqualTo(2);

    List<Map<String, Object>> tokens = received(in.user().toString(), 2);
    assertThat(tokens)
        .extracting(t -> (String) ((Map<?, ?>) t.get("claims")).get("sid"))
        .containsExactlyInAnyOrder(in.sid(), secondSid);
    assertThat(userinfo(in.tokens().get("access_token")).statusCode()).isEqualTo(401);
    assertThat(userinfo(secondTokens.get("access_token")).statusCode()).isEqualTo(401);
  }

  @Test
  void aPasswordResetTellsTheClient() throws Exception {
    SignedIn in = signedIn("bcl");
    EmailSender.EmailMessage before = host.lastMail(in.email()).orElse(null);
    host.gatehouse().accounts().requestPasswordReset(in.email());
    String token = ProviderHost.linkToken(host.mailAfter(in.email(), before).textBody());
    host.gatehouse().accounts().confirmPasswordReset(token, "another horse battery staple 43");
    toldOnce(in, "a password reset");
  }

  @Test
  void disablingTheAccountTellsTheClient() throws Exception {
    SignedIn in = signedIn("bcl");
    String staff = "bcl-staff-" + UUID.randomUUID() + "@example.test";
    String staffToken = host.signedIn(staff, true);
    host.bean(AuthStore.class)
        .inTransaction(
            tx ->
                tx.users()
                    .update(
                        tx.users().findByEmail(staff).orElseThrow().toBuilder()
                            .superuser(true)
                            .build()));
    host.gatehouse()
        .feature(AdminService.class)
        .disable(
            host.gatehouse().sessions().verifyAccessToken(staffToken),
            in.user(),
            "issue 97: back-channel logout",
            null);
    toldOnce(in, "the account disabled");
  }

  @Test
  void anImpersonationsEndTellsNoClientOfTheUsersOwnSession() throws Exception {
    SignedIn victim = signedIn("bcl");
    String superuser = "bcl-super-" + UUID.randomUUID() + "@example.test";
    host.confirmedAccount(superuser);
    host.bean(AuthStore.class)
        .inTransaction(
            tx ->
                tx.users()
                    .update(
                        tx.users().findByEmail(superuser).orElseThrow().toBuilder()
                            .staff(true)
                            .superuser(true)
                            .build()));
    Browser staff = new Browser();
    staff.signIn(superuser);
    String page = "/staff/users/" + victim.user() + "/";
    HttpResponse<String> user = staff.get(page);
    assertThat(user.statusCode()).as(user.body()).isEqualTo(200);
    assertThat(
            location(
                staff.post(
                    page + "impersonate",
                    Map.of("reason", "issue 97: support", "_csrf", csrf(user)))))
        .endsWith("/signed-in/");
    // The impersonation ends with the staff browser's sign-out.
    HttpResponse<String> question = staff.get("/logout/");
    staff.post("/logout/", Map.of("_csrf", csrf(question)));
    assertThat(host.gatehouse().sessions().listSessions(victim.user(), null)).hasSize(1);

    // Then the user's own session ends: the one token the client gets is that session's.
    host.gatehouse().sessions().logoutAll(victim.user());
    toldOnce(victim, "the user's own session, after the impersonation's end");
  }

  // ---- after the commit only, never on the request's thread, retried ---------------------------

  @Test
  void anEndInAHostTransactionThatRollsBackSendsNothingAndRevokesNothing() throws Exception {
    SignedIn in = signedIn("bcl");
    TransactionTemplate hostTransaction =
        new TransactionTemplate(host.bean(PlatformTransactionManager.class));
    assertThatThrownBy(
            () ->
                hostTransaction.executeWithoutResult(
                    status -> {
                      assertThat(host.gatehouse().sessions().logoutAll(in.user())).isEqualTo(1);
                      throw new IllegalStateException("the host's own work failed");
                    }))
        .hasMessage("the host's own work failed");
    // Whatever is due is delivered now, on this thread: nothing was recorded for this user.
    host.gatehouse().deliverPending();
    assertThat(receivedNow(in.user().toString())).isEmpty();
    assertThat(userinfo(in.tokens().get("access_token")).statusCode()).isEqualTo(200);

    // The same end, committed, is told once.
    host.gatehouse().sessions().logoutAll(in.user());
    toldOnce(in, "the committed end");
  }

  @Test
  void theRequestThatEndsTheSessionNeverWaitsForTheRelyingParty() throws Exception {
    register("bcl-hold", "block");
    try {
      SignedIn in = signedIn("bcl-hold");
      Map<String, String> query = new LinkedHashMap<>();
      query.put("id_token_hint", (String) in.tokens().get("id_token"));
      query.put("post_logout_redirect_uri", "https://rp.example.test/bye");
      // The logout's answer comes while the receiver holds the delivery (it holds until released,
      // 60 seconds at most): had the request waited for it, the receiver would have answered first
      // and held nothing now.
      HttpResponse<String> out = in.browser().get("/connect/logout?" + form(query));
      assertThat(location(out)).isEqualTo("https://rp.example.test/bye");
      assertThat(receiverGet("/blocked?wait=" + WAIT.toSeconds())).contains("\"blocked\": 1");
      assertThat(receivedNow(in.user().toString())).isEmpty();
      receiverGet("/release");
      assertThat(received(in.user().toString(), 1)).hasSize(1);
    } finally {
      host.clients().remove("bcl-hold");
    }
  }

  @Test
  void aRelyingPartyThatFailsIsTriedAgainAfterTheBackoff() throws Exception {
    register("bcl-retry", "fail-once");
    try {
      SignedIn in = signedIn("bcl-retry");
      host.gatehouse().sessions().logoutAll(in.user());
      // The first attempt, on a worker, is answered 503; drained here too, nothing is due again
      // until the backoff is over (30 seconds of the host's clock).
      assertThat(receiverGet("/attempts?n=1&wait=" + WAIT.toSeconds())).contains("\"attempts\": 1");
      host.gatehouse().deliverPending();
      assertThat(receivedNow(in.user().toString())).isEmpty();
      CLOCK.advance(Duration.ofSeconds(31));
      host.gatehouse().deliverPending();
      List<Map<String, Object>> tokens = received(in.user().toString(), 1);
      assertThat(tokens).hasSize(1);
      assertThat(((Map<?, ?>) tokens.get(0).get("claims")).get("aud")).isEqualTo("bcl-retry");
    } finally {
      host.clients().remove("bcl-retry");
    }
  }
}
