package dev.gatehouse.organizations;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An organisation's identity provider in the test: an OpenID Connect provider on a local port with
 * discovery, keys, an authorization endpoint that signs in {@link #email} at once and redirects
 * with a code, and a token endpoint that checks the client's secret, the redirect address and the
 * PKCE verifier (RFC 7636) before it signs an id token. What the id token says can be bent ({@link
 * #tweak}) to play a provider that lies.
 */
final class LocalIdp implements AutoCloseable {
  /**
   * The key pairs of the test JVM's providers, one per client id. A 2048-bit RSA pair took the test
   * JVM (C1 only: no BigInteger intrinsics) most of a second of CPU, and once per provider it was
   * 85 % of OrganizationSignInTest's. Providers of different client ids still sign with different
   * pairs (another provider's keys do not verify a token), and each provider has a key id of its
   * own.
   */
  private static final Map<String, RSAKey> KEYS = new ConcurrentHashMap<>();

  private final HttpServer server;
  final String issuer;
  final String clientId;
  final String clientSecret;
  private final Clock clock;
  private final RSAKey key;
  volatile String email;
  volatile String subject = "idp-user-" + UUID.randomUUID();
  volatile Consumer<JWTClaimsSet.Builder> tweak = b -> {};
  private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();

  /** Entries that replace the discovery document's own (an endpoint elsewhere, say). */
  volatile Map<String, String> documentOverrides = Map.of();

  /** Every request the provider received, whatever its path. */
  final AtomicInteger requests = new AtomicInteger();

  LocalIdp(String clientId, String clientSecret, Clock clock) throws Exception {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
    this.key =
        new RSAKey.Builder(KEYS.computeIfAbsent(clientId, LocalIdp::generate))
            .keyID(UUID.randomUUID().toString())
            .build();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/.well-known/openid-configuration", counted(this::discovery));
    server.createContext("/jwks", counted(this::jwks));
    server.createContext("/authorize", counted(this::authorize));
    server.createContext("/token", counted(this::token));
    server.createContext("/", counted(x -> json(x, 404, "{}")));
    server.start();
  }

  private static RSAKey generate(String clientId) {
    try {
      return new RSAKeyGenerator(2048).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  URI issuerUri() {
    return URI.create(issuer);
  }

  /**
   * Follows an authorization request as a browser would, up to the callback: answers the callback's
   * {@code code} and {@code state}.
   */
  static Map<String, String> browse(URI authorization) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    String location = r.headers().firstValue("Location").orElseThrow();
    return parse(URI.create(location).getRawQuery());
  }

  private String idToken(String nonce) throws Exception {
    JWTClaimsSet.Builder c =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(subject)
            .audience(clientId)
            .issueTime(Date.from(clock.instant()))
            .expirationTime(Date.from(clock.instant().plusSeconds(600)))
            .claim("email", email)
            .claim("email_verified", true)
            .claim("nonce", nonce);
    tweak.accept(c);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            c.build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private HttpHandler counted(HttpHandler handler) {
    return x -> {
      requests.incrementAndGet();
      handler.handle(x);
    };
  }

  private void discovery(HttpExchange x) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", issuer);
    doc.put("authorization_endpoint", issuer + "/authorize");
    doc.put("token_endpoint", issuer + "/token");
    doc.put("jwks_uri", issuer + "/jwks");
    doc.put("code_challenge_methods_supported", List.of("S256"));
    doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
    doc.putAll(documentOverrides);
    json(x, 200, JSONObjectUtils.toJSONString(doc));
  }

  private void jwks(HttpExchange x) throws IOException {
    json(x, 200, new JWKSet(List.of(key.toPublicJWK())).toString());
  }

  private void authorize(HttpExchange x) throws IOException {
    Map<String, String> q = parse(x.getRequestURI().getRawQuery());
    if (!clientId.equals(q.get("client_id"))
        || !"code".equals(q.get("response_type"))
        || !"S256".equals(q.get("code_challenge_method"))
        || q.get("nonce") == null
        || q.get("state") == null) {
      json(x, 400, "{\"error\":\"invalid_request\"}");
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, q);
    x.getResponseHeaders()
        .add(
            "Location",
            q.get("redirect_uri")
                + "?code="
                + code
                + "&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private void token(HttpExchange x) throws IOException {
    Map<String, String> f =
        parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Map<String, String> auth = codes.remove(f.getOrDefault("code", ""));
    String basic = x.getRequestHeaders().getFirst("Authorization");
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                            + ":"
                            + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
    if (auth == null
        || !expected.equals(basic)
        || !"authorization_code".equals(f.get("grant_type"))
        || !auth.get("redirect_uri").equals(f.get("redirect_uri"))
        || f.get("code_verifier") == null
        || !s256(f.get("code_verifier")).equals(auth.get("code_challenge"))) {
      json(x, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    try {
      json(
          x,
          200,
          "{\"access_token\":\"at-"
              + UUID.randomUUID()
              + "\",\"token_type\":\"Bearer\",\"id_token\":\""
              + idToken(auth.get("nonce"))
              + "\"}");
    } catch (Exception e) {
      json(x, 500, "{}");
    }
  }

  private static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> parse(String query) {
    Map<String, String> m = new HashMap<>();
    if (query == null || query.isEmpty()) {
      return m;
    }
    for (String pair : query.split("&")) {
      int i = pair.indexOf('=');
      String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
      String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
      m.put(k, v);
    }
    return m;
  }

  private static void json(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
