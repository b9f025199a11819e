package dev.gatehouse.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TotpTest {
  private static final byte[] SEED_SHA1 =
      "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED_SHA256 =
      "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED_SHA512 =
      ("1234567890".repeat(6) + "1234").getBytes(StandardCharsets.US_ASCII);

  /** RFC 6238 Appendix B: the test vectors, eight digits, 30-second steps from T0 = 0. */
  static Stream<Arguments> rfc6238AppendixB() {
    return Stream.of(
        Arguments.of(59L, "94287082", "46119246", "90693936"),
        Arguments.of(1111111109L, "07081804", "68084774", "25091201"),
        Arguments.of(1111111111L, "14050471", "67062674", "99943326"),
        Arguments.of(1234567890L, "89005924", "91819424", "93441116"),
        Arguments.of(2000000000L, "69279037", "90698825", "38618901"),
        Arguments.of(20000000000L, "65353130", "77737706", "47863826"));
  }

  @ParameterizedTest(name = "T = {0}")
  @MethodSource("rfc6238AppendixB")
  void codesMatchTheRfc6238AppendixBVectors(long time, String sha1, String sha256, String sha512) {
    Instant at = Instant.ofEpochSecond(time);
    Totp t1 = Totp.of(Totp.Algorithm.SHA1, 8);
    Totp t256 = Totp.of(Totp.Algorithm.SHA256, 8);
    Totp t512 = Totp.of(Totp.Algorithm.SHA512, 8);
    assertThat(t1.code(SEED_SHA1, t1.step(at))).isEqualTo(sha1);
    assertThat(t256.code(SEED_SHA256, t256.step(at))).isEqualTo(sha256);
    assertThat(t512.code(SEED_SHA512, t512.step(at))).isEqualTo(sha512);
    assertThat(t1.match(SEED_SHA1, sha1, at, 0)).hasValue(t1.step(at));
  }

  @Test
  void aCodeMatchesOneStepEitherSideAndNoFurther() {
    Totp totp = Totp.sha1();
    byte[] seed = Totp.newSecret();
    Instant now = Instant.parse("2026-03-01T10:00:15Z");
    long step = totp.step(now);
    assertThat(totp.match(seed, totp.code(seed, step - 1), now, 1)).hasValue(step - 1);
    assertThat(totp.match(seed, totp.code(seed, step + 1), now, 1)).hasValue(step + 1);
    // Two steps away: refused, unless that code happens to equal one inside the window.
    String twoBefore = totp.code(seed, step - 2);
    boolean collides =
        twoBefore.equals(totp.code(seed, step - 1))
            || twoBefore.equals(totp.code(seed, step))
            || twoBefore.equals(totp.code(seed, step + 1));
    assertThat(totp.match(seed, twoBefore, now, 1).isPresent()).isEqualTo(collides);
  }

  @Test
  void malformedCodesMatchNothing() {
    Totp totp = Totp.sha1();
    byte[] seed = Totp.newSecret();
    Instant now = Instant.parse("2026-03-01T10:00:15Z");
    String right = totp.code(seed, totp.step(now));
    assertThat(totp.match(seed, null, now, 1)).isEmpty();
    assertThat(totp.match(seed, "", now, 1)).isEmpty();
    assertThat(totp.match(seed, right + "0", now, 1)).isEmpty();
    assertThat(totp.match(seed, "١٢٣٤٥٦", now, 1)).as("non-ASCII digits").isEmpty();
  }

  @Test
  void theKeyUriNamesIssuerAccountAndParameters() {
    byte[] seed = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    String uri = Totp.sha1().uri("Acme Corp", "alice@example.com", seed);
    assertThat(uri)
        .isEqualTo(
            "otpauth://totp/Acme%20Corp:alice%40example.com?secret="
                + "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Acme%20Corp&algorithm=SHA1&digits=6&period=30");
  }
}
