package dev.gatehouse.examples;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenID Connect provider on loopback: discovery, JWKS, an authorization endpoint that answers
 * at once for the identity the test sets, and a token endpoint that checks the client, the redirect
 * URI and the PKCE verifier and signs an ID token with the given clock.
 */
final class OidcStandIn {
  static final String CLIENT_ID = "pages-client";
  static final String CLIENT_SECRET = "pages-secret";

  final HttpServer server;
  final String issuer;
  final RSAKey key;
  final List<Map<String, String>> authorizations =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
  volatile String subject;
  volatile String email;
  volatile boolean emailVerified;
  volatile boolean alterState;
  volatile URI lastCallback;

  private final Clock clock;

  OidcStandIn(Clock clock) throws Exception {
    this.clock = clock;
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext(
        "/.well-known/openid-configuration",
        x ->
            json(
                x,
                200,
                "{\"issuer\":\"%1$s\",\"authorization_endpoint\":\"%1$s/authorize\","
                        .formatted(issuer)
                    // The client secret is checked in the form: it says so, as Apple does.
                    + ("\"token_endpoint\":\"%1$s/token\",\"jwks_uri\":\"%1$s/jwks\","
                            + "\"token_endpoint_auth_methods_supported\":[\"client_secret_post\"]}")
                        .formatted(issuer)));
    server.createContext("/jwks", x -> json(x, 200, new JWKSet(key.toPublicJWK()).toString()));
    server.createContext("/authorize", this::authorize);
    server.createContext("/token", this::token);
    server.start();
  }

  private void authorize(HttpExchange x) throws IOException {
    Map<String, String> q = parse(x.getRequestURI().getRawQuery());
    authorizations.add(q);
    String code = UUID.randomUUID().toString();
    codes.put(code, q);
    String state = alterState ? q.get("state") + "x" : q.get("state");
    lastCallback =
        URI.create(
            q.get("redirect_uri")
                + "?code="
                + code
                + "&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8));
    x.getResponseHeaders().add("Location", lastCallback.toString());
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private void token(HttpExchange x) throws IOException {
    Map<String, String> f =
        parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Map<String, String> auth = codes.remove(f.getOrDefault("code", ""));
    if (auth == null
        || !CLIENT_ID.equals(f.get("client_id"))
        || !CLIENT_SECRET.equals(f.get("client_secret"))
        || !auth.get("redirect_uri").equals(f.get("redirect_uri"))
        || !s256(f.getOrDefault("code_verifier", "")).equals(auth.get("code_challenge"))) {
      json(x, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    try {
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .issuer(issuer)
              .subject(subject)
              .audience(CLIENT_ID)
              .issueTime(Date.from(clock.instant()))
              .expirationTime(Date.from(clock.instant().plusSeconds(300)))
              .claim("nonce", auth.get("nonce"))
              .claim("email", email)
              .claim("email_verified", emailVerified)
              .build();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      json(x, 200, "{\"token_type\":\"Bearer\",\"id_token\":\"" + jwt.serialize() + "\"}");
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

  private static Map<String, String> parse(String query) {
    Map<String, String> m = new HashMap<>();
    for (String pair : query == null ? new String[0] : query.split("&")) {
      int i = pair.indexOf('=');
      if (i > 0) {
        m.put(
            URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
      }
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
}
