package dev.gatehouse.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.bench.SideBySide.Tokens;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Access-token verification on the resource side, after {@link SideBySide}'s launches: the same
 * verifier (nimbus-jose-jwt, with each side's published JWKS, checking signature, {@code exp} and
 * {@code iss}) over tokens each side issued, as thread CPU per verification in interleaved blocks.
 */
final class SideBySideVerification {
  private final SideBySideSettings s;
  private final Consumer<String> out;
  private final List<String> errors;

  SideBySideVerification(SideBySideSettings s, Consumer<String> out, List<String> errors) {
    this.s = s;
    this.out = out;
    this.errors = errors;
  }

  void run(Tokens gh, Tokens kc) throws Exception {
    line("## Access-token verification on the resource side");
    line("");
    if (gh == null || kc == null || gh.access().isEmpty() || kc.access().isEmpty()) {
      errors.add("no access tokens collected for verification");
      return;
    }
    if (s.alg().equals("EdDSA")) {
      line("- skipped: nimbus verifies Ed25519 only with Tink, which benchmarks does not carry.");
      return;
    }
    DefaultJWTProcessor<SecurityContext> ghP = processor(gh);
    DefaultJWTProcessor<SecurityContext> kcP = processor(kc);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int blocks = s.full() ? 20 : 8;
    int per = s.full() ? 2000 : 500;
    Runnable ghRun = verifier(ghP, gh.access(), per);
    Runnable kcRun = verifier(kcP, kc.access(), per);
    for (int i = 0; i < 3; i++) { // warm-up: JIT
      ghRun.run();
      kcRun.run();
    }
    long[] ghCpu = new long[blocks];
    long[] kcCpu = new long[blocks];
    for (int b = 0; b < blocks; b++) {
      long t0 = mx.getCurrentThreadCpuTime();
      ghRun.run();
      long t1 = mx.getCurrentThreadCpuTime();
      kcRun.run();
      long t2 = mx.getCurrentThreadCpuTime();
      ghCpu[b] = (t1 - t0) / per;
      kcCpu[b] = (t2 - t1) / per;
    }
    Arrays.sort(ghCpu);
    Arrays.sort(kcCpu);
    double ghUs = ghCpu[blocks / 2] / 1000.0;
    double kcUs = kcCpu[blocks / 2] / 1000.0;
    int ghLen = gh.access().get(0).length();
    int kcLen = kc.access().get(0).length();
    line(
        "Same verifier for both: nimbus-jose-jwt "
            + "DefaultJWTProcessor with the side's JWKS (fetched from the server), checking the "
            + s.alg()
            + " signature, exp, sub and iss; thread CPU per verification, median of "
            + blocks
            + " interleaved blocks of "
            + per
            + ", one thread.");
    line("");
    line("| figure | Gatehouse | Keycloak | GH / KC |");
    line("|---|---|---|---|");
    line(
        String.format(
            Locale.ROOT,
            "| verifications/s per core | %.0f | %.0f | **%.2f** |",
            1e6 / ghUs,
            1e6 / kcUs,
            kcUs / ghUs));
    line(
        String.format(
            Locale.ROOT,
            "| CPU µs per verification | %.1f | %.1f | %.2f |",
            ghUs,
            kcUs,
            ghUs / kcUs));
    line(
        String.format(
            Locale.ROOT,
            "| access token length (chars) | %d | %d | %.2f |",
            ghLen,
            kcLen,
            (double) ghLen / kcLen));
    line("");
    line(
        String.format(
            Locale.ROOT,
            "Target: token verification ≥ 1.0× Keycloak: %.2f× (%s).",
            kcUs / ghUs,
            kcUs / ghUs >= 1.0 ? "met" : "missed"));
  }

  private DefaultJWTProcessor<SecurityContext> processor(Tokens t) throws Exception {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    p.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.parse(s.alg()), new ImmutableJWKSet<>(JWKSet.parse(t.jwks()))));
    p.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(t.issuer()).build(), Set.of("exp", "sub")));
    // Check all once: a token that does not verify is an error, not a fast path.
    for (String a : t.access()) {
      p.process(a, null);
    }
    return p;
  }

  private static Runnable verifier(
      DefaultJWTProcessor<SecurityContext> p, List<String> tokens, int n) {
    return () -> {
      try {
        for (int i = 0; i < n; i++) {
          p.process(tokens.get(i % tokens.size()), null);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private void line(String l) {
    out.accept(l);
  }
}
