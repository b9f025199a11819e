package dev.gatehouse.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.token.AccessTokenIssuer;
import dev.gatehouse.core.token.AccessTokenIssuer.AccessTokenRequest;
import dev.gatehouse.core.token.AccessTokenSettings;
import dev.gatehouse.core.token.AccessTokenVerifier;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SigningKeys;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import dev.gatehouse.core.token.TokenKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Access-token signing and verification through {@link AccessTokenIssuer} / {@link
 * AccessTokenVerifier} against plain nimbus-jose-jwt with the same algorithm and the same key: raw
 * signing builds the same claims with {@link JWTClaimsSet} and {@link SignedJWT#sign}; raw
 * verification is {@link SignedJWT#parse}, {@link SignedJWT#verify} and reading the claims, without
 * the library's header, issuer, audience and time checks.
 *
 * <p>Two baselines differ from "nimbus as shipped": nimbus's own EdDSA classes need Google Tink,
 * which Gatehouse does not carry, so raw EdDSA uses a JDK {@code Ed25519} signer/verifier plugged
 * into nimbus (as the library does); and for ES256 {@link #rawVerifyBc} repeats raw verification
 * with the BouncyCastle provider the library uses instead of SunEC, to separate the provider's cost
 * from the library's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TokenBenchmark {
  /** The algorithm. */
  @Param({"HS256", "RS256", "ES256", "EdDSA"})
  public String alg;

  private static final String ISSUER = "https://auth.example.test";
  private static final String AUDIENCE = "api";
  private static final String SUBJECT = UUID.randomUUID().toString();
  private static final String SESSION = UUID.randomUUID().toString();

  private AccessTokenIssuer issuer;
  private AccessTokenVerifier verifier;
  private AccessTokenRequest request;
  private JWSSigner rawSigner;
  private JWSVerifier rawVerifier;
  private JWSVerifier rawVerifierBc;
  private JWSAlgorithm jwsAlg;
  private String token;

  /** Makes one key, both stacks over it, and a token the library issued. */
  @Setup
  public void setUp() throws GeneralSecurityException, JOSEException, ParseException {
    SigningAlgorithm algorithm = SigningAlgorithm.fromJoseName(alg).orElseThrow();
    String kid = "bench-" + alg;
    TokenKey key;
    SecureRandom random = new SecureRandom();
    switch (algorithm) {
      case HS256 -> {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        key = TokenKey.hmac(kid, secret);
        rawSigner = new MACSigner(secret);
        rawVerifier = new MACVerifier(secret);
        jwsAlg = JWSAlgorithm.HS256;
      }
      case RS256 -> {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, random);
        KeyPair pair = g.generateKeyPair();
        key = TokenKey.fromPem(kid, algorithm, pem(pair.getPrivate()));
        rawSigner = new RSASSASigner(pair.getPrivate());
        rawVerifier = new RSASSAVerifier((RSAPublicKey) pair.getPublic());
        jwsAlg = JWSAlgorithm.RS256;
      }
      case ES256 -> {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair pair = g.generateKeyPair();
        key = TokenKey.fromPem(kid, algorithm, pem(pair.getPrivate()));
        rawSigner = new ECDSASigner((ECPrivateKey) pair.getPrivate());
        rawVerifier = new ECDSAVerifier((ECPublicKey) pair.getPublic());
        ECDSAVerifier bc = new ECDSAVerifier((ECPublicKey) pair.getPublic());
        bc.getJCAContext().setProvider(new BouncyCastleProvider());
        rawVerifierBc = bc;
        jwsAlg = JWSAlgorithm.ES256;
      }
      default -> {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        key = TokenKey.fromPem(kid, algorithm, pem(pair.getPrivate()));
        rawSigner = new JdkEd25519(pair.getPrivate(), null);
        rawVerifier = new JdkEd25519(null, pair.getPublic());
        jwsAlg = JWSAlgorithm.EdDSA;
      }
    }
    SigningKeys keys = SigningKeys.of(key);
    AccessTokenSettings settings = AccessTokenSettings.of(ISSUER, AUDIENCE);
    issuer = new AccessTokenIssuer(keys, settings, Clock.systemUTC());
    verifier = new AccessTokenVerifier(keys, settings, Clock.systemUTC());
    request = AccessTokenRequest.of(SUBJECT, SESSION, List.of("pwd"), "42");
    token = issuer.issue(request).token();
    if (!verifier.verify(rawSign()).subject().equals(SUBJECT) || rawVerify() == null) {
      throw new IllegalStateException(alg + ": library and raw nimbus disagree");
    }
  }

  /** The library signs a token. */
  @Benchmark
  public String librarySign() {
    return issuer.issue(request).token();
  }

  /** Raw nimbus signs a token with the same header and claims. */
  @Benchmark
  public String rawSign() throws JOSEException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(SUBJECT)
            .claim("sid", SESSION)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)))
            .jwtID(UUID.randomUUID().toString())
            .claim("amr", List.of("pwd"))
            .claim("profile_id", "42")
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(jwsAlg)
                .type(new JOSEObjectType("at+jwt"))
                .keyID("bench-" + alg)
                .build(),
            claims);
    jwt.sign(rawSigner);
    return jwt.serialize();
  }

  /** The library verifies a token: shape, header, signature, issuer, audience, times, claims. */
  @Benchmark
  public VerifiedAccessToken libraryVerify() {
    return verifier.verify(token);
  }

  /** Raw nimbus parses, verifies the signature and reads the claims of the same token. */
  @Benchmark
  public JWTClaimsSet rawVerify() throws ParseException, JOSEException {
    return verifyWith(rawVerifier);
  }

  /** As {@link #rawVerify} with the BouncyCastle provider the library uses (ES256 only). */
  @Benchmark
  public JWTClaimsSet rawVerifyBc() throws ParseException, JOSEException {
    return rawVerifierBc == null ? null : verifyWith(rawVerifierBc);
  }

  private JWTClaimsSet verifyWith(JWSVerifier v) throws ParseException, JOSEException {
    SignedJWT jwt = SignedJWT.parse(token);
    if (!jwt.verify(v)) {
      throw new IllegalStateException("bad signature");
    }
    return jwt.getJWTClaimsSet();
  }

  private static String pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** Ed25519 through the JDK for nimbus (nimbus's own needs Google Tink). */
  private static final class JdkEd25519 implements JWSSigner, JWSVerifier {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final JCAContext jca = new JCAContext();

    JdkEd25519(PrivateKey privateKey, PublicKey publicKey) {
      this.privateKey = privateKey;
      this.publicKey = publicKey;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] input) throws JOSEException {
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(privateKey);
        s.update(input);
        return Base64URL.encode(s.sign());
      } catch (GeneralSecurityException e) {
        throw new JOSEException(e.getMessage(), e);
      }
    }

    @Override
    public boolean verify(JWSHeader header, byte[] input, Base64URL signature)
        throws JOSEException {
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(publicKey);
        s.update(input);
        return s.verify(signature.decode());
      } catch (GeneralSecurityException e) {
        throw new JOSEException(e.getMessage(), e);
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }
}
