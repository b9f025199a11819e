package dev.gatehouse.core.token;

import static dev.gatehouse.core.token.TokenFixtures.SETTINGS;
import static dev.gatehouse.core.token.TokenFixtures.T0;
import static dev.gatehouse.core.token.TokenFixtures.b64;
import static dev.gatehouse.core.token.TokenFixtures.claims;
import static dev.gatehouse.core.token.TokenFixtures.header;
import static dev.gatehouse.core.token.TokenFixtures.key;
import static dev.gatehouse.core.token.TokenFixtures.request;
import static dev.gatehouse.core.token.TokenFixtures.sign;
import static dev.gatehouse.core.token.TokenFixtures.signingInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException.Reason;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import dev.gatehouse.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each test is one way to forge or misuse a token; every one must end in invalid_token. */
class AccessTokenForgeryTest {
  private static final TokenKey RSA = key(SigningAlgorithm.RS256);
  private static final TokenKey EC = key(SigningAlgorithm.ES256);
  private static final SigningKeys KEYS = SigningKeys.of(EC, List.of(RSA));

  private final MutableClock clock = MutableClock.at(T0);
  private final AccessTokenVerifier verifier = new AccessTokenVerifier(KEYS, SETTINGS, clock);

  private void assertRejected(String token, Reason reason) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOfSatisfying(
            InvalidTokenException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.code()).isEqualTo("invalid_token");
              // Same outward message whatever the cause, and never the token.
              assertThat(e.getMessage()).isEqualTo(InvalidTokenException.MESSAGE);
              assertThat(e.getCause()).isNull();
            });
  }

  @Test
  void aCorrectlyBuiltTokenVerifies() {
    assertThat(verifier.verify(sign(EC, header(EC), claims())).subject())
        .isEqualTo(TokenFixtures.SUBJECT);
  }

  @Test
  void anUnsignedAlgNoneTokenIsRejected() {
    Map<String, Object> h = header(EC);
    h.put("alg", "none");
    assertRejected(signingInput(h, claims()) + ".", Reason.MALFORMED);
  }

  @Test
  void anAlgNoneTokenWithAnyFakeSignatureIsRejected() {
    Map<String, Object> h = header(EC);
    h.put("alg", "none");
    assertRejected(signingInput(h, claims()) + ".AAAA", Reason.ALGORITHM_MISMATCH);
  }

  @Test
  void anHs256TokenMacedWithTheRsaPublicKeyIsRejected() throws Exception {
    Map<String, Object> h = header(RSA);
    h.put("alg", "HS256");
    String input = signingInput(h, claims());
    // The classic confusion: the public key the attacker knows, used as the HMAC secret.
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + java.util.Base64.getMimeEncoder()
                .encodeToString(RSA.publicJwk().orElseThrow().toRSAKey().toPublicKey().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    for (byte[] secret :
        List.of(
            pem.getBytes(StandardCharsets.US_ASCII),
            RSA.publicJwk().orElseThrow().toRSAKey().toPublicKey().getEncoded())) {
      Base64URL mac =
          new MACSigner(secret)
              .sign(new JWSHeader(JWSAlgorithm.HS256), input.getBytes(StandardCharsets.US_ASCII));
      assertRejected(input + "." + mac, Reason.ALGORITHM_MISMATCH);
    }
  }

  @Test
  void aBitFlippedSignatureIsRejected() {
    String token = sign(EC, header(EC), claims());
    int dot = token.lastIndexOf('.');
    byte[] sig = new Base64URL(token.substring(dot + 1)).decode();
    sig[10] ^= 0x01;
    assertRejected(token.substring(0, dot + 1) + Base64URL.encode(sig), Reason.BAD_SIGNATURE);
  }

  @Test
  void aChangedClaimUnderAnOldSignatureIsRejected() {
    String token = sign(RSA, header(RSA), claims());
    Map<String, Object> c = claims();
    c.put("sub", "00000000-0000-4000-8000-000000000000");
    String forged = signingInput(header(RSA), c) + token.substring(token.lastIndexOf('.'));
    assertRejected(forged, Reason.BAD_SIGNATURE);
  }

  @Test
  void aNonCanonicalSignatureEncodingIsRejected() {
    String token = sign(EC, header(EC), claims());
    // 64 bytes encode to 86 chars with 4 unused low bits in the last char; set one of them.
    char last = token.charAt(token.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char altered = alphabet.charAt(alphabet.indexOf(last) ^ 0x01);
    assertRejected(token.substring(0, token.length() - 1) + altered, Reason.MALFORMED);
  }

  @Test
  void aDerEncodedEcdsaSignatureIsRejected() throws Exception {
    String token = sign(EC, header(EC), claims());
    int dot = token.lastIndexOf('.');
    byte[] der =
        com.nimbusds.jose.crypto.impl.ECDSA.transcodeSignatureToDER(
            new Base64URL(token.substring(dot + 1)).decode());
    assertRejected(token.substring(0, dot + 1) + Base64URL.encode(der), Reason.BAD_SIGNATURE);
  }

  @Test
  void anAllZeroEcdsaSignatureIsRejected() {
    String token = sign(EC, header(EC), claims());
    String zeros = Base64URL.encode(new byte[64]).toString();
    assertRejected(token.substring(0, token.lastIndexOf('.') + 1) + zeros, Reason.BAD_SIGNATURE);
  }

  @Test
  void aTokenSignedByAnUnknownKeyUnderAKnownKidIsRejected() {
    TokenKey impostor = TokenKey.generate(EC.kid(), SigningAlgorithm.ES256);
    assertRejected(sign(impostor, header(EC), claims()), Reason.BAD_SIGNATURE);
  }

  @Test
  void anUnknownKidIsRejected() {
    TokenKey other = TokenKey.generate("someone-else", SigningAlgorithm.ES256);
    assertRejected(sign(other, header(other), claims()), Reason.UNKNOWN_KEY_ID);
  }

  @Test
  void aTokenWithoutKidIsRejectedEvenWithASingleKey() {
    AccessTokenVerifier single = new AccessTokenVerifier(SigningKeys.of(EC), SETTINGS, clock);
    Map<String, Object> h = header(EC);
    h.remove("kid");
    String token = sign(EC, h, claims());
    assertThatThrownBy(() -> single.verify(token))
        .isInstanceOfSatisfying(
            InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_KEY_ID));
  }

  @Test
  void anEmbeddedJwkHeaderWithTheAttackersKeyIsNotUsed() throws Exception {
    ECKey attacker =
        ECKey.parse(
            TokenKey.generate("evil", SigningAlgorithm.ES256)
                .publicJwk()
                .orElseThrow()
                .toJSONObject());
    TokenKey attackerKey = TokenKey.generate(EC.kid(), SigningAlgorithm.ES256);
    JWK attackerPublic = attackerKey.publicJwk().orElseThrow();
    Map<String, Object> h = header(EC);
    h.put("jwk", attackerPublic.toJSONObject());
    assertRejected(sign(attackerKey, h, claims()), Reason.BAD_SIGNATURE);

    // And without a configured kid, the embedded key is not a fallback either.
    h.remove("kid");
    h.put("jwk", attacker.toJSONObject());
    assertRejected(sign(attackerKey, h, claims()), Reason.MISSING_KEY_ID);
  }

  @Test
  void jkuAndX5uHeadersPointingElsewhereAreIgnored() {
    TokenKey attackerKey = TokenKey.generate(EC.kid(), SigningAlgorithm.ES256);
    Map<String, Object> h = header(EC);
    h.put("jku", "https://attacker.invalid/jwks.json");
    h.put("x5u", "https://attacker.invalid/cert.pem");
    assertRejected(sign(attackerKey, h, claims()), Reason.BAD_SIGNATURE);

    Map<String, Object> unknown = header(attackerKey);
    unknown.put("kid", "from-jku");
    unknown.put("jku", "https://attacker.invalid/jwks.json");
    assertRejected(sign(attackerKey, unknown, claims()), Reason.UNKNOWN_KEY_ID);

    // Our own signature with such headers present still verifies: they are simply not read.
    assertThat(verifier.verify(sign(EC, h, claims())).keyId()).isEqualTo(EC.kid());
  }

  @Test
  void aCritHeaderIsRejected() {
    Map<String, Object> h = header(EC);
    h.put("crit", List.of("exp"));
    h.put("exp", 1);
    assertRejected(sign(EC, h, claims()), Reason.UNSUPPORTED_CRITICAL_HEADER);
  }

  @Test
  void aPlainJwtTypIsRejected() {
    Map<String, Object> h = header(EC);
    h.put("typ", "JWT");
    assertRejected(sign(EC, h, claims()), Reason.WRONG_TYPE);
  }

  @Test
  void aRefreshTokenTypIsRejected() {
    Map<String, Object> h = header(EC);
    h.put("typ", "refresh+jwt");
    assertRejected(sign(EC, h, claims()), Reason.WRONG_TYPE);
  }

  @Test
  void aMissingTypIsRejected() {
    Map<String, Object> h = header(EC);
    h.remove("typ");
    assertRejected(sign(EC, h, claims()), Reason.WRONG_TYPE);
  }

  @Test
  void theFullMediaTypeAtJwtIsAccepted() {
    Map<String, Object> h = header(EC);
    h.put("typ", "application/AT+JWT");
    assertThat(verifier.verify(sign(EC, h, claims())).keyId()).isEqualTo(EC.kid());
  }

  @Test
  void aWrongIssuerIsRejected() {
    Map<String, Object> c = claims();
    c.put("iss", TokenFixtures.ISSUER + "/");
    assertRejected(sign(EC, header(EC), c), Reason.WRONG_ISSUER);
  }

  @Test
  void aWrongAudienceIsRejected() {
    Map<String, Object> c = claims();
    c.put("aud", "https://other.gatehouse.test");
    assertRejected(sign(EC, header(EC), c), Reason.WRONG_AUDIENCE);
  }

  @Test
  void anAudienceListWithOtherAudiencesIsRejected() {
    Map<String, Object> c = claims();
    c.put("aud", List.of(TokenFixtures.AUDIENCE, "https://other.gatehouse.test"));
    assertRejected(sign(EC, header(EC), c), Reason.WRONG_AUDIENCE);
    c.put("aud", List.of(TokenFixtures.AUDIENCE));
    assertThat(verifier.verify(sign(EC, header(EC), c)).keyId()).isEqualTo(EC.kid());
  }

  @Test
  void aTokenExpiredWithinTheSkewIsAccepted() {
    String token = sign(EC, header(EC), claims());
    clock.advance(Duration.ofMinutes(5).plusSeconds(29));
    assertThat(verifier.verify(token).subject()).isEqualTo(TokenFixtures.SUBJECT);
  }

  @Test
  void aTokenExpiredBeyondTheSkewIsRejected() {
    String token = sign(EC, header(EC), claims());
    clock.advance(Duration.ofMinutes(5).plusSeconds(30));
    assertRejected(token, Reason.EXPIRED);
  }

  @Test
  void aTokenWithoutExpIsRejected() {
    Map<String, Object> c = claims();
    c.remove("exp");
    assertRejected(sign(EC, header(EC), c), Reason.MISSING_CLAIM);
  }

  @Test
  void aNotBeforeInTheFutureBeyondTheSkewIsRejected() {
    Map<String, Object> c = claims();
    c.put("nbf", T0.getEpochSecond() + 31);
    assertRejected(sign(EC, header(EC), c), Reason.NOT_YET_VALID);
    c.put("nbf", T0.getEpochSecond() + 30);
    assertThat(verifier.verify(sign(EC, header(EC), c)).keyId()).isEqualTo(EC.kid());
  }

  @Test
  void anIssuedAtInTheFutureBeyondTheSkewIsRejected() {
    Map<String, Object> c = claims();
    c.put("iat", T0.getEpochSecond() + 31);
    c.remove("nbf");
    assertRejected(sign(EC, header(EC), c), Reason.ISSUED_IN_FUTURE);
  }

  @Test
  void aNonNumericExpIsRejected() {
    Map<String, Object> c = claims();
    c.put("exp", "never");
    assertRejected(sign(EC, header(EC), c), Reason.INVALID_CLAIM);
  }

  @Test
  void aMissingSessionIdIsRejected() {
    Map<String, Object> c = claims();
    c.remove("sid");
    assertRejected(sign(EC, header(EC), c), Reason.MISSING_CLAIM);
  }

  @Test
  void aTruncatedTokenIsRejected() {
    String token = new AccessTokenIssuer(KEYS, SETTINGS, clock).issue(request()).token();
    assertRejected(token.substring(0, token.lastIndexOf('.')), Reason.MALFORMED);
    assertRejected(token.substring(0, token.lastIndexOf('.') + 1), Reason.MALFORMED);
    assertThatThrownBy(() -> verifier.verify(token.substring(0, token.length() - 4)))
        .isInstanceOf(InvalidTokenException.class);
    assertRejected(token.substring(0, token.length() / 2), Reason.MALFORMED);
  }

  @Test
  void anOversizedTokenIsRejectedBeforeParsing() {
    String huge = "a".repeat(1024 * 1024) + "." + "b".repeat(10) + "." + "c".repeat(10);
    long start = System.nanoTime();
    assertRejected(huge, Reason.OVERSIZED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void garbageIsRejected() {
    assertRejected("not a token", Reason.MALFORMED);
    assertRejected("a.b.c.d", Reason.MALFORMED);
    assertRejected("eyJ.eyJ.sig", Reason.MALFORMED);
    assertRejected("Bearer " + sign(EC, header(EC), claims()), Reason.MALFORMED);
    assertRejected("e30.e30.e30", Reason.WRONG_TYPE);
    assertRejected(b64("[1,2]") + ".e30.AAAA", Reason.MALFORMED);
    assertRejected(b64("{\"alg\":") + ".e30.AAAA", Reason.MALFORMED);
  }

  @Test
  void aDeeplyNestedHeaderIsRejectedWithoutStackOverflow() {
    String nested = "{\"x\":" + "[".repeat(2500) + "]".repeat(2500) + "}";
    assertRejected(b64(nested) + ".e30.AAAA", Reason.MALFORMED);
    assertRejected(b64("[".repeat(3000)) + ".e30.AAAA", Reason.MALFORMED);
  }

  @Test
  void anEmptyOrBlankTokenIsRejected() {
    assertRejected("", Reason.MISSING);
    assertRejected("   ", Reason.MISSING);
  }

  @Test
  void aNullTokenIsRejectedAsMissingRatherThanThrowingNullPointerException() {
    assertRejected(null, Reason.MISSING);
  }

  @Test
  void aDuplicateAlgHeaderIsRejected() {
    String header = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"es-1\",\"alg\":\"HS256\"}";
    String token = sign(EC, header(EC), claims());
    String forged = b64(header) + token.substring(token.indexOf('.'));
    assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void theIssuedHeaderJsonIsWhatTheVerifierReads() throws Exception {
    String token = new AccessTokenIssuer(KEYS, SETTINGS, clock).issue(request()).token();
    Map<String, Object> h =
        JSONObjectUtils.parse(
            new Base64URL(token.substring(0, token.indexOf('.'))).decodeToString());
    assertThat(h).containsOnlyKeys("alg", "typ", "kid").containsEntry("kid", EC.kid());
  }

  @Test
  void aValidlySignedTokenWhoseSubjectIsNotAUuidIsAnInvalidClaim() {
    for (String sub :
        List.of("42", "admin", "1-1-1-1-1", "7C9E6679-7425-40DE-944B-E07FC1F90AE7x")) {
      Map<String, Object> c = claims();
      c.put("sub", sub);
      assertRejected(sign(EC, header(EC), c), Reason.INVALID_CLAIM);
    }
  }

  @Test
  void anotherClientIdIsRefusedAndAMissingOneIsAcceptedForTokensFromBeforeIt() {
    Map<String, Object> c = claims();
    c.put("client_id", "someone-else");
    assertRejected(sign(EC, header(EC), c), Reason.INVALID_CLAIM);
    c.put("client_id", List.of("gatehouse"));
    assertRejected(sign(EC, header(EC), c), Reason.INVALID_CLAIM);
    c.remove("client_id");
    assertThat(verifier.verify(sign(EC, header(EC), c)).subject()).isEqualTo(TokenFixtures.SUBJECT);
  }

  @Test
  void anAuthTimeInTheFutureOrOfTheWrongTypeIsAnInvalidClaim() {
    Map<String, Object> c = claims();
    c.put("auth_time", clock.instant().plus(Duration.ofHours(1)).getEpochSecond());
    assertRejected(sign(EC, header(EC), c), Reason.INVALID_CLAIM);
    c.put("auth_time", "yesterday");
    assertRejected(sign(EC, header(EC), c), Reason.INVALID_CLAIM);
  }
}
