package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access-token key ring: one current key that signs new tokens, and zero or more previous keys
 * that still verify tokens signed before a rotation. Every key has a unique {@code kid} and one
 * fixed {@link SigningAlgorithm}; a token's {@code kid} header only chooses among these keys.
 *
 * <pre>{@code
 * SigningKeys keys = SigningKeys.fromEnvironment(System.getenv());
 * // rotation: new tokens use "2026-12", tokens signed with the old key keep verifying
 * SigningKeys rotated = keys.rotateTo(TokenKey.generate("2026-12", SigningAlgorithm.ES256));
 * // once the old tokens have expired (access-token TTL + clock skew):
 * SigningKeys trimmed = rotated.withoutPrevious(keys.current().kid());
 * String jwks = trimmed.publicJwks(); // serve at /.well-known/jwks.json
 * }</pre>
 *
 * <p>Immutable and thread-safe; rotation returns a new instance. {@link #toString()} lists kids and
 * algorithms only.
 */
public final class SigningKeys {
  /** Environment key holding a JWK Set JSON document (current key first, or see below). */
  public static final String ENV_JWKS = "GATEHOUSE_JWT_JWKS";

  /** Environment key naming the current key's {@code kid} within {@link #ENV_JWKS} (optional). */
  public static final String ENV_CURRENT_KID = "GATEHOUSE_JWT_CURRENT_KID";

  /** Environment key holding a base64 HS256 secret (with {@link #ENV_KID}). */
  public static final String ENV_HS256_SECRET = "GATEHOUSE_JWT_HS256_SECRET";

  /** Environment key holding a PKCS#8 PEM private key (with {@link #ENV_KID}, {@link #ENV_ALG}). */
  public static final String ENV_PRIVATE_KEY_PEM = "GATEHOUSE_JWT_PRIVATE_KEY_PEM";

  /**
   * Environment key naming the algorithm of {@link #ENV_PRIVATE_KEY_PEM}: RS256, ES256 or EdDSA.
   */
  public static final String ENV_ALG = "GATEHOUSE_JWT_ALG";

  /** Environment key holding the {@code kid} for {@link #ENV_HS256_SECRET} or the PEM key. */
  public static final String ENV_KID = "GATEHOUSE_JWT_KID";

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

  private final TokenKey current;
  private final List<TokenKey> previous;
  private final Map<String, TokenKey> byKid;

  private SigningKeys(TokenKey current, List<TokenKey> previous) {
    requireNonNull(current, "current");
    requireNonNull(previous, "previous");
    if (!current.canSign()) {
      throw new ConfigurationException(
          "Key '" + current.kid() + "' cannot be the current key: it has no private key or secret");
    }
    Map<String, TokenKey> map = new LinkedHashMap<>();
    map.put(current.kid(), current);
    List<TokenKey> verifyOnly = new ArrayList<>(previous.size());
    for (TokenKey k : previous) {
      requireNonNull(k, "previous key");
      // A previous key never signs again, so its private half is not kept.
      TokenKey v = k.verificationOnly();
      if (map.putIfAbsent(v.kid(), v) != null) {
        throw new ConfigurationException("Duplicate kid '" + k.kid() + "' in the signing keys");
      }
      verifyOnly.add(v);
    }
    this.current = current;
    this.previous = List.copyOf(verifyOnly);
    this.byKid = Collections.unmodifiableMap(map);
  }

  /**
   * A key ring from explicit keys.
   *
   * @param current the signing key; must {@link TokenKey#canSign()}
   * @param previous verification keys for tokens signed before rotation; may be empty; their
   *     private halves, if any, are dropped (see {@link TokenKey#verificationOnly()})
   * @return the key ring
   * @throws ConfigurationException when the current key cannot sign or two keys share a kid
   * @throws NullPointerException when any argument or element is null
   */
  public static SigningKeys of(TokenKey current, List<TokenKey> previous) {
    return new SigningKeys(current, previous);
  }

  /**
   * A key ring holding only {@code current}.
   *
   * @param current the signing key; must {@link TokenKey#canSign()}
   * @return the key ring
   * @throws ConfigurationException when the key cannot sign
   * @throws NullPointerException when {@code current} is null
   */
  public static SigningKeys of(TokenKey current) {
    return new SigningKeys(current, List.of());
  }

  /**
   * A key ring from a JWK Set JSON document. Every key must carry {@code kid} and {@code alg}
   * (HS256, RS256, ES256 or EdDSA, matching its {@code kty}/{@code crv}). The current key is the
   * first key that can sign (a private key or an {@code oct} secret); all others are previous keys.
   *
   * @param jwksJson the JWK Set JSON
   * @return the key ring
   * @throws ConfigurationException when the JSON is invalid, a key lacks kid/alg, or no key can
   *     sign
   * @throws NullPointerException when {@code jwksJson} is null
   */
  public static SigningKeys fromJwkSet(String jwksJson) {
    return fromJwkSet(jwksJson, null);
  }

  /**
   * A key ring from a JWK Set JSON document, with the current key named by {@code currentKid}.
   *
   * @param jwksJson the JWK Set JSON
   * @param currentKid kid of the key that signs new tokens, or {@code null} for the first key that
   *     can sign
   * @return the key ring
   * @throws ConfigurationException when the JSON is invalid, a key lacks kid/alg, or the current
   *     key is missing or cannot sign
   * @throws NullPointerException when {@code jwksJson} is null
   */
  public static SigningKeys fromJwkSet(String jwksJson, @Nullable String currentKid) {
    requireNonNull(jwksJson, "jwksJson");
    List<JWK> jwks;
    try {
      jwks = JWKSet.parse(jwksJson).getKeys();
    } catch (ParseException e) {
      // The parser's message may quote the document, which holds secrets: do not chain it.
      throw new ConfigurationException("JWK Set is not valid JSON or holds an invalid key");
    }
    // JWKSet.parse silently skips keys of unknown kty; count the raw entries to notice.
    checkNothingSkipped(jwksJson, jwks.size());
    if (jwks.isEmpty()) {
      throw new ConfigurationException("JWK Set holds no keys");
    }
    List<TokenKey> keys = new ArrayList<>();
    for (JWK jwk : jwks) {
      keys.add(TokenKey.fromJwk(jwk));
    }
    TokenKey current =
        keys.stream()
            .filter(k -> currentKid == null ? k.canSign() : k.kid().equals(currentKid))
            .findFirst()
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        currentKid == null
                            ? "JWK Set holds no private or secret key to sign with"
                            : "JWK Set has no key with kid '" + currentKid + "'"));
    List<TokenKey> previous = new ArrayList<>(keys);
    previous.remove(current);
    return new SigningKeys(current, previous);
  }

  private static void checkNothingSkipped(String jwksJson, int parsed) {
    try {
      List<Object> raw = JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(jwksJson), "keys");
      if (raw != null && raw.size() != parsed) {
        throw new ConfigurationException(
            "JWK Set holds " + (raw.size() - parsed) + " key(s) of an unsupported type");
      }
    } catch (ParseException e) {
      throw new ConfigurationException("JWK Set is not valid JSON");
    }
  }

  /**
   * A key ring from environment variables or properties, for twelve-factor hosts. Exactly one
   * source must be set:
   *
   * <ul>
   *   <li>{@value #ENV_JWKS}: a JWK Set (see {@link #fromJwkSet(String, String)}), with {@value
   *       #ENV_CURRENT_KID} optional;
   *   <li>{@value #ENV_HS256_SECRET} (base64, at least 256 bits) and {@value #ENV_KID};
   *   <li>{@value #ENV_PRIVATE_KEY_PEM}, {@value #ENV_ALG} and {@value #ENV_KID}.
   * </ul>
   *
   * @param env e.g. {@code System.getenv()}; blank values count as unset
   * @return the key ring
   * @throws ConfigurationException naming the variable at fault when none or several sources are
   *     set, a companion variable is missing, or the key is unusable
   * @throws NullPointerException when {@code env} is null
   */
  public static SigningKeys fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, UnaryOperator.identity());
  }

  /**
   * As {@link #fromEnvironment(Map)}, with the refusals naming each variable as the person who set
   * it wrote it: a Spring Boot host's {@code gatehouse.jwt.kid} in {@code application.yml} is named
   * {@code gatehouse.jwt.kid}, not {@code GATEHOUSE_JWT_KID}.
   *
   * @param env the values under the variables' names ({@value #ENV_JWKS}, ...); blank values count
   *     as unset
   * @param names the name a refusal gives each variable (called with {@value #ENV_KID}, ...)
   * @return the key ring
   * @throws ConfigurationException naming the value at fault, through {@code names}
   * @throws NullPointerException when an argument is null
   */
  public static SigningKeys fromEnvironment(Map<String, String> env, UnaryOperator<String> names) {
    requireNonNull(env, "env");
    requireNonNull(names, "names");
    Optional<String> jwks = value(env, ENV_JWKS);
    Optional<String> secret = value(env, ENV_HS256_SECRET);
    Optional<String> pem = value(env, ENV_PRIVATE_KEY_PEM);
    long sources =
        (jwks.isPresent() ? 1 : 0) + (secret.isPresent() ? 1 : 0) + (pem.isPresent() ? 1 : 0);
    if (sources != 1) {
      throw new ConfigurationException(
          (sources == 0 ? "No" : "More than one")
              + " JWT key source configured: set exactly one of "
              + names.apply(ENV_JWKS)
              + ", "
              + names.apply(ENV_HS256_SECRET)
              + ", "
              + names.apply(ENV_PRIVATE_KEY_PEM));
    }
    if (jwks.isPresent()) {
      return fromJwkSet(jwks.get(), value(env, ENV_CURRENT_KID).orElse(null));
    }
    String kid =
        value(env, ENV_KID)
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        names.apply(ENV_KID)
                            + " is required with "
                            + names.apply(
                                secret.isPresent() ? ENV_HS256_SECRET : ENV_PRIVATE_KEY_PEM)));
    if (secret.isPresent()) {
      return of(TokenKey.hmacBase64(kid, secret.get()));
    }
    String algName =
        value(env, ENV_ALG)
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        names.apply(ENV_ALG)
                            + " is required with "
                            + names.apply(ENV_PRIVATE_KEY_PEM)));
    SigningAlgorithm alg =
        SigningAlgorithm.fromJoseName(algName)
            .filter(a -> a != SigningAlgorithm.HS256)
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        names.apply(ENV_ALG)
                            + " must be RS256, ES256 or EdDSA, was '"
                            + algName
                            + "'"));
    return of(TokenKey.fromPem(kid, alg, pem.get()));
  }

  private static Optional<String> value(Map<String, String> env, String key) {
    return Optional.ofNullable(env.get(key)).map(String::strip).filter(v -> !v.isEmpty());
  }

  /**
   * A freshly generated key ring for development and tests. Tokens signed with it do not survive a
   * restart and are not accepted by other instances, so a WARN is logged (naming the kid, never key
   * material).
   *
   * @param algorithm the algorithm of the generated key
   * @return a key ring with one random key
   * @throws NullPointerException when {@code algorithm} is null
   */
  public static SigningKeys ephemeral(SigningAlgorithm algorithm) {
    requireNonNull(algorithm, "algorithm");
    String kid = "ephemeral-" + UUID.randomUUID();
    SigningKeys keys = of(TokenKey.generate(kid, algorithm));
    LOG.warn(
        "Generated an ephemeral {} JWT signing key (kid={}); tokens will not survive a restart"
            + " nor verify on other instances. For production configure gatehouse.jwt.jwks (a"
            + " Spring Boot property; the variable {} elsewhere).",
        algorithm.joseName(),
        kid,
        ENV_JWKS);
    return keys;
  }

  /** {@return the key that signs new tokens. Never null} */
  public TokenKey current() {
    return current;
  }

  /** {@return the verification-only keys, in configuration order. Unmodifiable, possibly empty} */
  public List<TokenKey> previous() {
    return previous;
  }

  /**
   * Looks a key up by kid among the current and previous keys.
   *
   * @param kid the kid, or {@code null}
   * @return the key, or empty
   */
  public Optional<TokenKey> find(@Nullable String kid) {
    return kid == null ? Optional.empty() : Optional.ofNullable(byKid.get(kid));
  }

  /**
   * A new key ring whose current key is {@code next}; today's current key becomes the first
   * previous key (verification only, private half dropped when asymmetric).
   *
   * @param next the new signing key; its kid must be new
   * @return the rotated key ring
   * @throws ConfigurationException when {@code next} cannot sign or its kid is taken
   * @throws NullPointerException when {@code next} is null
   */
  public SigningKeys rotateTo(TokenKey next) {
    requireNonNull(next, "next");
    List<TokenKey> prev = new ArrayList<>();
    prev.add(current);
    prev.addAll(previous);
    return new SigningKeys(next, prev);
  }

  /**
   * A new key ring without the previous key {@code kid}; tokens it signed stop verifying.
   *
   * @param kid kid of a previous key
   * @return the trimmed key ring
   * @throws IllegalArgumentException when {@code kid} is the current key or not a previous key
   * @throws NullPointerException when {@code kid} is null
   */
  public SigningKeys withoutPrevious(String kid) {
    requireNonNull(kid, "kid");
    List<TokenKey> prev = new ArrayList<>(previous);
    if (!prev.removeIf(k -> k.kid().equals(kid))) {
      throw new IllegalArgumentException("'" + kid + "' is not a previous key");
    }
    return new SigningKeys(current, prev);
  }

  /**
   * The public keys (current and previous) as a JWK Set JSON document, for {@code
   * /.well-known/jwks.json}. Each entry has {@code kty}, {@code kid}, {@code alg}, {@code use=sig}
   * and the public parameters only. HMAC keys are omitted: a shared secret is never published.
   *
   * @return the JSON document; {@code {"keys":[]}} when every key is HMAC
   */
  public String publicJwks() {
    List<JWK> out = new ArrayList<>();
    for (TokenKey k : byKid.values()) {
      k.publicJwk().ifPresent(out::add);
    }
    return JSONObjectUtils.toJSONString(new JWKSet(out).toJSONObject(true));
  }

  /**
   * Signs a JWT that is not one of Gatehouse's own access tokens (an OpenID provider's ID and
   * access tokens) with the current key, so that one key ring, rotated together, signs everything
   * and {@link #publicJwks()} verifies it all. The header carries the key's {@code alg} and {@code
   * kid} and the given {@code typ}, which may not be {@code at+jwt}: the verifier of Gatehouse's
   * own access tokens requires that type, so a token signed here is never taken for one of them.
   *
   * <pre>{@code
   * String idToken = keys.signJwt(Map.of("iss", issuer, "sub", userId, "aud", clientId,
   *     "iat", now, "exp", now + 300), "JWT");
   * }</pre>
   *
   * @param claims the claims: strings, {@code Long}s, {@code Integer}s, booleans, and lists and
   *     maps of them (times as epoch seconds)
   * @param type the header's {@code typ}, such as {@code JWT}
   * @return the compact JWS
   * @throws IllegalArgumentException when {@code type} is {@code at+jwt} or a claim has another
   *     type
   * @throws dev.gatehouse.core.error.AuthException.AuthInfrastructureException when the key fails
   *     to sign
   * @throws NullPointerException when an argument is null
   */
  public String signJwt(Map<String, Object> claims, String type) {
    requireNonNull(claims, "claims");
    requireNonNull(type, "type");
    String bare = type.regionMatches(true, 0, "application/", 0, 12) ? type.substring(12) : type;
    if (bare.equalsIgnoreCase(AccessTokenIssuer.TYPE)) {
      throw new IllegalArgumentException(
          "typ " + type + " is reserved for Gatehouse's own access tokens");
    }
    TokenKey key = current;
    JWSHeader header =
        new JWSHeader.Builder(key.algorithm().jws())
            .type(new JOSEObjectType(type))
            .keyID(key.kid())
            .build();
    return key.signCompact(header, header.toBase64URL().toString(), claims);
  }

  @Override
  public String toString() {
    return "SigningKeys[current=" + current + ", previous=" + previous + "]";
  }

  /**
   * The JWS algorithms Gatehouse signs and verifies access tokens with. Each {@link TokenKey} is
   * bound to exactly one of them, and a token is only ever verified with the algorithm of the key
   * its {@code kid} selects, never with the one its header asks for.
   *
   * <p>Thread-safe (an enum).
   */
  public enum SigningAlgorithm {
    /** HMAC with SHA-256 and a shared secret of at least 256 bits. Not exported in the JWKS. */
    HS256("HS256", JWSAlgorithm.HS256),
    /** RSASSA-PKCS1-v1_5 with SHA-256 and an RSA key of at least 2048 bits. */
    RS256("RS256", JWSAlgorithm.RS256),
    /**
     * ECDSA on P-256 with SHA-256; the signature is the raw {@code r||s} (IEEE P1363) form. Signed
     * (with RFC 6979 deterministic nonces) and verified through BouncyCastle's lightweight ECDSA,
     * not a JCA provider: faster on both sides, and JDK 17's SunEC rejects some valid signatures
     * (Wycheproof vectors 115 and 257).
     */
    ES256("ES256", JWSAlgorithm.ES256),
    /**
     * EdDSA with Ed25519 (RFC 8037), signed and verified through BouncyCastle's lightweight Ed25519
     * (several times faster than the JDK 17 provider; see docs/BENCHMARKS.md).
     */
    EDDSA("EdDSA", JWSAlgorithm.EdDSA);

    private final String joseName;
    private final JWSAlgorithm jws;

    SigningAlgorithm(String joseName, JWSAlgorithm jws) {
      this.joseName = joseName;
      this.jws = jws;
    }

    /** {@return the value of the JOSE {@code alg} header and JWK parameter, e.g. {@code EdDSA}} */
    public String joseName() {
      return joseName;
    }

    /**
     * Finds the algorithm whose {@link #joseName()} is exactly {@code name} (case-sensitive, as
     * JOSE names are).
     *
     * @param name a JOSE {@code alg} value, or {@code null}
     * @return the algorithm, or empty when {@code name} is null or not supported
     */
    public static Optional<SigningAlgorithm> fromJoseName(@Nullable String name) {
      for (SigningAlgorithm a : values()) {
        if (a.joseName.equals(name)) {
          return Optional.of(a);
        }
      }
      return Optional.empty();
    }

    JWSAlgorithm jws() {
      return jws;
    }
  }
}
