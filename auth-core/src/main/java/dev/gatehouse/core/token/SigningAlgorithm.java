package dev.gatehouse.core.token;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The JWS algorithms Gatehouse signs and verifies access tokens with. Each {@link TokenKey} is
 * bound to exactly one of them, and a token is only ever verified with the algorithm of the key its
 * {@code kid} selects, never with the one its header asks for.
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
   * (with RFC 6979 deterministic nonces) and verified through BouncyCastle's lightweight ECDSA, not
   * a JCA provider: faster on both sides, and JDK 17's SunEC rejects some valid signatures
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
   * Finds the algorithm whose {@link #joseName()} is exactly {@code name} (case-sensitive, as JOSE
   * names are).
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
