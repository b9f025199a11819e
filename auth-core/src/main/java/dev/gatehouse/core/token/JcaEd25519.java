package dev.gatehouse.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Set;

/**
 * EdDSA (Ed25519) for nimbus through the JDK 17 {@code Ed25519} JCA provider (SunEC).
 *
 * <p>Why not nimbus's own {@code Ed25519Signer}/{@code Ed25519Verifier}: in nimbus-jose-jwt 10.10
 * both are built on Google Tink ({@code com.google.crypto.tink.subtle.Ed25519Sign/Verify}), an
 * optional dependency that auth-core does not carry; without it they fail with {@code
 * NoClassDefFoundError}. The JDK has had a conformant Ed25519 since 15, so no extra dependency is
 * needed.
 *
 * <p>Both classes are immutable and thread-safe: a fresh {@link Signature} is created per call.
 */
final class JcaEd25519 {
  static final String JCA_NAME = "Ed25519";
  static final int SIGNATURE_LENGTH = 64;

  private static final Set<JWSAlgorithm> ALGS = Set.of(JWSAlgorithm.EdDSA);

  private JcaEd25519() {}

  /** Signs with an Ed25519 private key. */
  static final class Signer implements JWSSigner {
    private final PrivateKey privateKey;
    private final JCAContext jca = new JCAContext();

    Signer(PrivateKey privateKey) {
      this.privateKey = privateKey;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
        throw new JOSEException("Ed25519 signer only signs EdDSA");
      }
      try {
        Signature s = Signature.getInstance(JCA_NAME);
        s.initSign(privateKey);
        s.update(signingInput);
        return Base64URL.encode(s.sign());
      } catch (GeneralSecurityException e) {
        throw new JOSEException("Ed25519 signing failed: " + e.getClass().getSimpleName(), e);
      }
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
    private final PublicKey publicKey;
    private final JCAContext jca = new JCAContext();

    Verifier(PublicKey publicKey) {
      this.publicKey = publicKey;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signedContent, Base64URL signature)
        throws JOSEException {
      if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
        return false;
      }
      byte[] sig = signature.decode();
      if (sig.length != SIGNATURE_LENGTH) {
        return false;
      }
      try {
        Signature s = Signature.getInstance(JCA_NAME);
        s.initVerify(publicKey);
        s.update(signedContent);
        return s.verify(sig);
      } catch (SignatureException e) {
        // The JDK reports a non-canonical or undecodable signature this way: it is a forgery.
        return false;
      } catch (InvalidKeyException e) {
        throw new JOSEException("Ed25519 public key rejected by the JCA provider", e);
      } catch (GeneralSecurityException e) {
        throw new JOSEException("Ed25519 is not available from the JCA", e);
      }
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
