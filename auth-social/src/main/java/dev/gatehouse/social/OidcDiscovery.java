package dev.gatehouse.social;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.social.SocialService.SocialException;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What an OpenID Connect provider publishes, fetched over {@link ProviderHttp} and cached: its
 * discovery document ({@code /.well-known/openid-configuration}, again after {@code discoveryTtl})
 * and its keys (JWKS). A token naming a key id the cache lacks fetches the keys again at once, so a
 * provider's rotation is followed by the first token signed with the new key; any other signature
 * that does not verify fetches them again once {@code jwksMinRefresh} has passed since the last
 * fetch. Either way, fetches caused by tokens are at most one per {@link #TOKEN_FETCH_INTERVAL} of
 * the injected clock, so a flood of made-up key ids costs the provider one request per interval.
 * Checks a token's signature against those keys. Thread-safe.
 */
final class OidcDiscovery {
  /** The least time between two key fetches caused by tokens the cached keys do not verify. */
  static final Duration TOKEN_FETCH_INTERVAL = Duration.ofSeconds(10);

  private final URI issuer;
  private final ProviderHttp http;
  private final Clock clock;
  private final Duration discoveryTtl;
  private final Duration jwksMinRefresh;
  private final BiConsumer<String, URI> endpointCheck;

  private final Object lock = new Object();
  private Map<String, Object> discovery;
  private Instant discoveredAt;
  private JWKSet keys;
  private Instant keysFetchedAt;
  private Instant tokenFetchAt;

  OidcDiscovery(
      URI issuer,
      ProviderHttp http,
      Clock clock,
      Duration discoveryTtl,
      Duration jwksMinRefresh,
      BiConsumer<String, URI> endpointCheck) {
    this.issuer = issuer;
    this.endpointCheck = endpointCheck;
    this.http = http;
    this.clock = clock;
    this.discoveryTtl = discoveryTtl;
    this.jwksMinRefresh = jwksMinRefresh;
  }

  /**
   * Whether a key of the provider's verifies the token's signature: with the cached keys, else with
   * keys fetched again ({@link #keys}).
   */
  boolean verifies(SignedJWT jwt) {
    boolean cached;
    synchronized (lock) {
      cached = keys != null;
    }
    // Keys fetched for this very token (none were cached) are not fetched again for it.
    return verifySignature(jwt, false, false)
        || cached && verifySignature(jwt, true, unknown(jwt.getHeader().getKeyID()));
  }

  /** Whether the cached keys lack {@code kid} (a token without one names no key). */
  boolean unknown(String kid) {
    synchronized (lock) {
      return kid != null && keys != null && keys.getKeyByKeyId(kid) == null;
    }
  }

  /** When the keys were last fetched. */
  Instant keysFetchedAt() {
    synchronized (lock) {
      return keysFetchedAt;
    }
  }

  private boolean verifySignature(SignedJWT jwt, boolean refresh, boolean unknownKid) {
    JWKSet set = keys(refresh, unknownKid);
    if (set == null) {
      return false;
    }
    String kid = jwt.getHeader().getKeyID();
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    for (JWK key : set.getKeys()) {
      if (kid != null && !kid.equals(key.getKeyID())) {
        continue;
      }
      if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
        continue;
      }
      if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
        continue;
      }
      try {
        JWSVerifier verifier;
        if (key instanceof RSAKey rsa && alg.getName().matches("(RS|PS)\\d+")) {
          verifier = new RSASSAVerifier(rsa);
        } else if (key instanceof ECKey ec && alg.getName().startsWith("ES")) {
          verifier = new ECDSAVerifier(ec);
        } else {
          continue;
        }
        if (jwt.verify(verifier)) {
          return true;
        }
      } catch (JOSEException e) {
        // A key that does not fit this algorithm: try the next.
      }
    }
    return false;
  }

  /**
   * The cached keys (fetched when there are none yet); with {@code refresh}, fetched again for the
   * token at hand, or {@code null} when that is not allowed now: a token-caused fetch happened
   * within {@link #TOKEN_FETCH_INTERVAL}, or, for a token whose key id the cache knows (or that
   * names none), the last fetch is younger than {@code jwksMinRefresh}.
   */
  private JWKSet keys(boolean refresh, boolean unknownKid) {
    synchronized (lock) {
      Instant now = clock.instant();
      if (keys != null && !refresh) {
        return keys;
      }
      if (keys != null) {
        boolean budget =
            tokenFetchAt == null || !now.isBefore(tokenFetchAt.plus(TOKEN_FETCH_INTERVAL));
        boolean due = unknownKid || !now.isBefore(keysFetchedAt.plus(jwksMinRefresh));
        if (!budget || !due) {
          return null;
        }
        tokenFetchAt = now;
      }
      Map<String, Object> doc = http.getJson(endpoint("jwks_uri"));
      try {
        keys = JWKSet.parse(doc);
      } catch (ParseException e) {
        throw new SocialException(ErrorCode.PROVIDER_REFUSED, "the provider's JWKS is malformed");
      }
      keysFetchedAt = now;
      return keys;
    }
  }

  /**
   * An endpoint the discovery document names ({@code token_endpoint}, ...), as the endpoint check
   * allows it (its address is checked again as each request is sent).
   */
  URI endpoint(String name) {
    Object value = document().get(name);
    URI uri = null;
    if (value instanceof String s && (s.startsWith("https://") || s.startsWith("http://"))) {
      try {
        uri = new URI(s);
      } catch (URISyntaxException e) {
        uri = null;
      }
    }
    if (uri == null || uri.getHost() == null) {
      throw new SocialException(
          ErrorCode.PROVIDER_REFUSED, "the discovery document has no " + name);
    }
    endpointCheck.accept(name, uri);
    return uri;
  }

  /** The discovery document, fetched again once {@code discoveryTtl} has passed. */
  Map<String, Object> document() {
    synchronized (lock) {
      Instant now = clock.instant();
      if (discovery == null || !now.isBefore(discoveredAt.plus(discoveryTtl))) {
        String base = issuer.toString().replaceAll("/+$", "");
        Map<String, Object> fetched =
            http.getJson(URI.create(base + "/.well-known/openid-configuration"));
        if (!issuer.toString().equals(fetched.get("issuer"))) {
          throw new SocialException(
              ErrorCode.PROVIDER_REFUSED, "the discovery document names another issuer");
        }
        discovery = fetched;
        discoveredAt = now;
      }
      return discovery;
    }
  }
}
