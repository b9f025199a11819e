package dev.gatehouse.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.social.SocialService.SocialRedirect;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Facebook Login against a local Graph API stand-in that follows Facebook's documented formats. */
class FacebookTest {
  private static final String APP_ID = "1234567890";
  private static final String APP_SECRET = "fb-app-secret";
  private static final URI CALLBACK = URI.create("https://app.example.test/cb");

  private HttpServer graph;
  private String base;
  private final Map<String, String> codeChallenges = new ConcurrentHashMap<>();
  private final Map<String, String> tokenUsers = new ConcurrentHashMap<>();
  private volatile String debugAppId = APP_ID;
  private volatile String meIdOverride;

  @BeforeEach
  void start() throws IOException {
    graph = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    base = "http://127.0.0.1:" + graph.getAddress().getPort();
    graph.createContext("/dialog/oauth", this::dialog);
    graph.createContext("/v19.0/oauth/access_token", this::accessToken);
    graph.createContext("/v19.0/debug_token", this::debugToken);
    graph.createContext("/v19.0/me", this::me);
    graph.start();
  }

  @AfterEach
  void stop() {
    graph.stop(0);
  }

  private FacebookProvider provider() {
    return SocialWorld.onLoopback(
        FacebookProvider.builder(APP_ID, APP_SECRET)
            .endpoints(URI.create(base + "/v19.0"), URI.create(base + "/dialog/oauth"))
            .build());
  }

  private void dialog(HttpExchange x) throws IOException {
    Map<String, String> q = LocalOidcServer.parse(x.getRequestURI().getRawQuery());
    String code = "code-" + codeChallenges.size();
    codeChallenges.put(code, q.get("code_challenge"));
    x.getResponseHeaders()
        .add(
            "Location",
            q.get("redirect_uri")
                + "?code="
                + code
                + "&state="
                + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private void accessToken(HttpExchange x) throws IOException {
    Map<String, String> f =
        LocalOidcServer.parse(
            new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String challenge = codeChallenges.remove(f.getOrDefault("code", ""));
    if (challenge == null
        || !APP_ID.equals(f.get("client_id"))
        || !APP_SECRET.equals(f.get("client_secret"))
        || !challenge.equals(LocalOidcServer.s256(f.getOrDefault("code_verifier", "")))) {
      LocalOidcServer.json(x, 400, "{\"error\":{\"type\":\"OAuthException\",\"code\":100}}");
      return;
    }
    String token = "EAAB" + tokenUsers.size();
    tokenUsers.put(token, "10001");
    LocalOidcServer.json(
        x,
        200,
        "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":5183944}");
  }

  private void debugToken(HttpExchange x) throws IOException {
    Map<String, String> q = LocalOidcServer.parse(x.getRequestURI().getRawQuery());
    if (!(APP_ID + "|" + APP_SECRET).equals(q.get("access_token"))) {
      LocalOidcServer.json(x, 400, "{\"error\":{\"code\":190}}");
      return;
    }
    String user = tokenUsers.get(q.getOrDefault("input_token", ""));
    LocalOidcServer.json(
        x,
        200,
        user == null
            ? "{\"data\":{\"is_valid\":false}}"
            : "{\"data\":{\"app_id\":\""
                + debugAppId
                + "\",\"type\":\"USER\",\"application\":\"Example\",\"is_valid\":true,\"user_id\":\""
                + user
                + "\",\"scopes\":[\"email\",\"public_profile\"]}}");
  }

  private void me(HttpExchange x) throws IOException {
    Map<String, String> q = LocalOidcServer.parse(x.getRequestURI().getRawQuery());
    String token = q.getOrDefault("access_token", "");
    String user = tokenUsers.get(token);
    if (user == null || !proof(token).equals(q.get("appsecret_proof"))) {
      LocalOidcServer.json(x, 400, "{\"error\":{\"code\":190}}");
      return;
    }
    LocalOidcServer.json(
        x,
        200,
        "{\"id\":\""
            + (meIdOverride != null ? meIdOverride : user)
            + "\",\"name\":\"Ann Example\",\"email\":\"ann.fb@example.test\","
            + "\"picture\":{\"data\":{\"url\":\"https://fb.example/p.jpg\"}}}");
  }

  private static String proof(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String codeOf(ThrowingCallable call) {
    try {
      call.call();
    } catch (AuthException e) {
      return e.code();
    } catch (Throwable t) {
      throw new AssertionError("expected an AuthException, got " + t, t);
    }
    throw new AssertionError("nothing was thrown");
  }

  private static Map<String, String> follow(URI uri) throws Exception {
    var r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(uri).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    return LocalOidcServer.parse(
        URI.create(r.headers().firstValue("Location").orElseThrow()).getRawQuery());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void theCodeFlowSignsUpAndSignsInWithTheGraphApi(DatabaseKind kind) throws Exception {
    try (SocialWorld w = new SocialWorld(kind, clock -> List.<SocialProvider>of(provider()))) {
      SocialRedirect r = w.social.begin("facebook", CALLBACK);
      Map<String, String> cb = follow(r.authorizationUri());
      SignInResult.SignedIn in =
          (SignInResult.SignedIn)
              w.social.complete("facebook", cb.get("state"), cb.get("code"), Map.of(), null);
      assertThat(in.created()).isTrue();
      assertThat(w.gatehouse.sessions().verifyAccessToken(in.tokens().accessToken()).amr())
          .containsExactly("social", "facebook");
      assertThat(w.social.accounts(in.userId()))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.pictureUrl()).isEqualTo("https://fb.example/p.jpg");
                // Facebook does not say the address was confirmed.
                assertThat(a.emailVerified()).isFalse();
              });

      Map<String, String> cb2 = follow(w.social.begin("facebook", CALLBACK).authorizationUri());
      SignInResult.SignedIn again =
          (SignInResult.SignedIn)
              w.social.complete("facebook", cb2.get("state"), cb2.get("code"), Map.of(), null);
      assertThat(again.userId()).isEqualTo(in.userId());
    }
  }

  @Test
  void aTokenIssuedToAnotherAppIsRefused() throws Exception {
    FacebookProvider p = provider();
    tokenUsers.put("EAAB-other-app", "10002");
    debugAppId = "999999";
    assertThat(codeOf(() -> p.verifyNativeToken("EAAB-other-app", null)))
        .isEqualTo("invalid_id_token");
    debugAppId = APP_ID;
    VerifiedIdentity ok = p.verifyNativeToken("EAAB-other-app", null);
    assertThat(ok.subject()).isEqualTo("10002");
    assertThat(codeOf(() -> p.verifyNativeToken("EAAB-unknown", null)))
        .isEqualTo("invalid_id_token");
  }

  @Test
  void aProfileOfAnotherUserIsRefused() {
    FacebookProvider p = provider();
    tokenUsers.put("EAAB-x", "10003");
    meIdOverride = "10004";
    assertThat(codeOf(() -> p.verifyNativeToken("EAAB-x", null))).isEqualTo("invalid_id_token");
  }

  @Test
  void aWrongPkceVerifierIsRefused() throws Exception {
    FacebookProvider p = provider();
    URI auth =
        p.authorizationUri(
            new SocialProvider.AuthorizationRequest(
                CALLBACK, "s", "n", LocalOidcServer.s256("right-verifier")));
    Map<String, String> cb = follow(auth);
    assertThat(
            codeOf(
                () ->
                    p.exchangeCode(
                        new SocialProvider.CodeExchange(
                            cb.get("code"), "wrong-verifier", CALLBACK, "n", Map.of()))))
        .isEqualTo("provider_refused");
  }
}
