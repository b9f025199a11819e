package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * One access-token key: a {@code kid}, the single {@link SigningAlgorithm} it may be used with, and
 * its key material. A key built from a private key or an HMAC secret can sign; one built from a
 * public key can only verify (a retired key kept for tokens still in flight, see {@link
 * SigningKeys}).
 *
 * <pre>{@code
 * TokenKey current = TokenKey.fromPem("2026-11", SigningAlgorithm.ES256, Files.readString(pemPath));
 * TokenKey hmac = TokenKey.hmacBase64("hs-1", System.getenv("JWT_SECRET"));
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the {@code kid} and algorithm, never key
 * material. Every factory fails with {@link ConfigurationException} naming the {@code kid} when the
 * key is unusable: an HMAC secret under 256 bits, an RSA modulus under 2048 bits, an EC key not on
 * P-256, a key whose type does not match the algorithm, or a private key that does not produce
 * signatures its public key accepts.
 */
public final class TokenKey {
  static final int MIN_HMAC_BYTES = 32;
  static final int MIN_RSA_BITS = 2048;

  // DER prefixes of the SPKI / PKCS#8 encodings of a raw 32-byte Ed25519 key (RFC 8410).
  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] ED25519_PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");
  private static final byte[] SELF_TEST_INPUT =
      "gatehouse.key-check".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String kid;
  private final SigningAlgorithm algorithm;
  private final JWSSigner signer; // null when verification-only
  private final JWSVerifier verifier;
  private final JWK publicJwk; // null for HMAC: a shared secret is never published
  private final JWSHeader verificationHeader;

  private TokenKey(
      String kid,
      SigningAlgorithm algorithm,
      JWSSigner signer,
      JWSVerifier verifier,
      JWK publicJwk) {
    this.kid = kid;
    this.algorithm = algorithm;
    this.signer = signer;
    this.verifier = verifier;
    this.publicJwk = publicJwk;
    // The verifier only ever sees this header, built from the key, never the token's own header:
    // embedded jwk/jku/x5u/x5c and the token's alg cannot reach the crypto.
    this.verificationHeader = new JWSHeader(algorithm.jws());
  }

  /**
   * An HS256 key from raw secret bytes. The array is copied.
   *
   * @param kid non-blank key id
   * @param secret at least 32 bytes (256 bits)
   * @return a key that can sign and verify
   * @throws ConfigurationException when the secret is shorter than 256 bits or {@code kid} is blank
   * @throws NullPointerException when an argument is null
   */
  public static TokenKey hmac(String kid, byte[] secret) {
    checkKid(kid);
    requireNonNull(secret, "secret");
    if (secret.length < MIN_HMAC_BYTES) {
      throw new ConfigurationException(
          "Key '"
              + kid
              + "': HS256 secret is "
              + secret.length * 8
              + " bits; at least "
              + MIN_HMAC_BYTES * 8
              + " are required");
    }
    byte[] copy = secret.clone();
    try {
      return new TokenKey(
          kid, SigningAlgorithm.HS256, new MACSigner(copy), new MACVerifier(copy), null);
    } catch (JOSEException e) {
      throw new ConfigurationException("Key '" + kid + "': HS256 secret rejected", e);
    }
  }

  /**
   * An HS256 key from a base64 secret (standard or URL-safe alphabet, padding and whitespace
   * optional), as produced by {@code openssl rand -base64 32}.
   *
   * @param kid non-blank key id
   * @param base64Secret the secret; must decode to at least 32 bytes
   * @return a key that can sign and verify
   * @throws ConfigurationException when the value is not base64 or too short
   * @throws NullPointerException when an argument is null
   */
  public static TokenKey hmacBase64(String kid, String base64Secret) {
    checkKid(kid);
    requireNonNull(base64Secret, "base64Secret");
    String normalized =
        base64Secret.replaceAll("\\s", "").replace('-', '+').replace('_', '/').replace("=", "");
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(normalized);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Key '" + kid + "': HS256 secret is not valid base64");
    }
    try {
      return hmac(kid, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * A key from PEM text: an unencrypted PKCS#8 {@code PRIVATE KEY} (the key can then sign; its
   * public half is derived) or an SPKI {@code PUBLIC KEY} (verification only). When the text holds
   * both, the private key is used.
   *
   * @param kid non-blank key id
   * @param algorithm RS256, ES256 or EDDSA
   * @param pem the PEM text
   * @return the key
   * @throws ConfigurationException when the PEM is unreadable, the algorithm is HS256, or the key
   *     does not fit the algorithm
   * @throws NullPointerException when an argument is null
   */
  public static TokenKey fromPem(String kid, SigningAlgorithm algorithm, String pem) {
    checkKid(kid);
    requireNonNull(algorithm, "algorithm");
    requireNonNull(pem, "pem");
    if (algorithm == SigningAlgorithm.HS256) {
      throw new ConfigurationException(
          "Key '" + kid + "': HS256 takes a secret (TokenKey.hmac), not a PEM key");
    }
    Pem.Block block = Pem.read(pem, kid);
    try {
      KeyFactory kf = KeyFactory.getInstance(jcaKeyAlgorithm(algorithm));
      if (block.label().equals(Pem.PRIVATE_KEY)) {
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(block.der()));
        return asymmetric(kid, algorithm, derivePublic(kid, algorithm, priv), priv);
      }
      return asymmetric(
          kid, algorithm, kf.generatePublic(new X509EncodedKeySpec(block.der())), null);
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException(
          "Key '" + kid + "': PEM does not hold a valid " + algorithm.joseName() + " key", e);
    }
  }

  /**
   * Generates a fresh random key (HMAC: 256-bit secret; RSA: 2048 bits; EC: P-256; Ed25519).
   *
   * @param kid non-blank key id
   * @param algorithm the algorithm
   * @return a key that can sign and verify
   * @throws ConfigurationException when {@code kid} is blank
   * @throws NullPointerException when an argument is null
   */
  public static TokenKey generate(String kid, SigningAlgorithm algorithm) {
    checkKid(kid);
    requireNonNull(algorithm, "algorithm");
    if (algorithm == SigningAlgorithm.HS256) {
      byte[] secret = new byte[MIN_HMAC_BYTES];
      RANDOM.nextBytes(secret);
      return hmac(kid, secret);
    }
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(jcaKeyAlgorithm(algorithm));
      switch (algorithm) {
        case RS256 -> g.initialize(MIN_RSA_BITS, RANDOM);
        case ES256 -> g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        default -> {
          // Ed25519 has a single parameter set.
        }
      }
      KeyPair pair = g.generateKeyPair();
      // A pair the JCA has just generated matches: no sign-and-verify self-test at start-up.
      return asymmetric(kid, algorithm, pair.getPublic(), pair.getPrivate(), false);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA cannot generate " + algorithm.joseName() + " keys", e);
    }
  }

  /**
   * A key from a parsed JWK, which must carry {@code kid} and {@code alg}, and {@code use=sig} if
   * it has a {@code use}.
   */
  static TokenKey fromJwk(JWK jwk) {
    String kid = jwk.getKeyID();
    if (kid == null || kid.isBlank()) {
      throw new ConfigurationException("JWK of type " + jwk.getKeyType() + " has no 'kid'");
    }
    if (jwk.getAlgorithm() == null) {
      throw new ConfigurationException("JWK '" + kid + "' has no 'alg'");
    }
    SigningAlgorithm algorithm =
        SigningAlgorithm.fromJoseName(jwk.getAlgorithm().getName())
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "JWK '"
                            + kid
                            + "': alg '"
                            + jwk.getAlgorithm().getName()
                            + "' is not one of HS256, RS256, ES256, EdDSA"));
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
      throw new ConfigurationException("JWK '" + kid + "': use must be 'sig'");
    }
    KeyType expected =
        switch (algorithm) {
          case HS256 -> KeyType.OCT;
          case RS256 -> KeyType.RSA;
          case ES256 -> KeyType.EC;
          case EDDSA -> KeyType.OKP;
        };
    if (!expected.equals(jwk.getKeyType())) {
      throw new ConfigurationException(
          "JWK '"
              + kid
              + "': kty "
              + jwk.getKeyType()
              + " does not match alg "
              + algorithm.joseName());
    }
    try {
      switch (algorithm) {
        case HS256:
          return hmac(kid, ((OctetSequenceKey) jwk).toByteArray());
        case RS256:
          {
            RSAKey rsa = (RSAKey) jwk;
            return asymmetric(
                kid,
                algorithm,
                rsa.toRSAPublicKey(),
                rsa.isPrivate() ? rsa.toRSAPrivateKey() : null);
          }
        case ES256:
          {
            ECKey ec = (ECKey) jwk;
            if (!Curve.P_256.equals(ec.getCurve())) {
              throw new ConfigurationException("JWK '" + kid + "': ES256 needs crv P-256");
            }
            return asymmetric(
                kid, algorithm, ec.toECPublicKey(), ec.isPrivate() ? ec.toECPrivateKey() : null);
          }
        default:
          {
            OctetKeyPair okp = (OctetKeyPair) jwk;
            if (!Curve.Ed25519.equals(okp.getCurve())) {
              throw new ConfigurationException("JWK '" + kid + "': EdDSA needs crv Ed25519");
            }
            KeyFactory kf = KeyFactory.getInstance(Ed25519Jws.JCA_NAME);
            PublicKey pub =
                kf.generatePublic(
                    new X509EncodedKeySpec(concat(ED25519_SPKI_PREFIX, okp.getDecodedX())));
            PrivateKey priv =
                okp.isPrivate()
                    ? kf.generatePrivate(
                        new PKCS8EncodedKeySpec(concat(ED25519_PKCS8_PREFIX, okp.getDecodedD())))
                    : null;
            return asymmetric(kid, algorithm, pub, priv);
          }
      }
    } catch (JOSEException | GeneralSecurityException e) {
      throw new ConfigurationException(
          "JWK '" + kid + "' is not a valid " + algorithm.joseName() + " key", e);
    }
  }

  private static TokenKey asymmetric(
      String kid, SigningAlgorithm algorithm, PublicKey pub, PrivateKey priv) {
    return asymmetric(kid, algorithm, pub, priv, true);
  }

  private static TokenKey asymmetric(
      String kid, SigningAlgorithm algorithm, PublicKey pub, PrivateKey priv, boolean selfTest) {
    try {
      JWSSigner signer = null;
      JWSVerifier verifier;
      JWK jwk;
      switch (algorithm) {
        case RS256:
          {
            if (!(pub instanceof RSAPublicKey rsa)
                || (priv != null && !(priv instanceof RSAPrivateKey))) {
              throw wrongType(kid, algorithm);
            }
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
              throw new ConfigurationException(
                  "Key '" + kid + "': RSA key is " + bits + " bits; at least 2048 are required");
            }
            verifier = new RSASSAVerifier(rsa);
            signer = priv == null ? null : new RSASSASigner(priv);
            jwk =
                new RSAKey.Builder(rsa)
                    .keyID(kid)
                    .algorithm(algorithm.jws())
                    .keyUse(KeyUse.SIGNATURE)
                    .build();
            break;
          }
        case ES256:
          {
            if (!(pub instanceof ECPublicKey ec)
                || (priv != null && !(priv instanceof ECPrivateKey))) {
              throw wrongType(kid, algorithm);
            }
            if (!Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
              throw new ConfigurationException("Key '" + kid + "': ES256 needs a P-256 key");
            }
            try {
              verifier = new Es256Jws.Verifier(ec);
            } catch (IllegalArgumentException e) {
              throw new ConfigurationException(
                  "Key '" + kid + "': the EC public key is not a point on P-256", e);
            }
            signer = priv == null ? null : new Es256Jws.Signer((ECPrivateKey) priv);
            jwk =
                new ECKey.Builder(Curve.P_256, ec)
                    .keyID(kid)
                    .algorithm(algorithm.jws())
                    .keyUse(KeyUse.SIGNATURE)
                    .build();
            break;
          }
        case EDDSA:
          {
            if (!(pub instanceof EdECPublicKey ed)
                || !Ed25519Jws.JCA_NAME.equals(ed.getParams().getName())
                || (priv != null && !(priv instanceof EdECPrivateKey))) {
              throw wrongType(kid, algorithm);
            }
            byte[] x = rawEd25519(pub);
            try {
              verifier = new Ed25519Jws.Verifier(x);
            } catch (IllegalArgumentException e) {
              throw new ConfigurationException(
                  "Key '" + kid + "': the Ed25519 public key is not a point on the curve", e);
            }
            signer = priv == null ? null : new Ed25519Jws.Signer(ed25519Seed(kid, priv));
            jwk =
                new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
                    .keyID(kid)
                    .algorithm(algorithm.jws())
                    .keyUse(KeyUse.SIGNATURE)
                    .build();
            break;
          }
        default:
          throw wrongType(kid, algorithm);
      }
      TokenKey key = new TokenKey(kid, algorithm, signer, verifier, jwk);
      if (signer != null && selfTest) {
        key.checkPairMatches();
      }
      return key;
    } catch (JOSEException e) {
      throw new ConfigurationException(
          "Key '" + kid + "' is not a usable " + algorithm.joseName() + " key", e);
    }
  }

  private void checkPairMatches() throws JOSEException {
    Base64URL sig = signer.sign(verificationHeader, SELF_TEST_INPUT);
    if (!verifier.verify(verificationHeader, SELF_TEST_INPUT, sig)) {
      throw new ConfigurationException(
          "Key '" + kid + "': the private key does not match the public key");
    }
  }

  private static PublicKey derivePublic(String kid, SigningAlgorithm algorithm, PrivateKey priv)
      throws GeneralSecurityException {
    switch (algorithm) {
      case RS256:
        if (priv instanceof RSAPrivateCrtKey crt) {
          return KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        }
        throw new ConfigurationException(
            "Key '" + kid + "': RSA private key lacks its CRT parameters (public exponent)");
      case ES256:
        {
          if (!(priv instanceof ECPrivateKey ec)) {
            throw wrongType(kid, algorithm);
          }
          X9ECParameters p256 = CustomNamedCurves.getByName("secp256r1");
          org.bouncycastle.math.ec.ECPoint q = p256.getG().multiply(ec.getS()).normalize();
          ECPoint w =
              new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
          return KeyFactory.getInstance("EC")
              .generatePublic(new ECPublicKeySpec(w, ec.getParams()));
        }
      case EDDSA:
        {
          if (!(priv instanceof EdECPrivateKey ed)) {
            throw wrongType(kid, algorithm);
          }
          Optional<byte[]> seed = ed.getBytes();
          if (seed.isEmpty() || seed.get().length != 32) {
            throw wrongType(kid, algorithm);
          }
          byte[] x =
              new Ed25519PrivateKeyParameters(seed.get(), 0).generatePublicKey().getEncoded();
          Arrays.fill(seed.get(), (byte) 0);
          return KeyFactory.getInstance(Ed25519Jws.JCA_NAME)
              .generatePublic(new X509EncodedKeySpec(concat(ED25519_SPKI_PREFIX, x)));
        }
      default:
        throw wrongType(kid, algorithm);
    }
  }

  private static String jcaKeyAlgorithm(SigningAlgorithm algorithm) {
    return switch (algorithm) {
      case RS256 -> "RSA";
      case ES256 -> "EC";
      case EDDSA -> Ed25519Jws.JCA_NAME;
      case HS256 -> "HmacSHA256";
    };
  }

  /** A copy of the 32-byte seed of an Ed25519 private key (the signer wipes it after use). */
  private static byte[] ed25519Seed(String kid, PrivateKey priv) {
    Optional<byte[]> seed = ((EdECPrivateKey) priv).getBytes();
    if (seed.isEmpty() || seed.get().length != 32) {
      throw wrongType(kid, SigningAlgorithm.EDDSA);
    }
    return seed.get();
  }

  private static byte[] rawEd25519(PublicKey pub) {
    byte[] spki = pub.getEncoded();
    return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
  }

  private static ConfigurationException wrongType(String kid, SigningAlgorithm algorithm) {
    return new ConfigurationException(
        "Key '" + kid + "': key type does not match algorithm " + algorithm.joseName());
  }

  private static void checkKid(String kid) {
    requireNonNull(kid, "kid");
    if (kid.isBlank() || kid.length() > 128) {
      throw new ConfigurationException("kid must be 1 to 128 non-blank characters");
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** {@return the key id, unique within a {@link SigningKeys}. Never null} */
  public String kid() {
    return kid;
  }

  /** {@return the only algorithm this key signs or verifies with. Never null} */
  public SigningAlgorithm algorithm() {
    return algorithm;
  }

  /** {@return whether this key holds private material (or an HMAC secret) and so can sign} */
  public boolean canSign() {
    return signer != null;
  }

  /**
   * This key without its private half, for keeping a retired asymmetric key as verification-only.
   * An HMAC key is returned unchanged: its secret is needed to verify.
   *
   * @return a key that can only verify; never {@code null}
   */
  public TokenKey verificationOnly() {
    if (signer == null || algorithm == SigningAlgorithm.HS256) {
      return this;
    }
    return new TokenKey(kid, algorithm, null, verifier, publicJwk);
  }

  /**
   * The public JWK ({@code kid}, {@code alg}, {@code use=sig}, public parameters) or empty for
   * HMAC.
   */
  Optional<JWK> publicJwk() {
    return Optional.ofNullable(publicJwk);
  }

  /** Signs a JWS whose header the caller built with this key's alg and kid. */
  Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
    if (signer == null) {
      throw new IllegalStateException("Key '" + kid + "' is verification-only");
    }
    return signer.sign(header, signingInput);
  }

  /**
   * The compact JWS of {@code claims} under {@code header} ({@code encodedHeader} its base64url
   * form), the one way every token of the key ring is signed.
   */
  String signCompact(JWSHeader header, String encodedHeader, Map<String, Object> claims) {
    String signingInput = encodedHeader + "." + ClaimsJson.encoded(claims);
    try {
      return signingInput + "." + sign(header, signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException e) {
      throw new AuthInfrastructureException(
          ErrorCode.TOKEN_SIGNING_FAILED,
          "Signing a token with key '" + kid + "' failed",
          false,
          e);
    }
  }

  /**
   * Verifies a signature over {@code signingInput} with this key's fixed algorithm. Every malformed
   * signature is a clean {@code false}; this is the single path both tokens and the Wycheproof
   * vectors go through.
   */
  boolean verifySignature(byte[] signingInput, Base64URL signature) {
    try {
      return verifier.verify(verificationHeader, signingInput, signature);
    } catch (JOSEException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "TokenKey[kid=" + kid + ", alg=" + algorithm.joseName() + ", canSign=" + canSign() + "]";
  }
}
