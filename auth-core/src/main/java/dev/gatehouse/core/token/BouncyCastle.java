package dev.gatehouse.core.token;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A private BouncyCastle JCA provider instance, used for ES256 verification only and never
 * registered with {@link java.security.Security} (a library must not change the host's provider
 * list).
 *
 * <p>Why: the JDK 17 SunEC ECDSA verifier rejects valid P-256 signatures whose nonce point has an
 * x-coordinate of at least the group order n (so {@code r = x - n}); Wycheproof cases 115 and 257
 * of {@code ecdsa_secp256r1_sha256_p1363_test.json} show it. BouncyCastle checks the {@code x = r +
 * n} candidate as the standard requires. Thread-safe; created on first use.
 */
final class BouncyCastle {
  private BouncyCastle() {}

  private static final class Holder {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }

  static Provider provider() {
    return Holder.PROVIDER;
  }
}
