package dev.gatehouse.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * EdDSA (Ed25519, RFC 8032) for nimbus through BouncyCastle's lightweight {@link Ed25519Signer}.
 *
 * <p>Why not nimbus's own {@code Ed25519Signer}/{@code Ed25519Verifier}: in nimbus-jose-jwt 10.10
 * both are built on Google Tink, an optional dependency that auth-core does not carry. Why not the
 * JDK 17 {@code Ed25519} JCA provider (used before): on the same key and input BouncyCastle signs
 * and verifies several times faster (docs/BENCHMARKS.md, "Password hashing and signatures"), and
 * both give the expected verdict on every Wycheproof {@code ed25519_test.json} vector. Keys are
 * still read and checked through the JDK's key classes; only the raw 32-byte halves reach this
 * class.
 *
 * <p>Both classes are immutable and thread-safe: a fresh {@link Ed25519Signer} is made per call.
 */
final class Ed25519Jws {
  /** The JCA name of the key type, used to read PEM and JWK keys. */
  static final String JCA_NAME = "Ed25519";

  static final int SIGNATURE_LENGTH = 64;

  private static final Set<JWSAlgorithm> ALGS = Set.of(JWSAlgorithm.EdDSA);

  private Ed25519Jws() {}

  /** Signs with an Ed25519 private key. */
  static final class Signer implements JWSSigner {
    private final Ed25519PrivateKeyParameters privateKey;
    private final JCAContext jca = new JCAContext();

    /**
     * @param seed the 32-byte private key (RFC 8032's secret seed); copied, then zeroed
     */
    Signer(byte[] seed) {
      this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
      Arrays.fill(seed, (byte) 0);
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
        throw new JOSEException("Ed25519 signer only signs EdDSA");
      }
      Ed25519Signer s = new Ed25519Signer();
      s.init(true, privateKey);
      s.update(signingInput, 0, signingInput.length);
      return Base64URL.encode(s.generateSignature());
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

  /** Verifies with an Ed25519 public key; any malformed signature is a clean {@code false}. */
  static final class Verifier implements JWSVerifier {
    private final Ed25519PublicKeyParameters publicKey;
    private final JCAContext jca = new JCAContext();

    /**
     * @param encoded the 32-byte encoded public point
     * @throws IllegalArgumentException when it is not a point on the curve
     */
    Verifier(byte[] encoded) {
      this.publicKey = new Ed25519PublicKeyParameters(encoded, 0);
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signedContent, Base64URL signature) {
      if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
        return false;
      }
      byte[] sig = signature.decode();
      if (sig.length != SIGNATURE_LENGTH) {
        return false;
      }
      Ed25519Signer s = new Ed25519Signer();
      s.init(false, publicKey);
      s.update(signedContent, 0, signedContent.length);
      // Rejects non-canonical S, undecodable R and every other malformed signature with false.
      return s.verifySignature(sig);
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
}
