package dev.gatehouse.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * ES256 (ECDSA on P-256 with SHA-256, JWS's 64-byte {@code r||s} signature) for nimbus through
 * BouncyCastle's lightweight {@link ECDSASigner} on its optimised {@code secp256r1} curve.
 *
 * <p>Why not nimbus's {@code ECDSASigner}/{@code ECDSAVerifier} over a JCA provider (used before:
 * SunEC to sign, a private BouncyCastle provider to verify): on the same key and input this signs
 * several times faster than SunEC and verifies faster than the BouncyCastle provider, which
 * converts the JDK key and DER-encodes the signature on every call (docs/BENCHMARKS.md, "Password
 * hashing and signatures"). SunEC in JDK 17 also rejects valid signatures whose nonce point has an
 * x-coordinate of at least the group order (Wycheproof {@code
 * ecdsa_secp256r1_sha256_p1363_test.json} cases 115 and 257); BouncyCastle checks the {@code x = r
 * + n} candidate as the standard requires.
 *
 * <p>Signing uses deterministic nonces (RFC 6979, HMAC-SHA-256), so it never depends on the quality
 * of a random source at signing time. Both classes are immutable and thread-safe: a fresh {@link
 * ECDSASigner} is made per call.
 */
final class Es256Jws {
  static final int SIGNATURE_LENGTH = 64;
  private static final int HALF = SIGNATURE_LENGTH / 2;
  private static final Set<JWSAlgorithm> ALGS = Set.of(JWSAlgorithm.ES256);
  private static final ECDomainParameters P256;

  static {
    X9ECParameters p = CustomNamedCurves.getByName("secp256r1");
    P256 = new ECDomainParameters(p.getCurve(), p.getG(), p.getN(), p.getH());
  }

  private Es256Jws() {}

  /** Signs with a P-256 private key. */
  static final class Signer implements JWSSigner {
    private final ECPrivateKeyParameters privateKey;
    private final JCAContext jca = new JCAContext();

    Signer(ECPrivateKey key) {
      this.privateKey = new ECPrivateKeyParameters(key.getS(), P256);
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
        throw new JOSEException("ES256 signer only signs ES256");
      }
      ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      s.init(true, privateKey);
      BigInteger[] rs = s.generateSignature(sha256(signingInput));
      byte[] out = new byte[SIGNATURE_LENGTH];
      BigIntegers.asUnsignedByteArray(rs[0], out, 0, HALF);
      BigIntegers.asUnsignedByteArray(rs[1], out, HALF, HALF);
      return Base64URL.encode(out);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return ALGS;
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }

  /** Verifies with a P-256 public key; any malformed signature is a clean {@code false}. */
  static final class Verifier implements JWSVerifier {
    private final ECPublicKeyParameters publicKey;
    private final JCAContext jca = new JCAContext();

    /**
     * @throws IllegalArgumentException when the point is not on P-256
     */
    Verifier(ECPublicKey key) {
      this.publicKey =
          new ECPublicKeyParameters(
              P256.getCurve().validatePoint(key.getW().getAffineX(), key.getW().getAffineY()),
              P256);
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signedContent, Base64URL signature) {
      if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
        return false;
      }
      byte[] sig = signature.decode();
      if (sig.length != SIGNATURE_LENGTH) {
        return false;
      }
      BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, HALF));
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, HALF, SIGNATURE_LENGTH));
      ECDSASigner verifier = new ECDSASigner();
      verifier.init(false, publicKey);
      // Refuses r or s outside [1, n-1] (so the all-zero "psychic" signature) before any maths.
      return verifier.verifySignature(sha256(signedContent), r, s);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return ALGS;
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }

  private static byte[] sha256(byte[] input) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(input, 0, input.length);
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }
}
