package dev.gatehouse.social;

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
 * A small OpenID Connect provider on a local port: discovery, JWKS, an authorization endpoint that
 * "logs in" the configured user and redirects with a code, and a token endpoint that checks the
 * client secret, the redirect URI and the PKCE verifier the way RFC 7636 says, then signs an
 * id_token with its current RSA key. Keys can be rotated.
 */
final class LocalOidcServer implements AutoCloseable {
  final HttpServer server;
  final String issuer;
  final String clientId;
  final String clientSecret;
  final Clock clock;
  volatile RSAKey key;
  volatile List<RSAKey> published;
  volatile String subject = "user-" + UUID.randomUUID();
  volatile String email = "ann@example.test";
  volatile boolean emailVerified = true;
  volatile Consumer<JWTClaimsSet.Builder> tweak = b -> {};
  volatile String issClaim;

  /** How the token endpoint checks the client secret (Apple's stand-in checks a signed JWT). */
  volatile java.util.function.Predicate<String> secretCheck;

  /**
   * What the discovery document lists in {@code token_endpoint_auth_methods_supported} ({@code
   * null}: no such entry, which means {@code client_secret_basic}); the token endpoint accepts only
   * these.
   */
  volatile List<String> authMethods = List.of("client_secret_post", "client_secret_basic");

  /** The client's public key registered for {@code private_key_jwt}. */
  volatile com.nimbusds.jose.jwk.JWK clientPublicKey;

  /** How the last accepted token request authenticated the client. */
  volatile String lastClientAuth;

  /** Entries that replace the discovery document's own (an endpoint elsewhere, say). */
  volatile Map<String, String> documentOverrides = Map.of();

  /** Every request the server received, whatever its path. */
  final AtomicInteger requests = new AtomicInteger();

  final AtomicInteger jwksFetches = new AtomicInteger();
  final AtomicInteger tokenCalls = new AtomicInteger();
  private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();

  LocalOidcServer(String clientId, String clientSecret, Clock clock) throws Exception {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
    this.key = newKey();
    this.published = List.of(key);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    issClaim = issuer;
    secretCheck = clientSecret::equals;
    server.createContext("/.well-known/openid-configuration", counted(this::discovery));
    server.createContext("/jwks", counted(this::jwks));
    server.createContext("/authorize", counted(this::authorize));
    server.createContext("/token", counted(this::token));
    server.createContext("/", counted(x -> json(x, 404, "{}")));
    server.start();
  }

  static RSAKey newKey() throws Exception {
    return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
  }

  /** A new signing key; the old one stays published when {@code keepOld}. */
  void rotate(boolean keepOld) throws Exception {
    RSAKey next = newKey();
    published = keepOld ? List.of(next, key) : List.of(next);
    key = next;
  }

  URI issuerUri() {
    return URI.create(issuer);
  }

  /** An id_token as the provider would sign it now. */
  String idToken(String nonce, String audience) throws Exception {
    JWTClaimsSet.Builder c =
        new JWTClaimsSet.Builder()
            .issuer(issClaim)
            .subject(subject)
            .audience(audience)
            .issueTime(Date.from(clock.instant()))
            .expirationTime(Date.from(clock.instant().plusSeconds(600)))
            .claim("email", email)
            .claim("email_verified", emailVerified)
            .claim("name", "Ann Example");
    if (nonce != null) {
      c.claim("nonce", nonce);
    }
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
    if (authMethods != null) {
      doc.put("token_endpoint_auth_methods_supported", authMethods);
    }
    doc.putAll(documentOverrides);
    json(x, 200, JSONObjectUtils.toJSONString(doc));
  }

  private void jwks(HttpExchange x) throws IOException {
    jwksFetches.incrementAndGet();
    json(
        x,
        200,
        new JWKSet(List.copyOf(published.stream().map(RSAKey::toPublicJWK).toList())).toString());
  }

  private void authorize(HttpExchange x) throws IOException {
    Map<String, String> q = parse(x.getRequestURI().getRawQuery());
    if (!clientId.equals(q.get("client_id"))
        || !"code".equals(q.get("response_type"))
        || !"S256".equals(q.get("code_challenge_method"))) {
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
                + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private void token(HttpExchange x) throws IOException {
    tokenCalls.incrementAndGet();
    Map<String, String> f =
        parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Map<String, String> auth = codes.remove(f.getOrDefault("code", ""));
    String method = clientAuthentication(x, f);
    if (auth == null
        || method == null
        || !(authMethods == null ? List.of("client_secret_basic") : authMethods).contains(method)
        || !clientId.equals(f.get("client_id"))
        || !"authorization_code".equals(f.get("grant_type"))
        || !auth.get("redirect_uri").equals(f.get("redirect_uri"))
        || f.get("code_verifier") == null
        || !s256(f.get("code_verifier")).equals(auth.get("code_challenge"))) {
      json(x, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    lastClientAuth = method;
    try {
      json(
          x,
          200,
          "{\"access_token\":\"at-"
              + UUID.randomUUID()
              + "\",\"token_type\":\"Bearer\",\"id_token\":\""
              + idToken(auth.get("nonce"), clientId)
              + "\"}");
    } catch (Exception e) {
      json(x, 500, "{}");
    }
  }

  /**
   * The method by which a token request authenticated this client, or {@code null} when it did not,
   * or used two methods at once.
   */
  private String clientAuthentication(HttpExchange x, Map<String, String> f) {
    List<String> used = new java.util.ArrayList<>();
    String header = x.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.startsWith("Basic ")) {
      String[] idAndSecret =
          new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8)
              .split(":", 2);
      if (idAndSecret.length == 2
          && clientId.equals(java.net.URLDecoder.decode(idAndSecret[0], StandardCharsets.UTF_8))
          && secretCheck.test(java.net.URLDecoder.decode(idAndSecret[1], StandardCharsets.UTF_8))) {
        used.add("client_secret_basic");
      } else {
        return null;
      }
    }
    if (f.get("client_secret") != null) {
      if (!secretCheck.test(f.get("client_secret"))) {
        return null;
      }
      used.add("client_secret_post");
    }
    if (f.get("client_assertion") != null) {
      try {
        SignedJWT assertion = SignedJWT.parse(f.get("client_assertion"));
        JWTClaimsSet c = assertion.getJWTClaimsSet();
        boolean valid =
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                    .equals(f.get("client_assertion_type"))
                && clientPublicKey != null
                && assertion.verify(
                    new com.nimbusds.jose.crypto.RSASSAVerifier(clientPublicKey.toRSAKey()))
                && clientId.equals(c.getIssuer())
                && clientId.equals(c.getSubject())
                && c.getAudience().contains(issuer + "/token")
                && c.getExpirationTime().toInstant().isAfter(clock.instant());
        if (!valid) {
          return null;
        }
      } catch (Exception e) {
        return null;
      }
      used.add("private_key_jwt");
    }
    return used.size() == 1 ? used.get(0) : null;
  }

  static String s256(String verifier) {
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

  static void json(HttpExchange x, int status, String body) throws IOException {
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
