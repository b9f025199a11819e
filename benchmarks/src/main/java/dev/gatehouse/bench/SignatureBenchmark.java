package dev.gatehouse.bench;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The bare signature primitives under the token algorithms, each provider on the same key and the
 * same 330-byte JWS signing input: Ed25519 through the JDK 17 provider (SunEC) against
 * BouncyCastle's lightweight {@link Ed25519Signer}; ES256 (P-256 ECDSA with SHA-256) through SunEC,
 * through a BouncyCastle JCA provider instance, and through BouncyCastle's lightweight {@link
 * ECDSASigner} on its optimised {@code secp256r1} curve with RFC 6979 nonces; RS256 through the JDK
 * for comparison. {@link TokenBenchmark} puts the library's per-token cost beside these, and {@link
 * SignatureCpu} measures both as thread CPU time, which a shared machine disturbs less.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SignatureBenchmark {
  static final byte[] INPUT =
      ("eyJ0eXAiOiJhdCtqd3QiLCJraWQiOiJiZW5jaCIsImFsZyI6IkVTMjU2In0."
              + "eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS50ZXN0Iiwic3ViIjoiNmQ4ZjFiM2UtOTk0Yi00ZjQ2LWI4"
              + "MjAtMzY5YjE2YzJkOTUwIiwiYXVkIjoiYXBpIiwibmJmIjoxNzY0MDAwMDAwLCJhbXIiOlsicHdkIl0sInNp"
              + "ZCI6IjJhYjY0YjI5LTVmODQtNDFjZC1hNGQyLTBiNGIzN2U2OGQ5MyIsImV4cCI6MTc2NDAwMDMwMCwiaWF0"
              + "IjoxNzY0MDAwMDAwLCJqdGkiOiI3YjY3In0")
          .getBytes(StandardCharsets.US_ASCII);

  private KeyPair jdkEd;
  private Ed25519PrivateKeyParameters bcEdPrivate;
  private Ed25519PublicKeyParameters bcEdPublic;
  private byte[] edSignature;

  private KeyPair ec;
  private Provider bouncyCastle;
  private ECPrivateKeyParameters bcEcPrivate;
  private ECPublicKeyParameters bcEcPublic;
  private byte[] derSignature;
  private BigInteger[] rs;

  private KeyPair rsa;
  private byte[] rsaSignature;

  /** One Ed25519 and one P-256 key pair, each loaded into every stack measured. */
  @Setup
  public void setUp() throws GeneralSecurityException {
    SecureRandom random = new SecureRandom();
    bcEdPrivate = new Ed25519PrivateKeyParameters(random);
    bcEdPublic = bcEdPrivate.generatePublicKey();
    jdkEd = JdkKeys.ed25519(bcEdPrivate.getEncoded(), bcEdPublic.getEncoded());
    edSignature = ed25519SignBc();
    if (!Arrays.equals(edSignature, ed25519SignJdk())) {
      throw new IllegalStateException("Ed25519 is deterministic: both must give the same bytes");
    }

    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), random);
    ec = g.generateKeyPair();
    bouncyCastle = new BouncyCastleProvider();
    X9ECParameters p256 = CustomNamedCurves.getByName("secp256r1");
    ECDomainParameters domain =
        new ECDomainParameters(p256.getCurve(), p256.getG(), p256.getN(), p256.getH());
    bcEcPrivate = new ECPrivateKeyParameters(((ECPrivateKey) ec.getPrivate()).getS(), domain);
    java.security.spec.ECPoint w = ((ECPublicKey) ec.getPublic()).getW();
    bcEcPublic =
        new ECPublicKeyParameters(
            domain.getCurve().createPoint(w.getAffineX(), w.getAffineY()), domain);
    derSignature = es256SignJdk();
    rs = es256SignBcLightweight();
    if (!es256VerifyJdk() || !es256VerifyBcProvider() || !es256VerifyBcLightweight()) {
      throw new IllegalStateException("ES256 stacks disagree");
    }

    KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
    r.initialize(2048, random);
    rsa = r.generateKeyPair();
    rsaSignature = rs256SignJdk();
    if (!rs256VerifyJdk()) {
      throw new IllegalStateException("RS256 does not verify");
    }
  }

  /** RS256 (2048-bit) signing through the JDK, what nimbus's RSASSASigner calls. */
  @Benchmark
  public byte[] rs256SignJdk() throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(rsa.getPrivate());
    s.update(INPUT);
    return s.sign();
  }

  /** RS256 (2048-bit) verification through the JDK. */
  @Benchmark
  public boolean rs256VerifyJdk() throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initVerify(rsa.getPublic());
    s.update(INPUT);
    return s.verify(rsaSignature);
  }

  /** Ed25519 signing through the JDK provider. */
  @Benchmark
  public byte[] ed25519SignJdk() throws GeneralSecurityException {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(jdkEd.getPrivate());
    s.update(INPUT);
    return s.sign();
  }

  /** Ed25519 signing through BouncyCastle's lightweight signer. */
  @Benchmark
  public byte[] ed25519SignBc() {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, bcEdPrivate);
    s.update(INPUT, 0, INPUT.length);
    return s.generateSignature();
  }

  /** Ed25519 verification through the JDK provider. */
  @Benchmark
  public boolean ed25519VerifyJdk() throws GeneralSecurityException {
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(jdkEd.getPublic());
    s.update(INPUT);
    return s.verify(edSignature);
  }

  /** Ed25519 verification through BouncyCastle's lightweight verifier. */
  @Benchmark
  public boolean ed25519VerifyBc() {
    Ed25519Signer s = new Ed25519Signer();
    s.init(false, bcEdPublic);
    s.update(INPUT, 0, INPUT.length);
    return s.verifySignature(edSignature);
  }

  /** ES256 signing through SunEC (what nimbus's ECDSASigner uses by default). */
  @Benchmark
  public byte[] es256SignJdk() throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(ec.getPrivate());
    s.update(INPUT);
    return s.sign();
  }

  /** ES256 signing through a BouncyCastle JCA provider instance. */
  @Benchmark
  public byte[] es256SignBcProvider() throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSA", bouncyCastle);
    s.initSign(ec.getPrivate());
    s.update(INPUT);
    return s.sign();
  }

  /** ES256 signing through BouncyCastle's lightweight ECDSA, RFC 6979 nonces, custom P-256. */
  @Benchmark
  public BigInteger[] es256SignBcLightweight() {
    ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    s.init(true, bcEcPrivate);
    return s.generateSignature(sha256(INPUT));
  }

  /** ES256 verification through SunEC. */
  @Benchmark
  public boolean es256VerifyJdk() throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initVerify(ec.getPublic());
    s.update(INPUT);
    return s.verify(derSignature);
  }

  /** ES256 verification through a BouncyCastle JCA provider instance (what the library uses). */
  @Benchmark
  public boolean es256VerifyBcProvider() throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSA", bouncyCastle);
    s.initVerify(ec.getPublic());
    s.update(INPUT);
    return s.verify(derSignature);
  }

  /** ES256 verification through BouncyCastle's lightweight ECDSA on its custom P-256. */
  @Benchmark
  public boolean es256VerifyBcLightweight() {
    ECDSASigner s = new ECDSASigner();
    s.init(false, bcEcPublic);
    return s.verifySignature(sha256(INPUT), rs[0], rs[1]);
  }

  private static byte[] sha256(byte[] input) {
    SHA256Digest d = new SHA256Digest();
    d.update(input, 0, input.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
