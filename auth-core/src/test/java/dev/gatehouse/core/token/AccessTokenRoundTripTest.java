package dev.gatehouse.core.token;

import static dev.gatehouse.core.token.TokenFixtures.AUDIENCE;
import static dev.gatehouse.core.token.TokenFixtures.ISSUER;
import static dev.gatehouse.core.token.TokenFixtures.SESSION;
import static dev.gatehouse.core.token.TokenFixtures.SETTINGS;
import static dev.gatehouse.core.token.TokenFixtures.SUBJECT;
import static dev.gatehouse.core.token.TokenFixtures.T0;
import static dev.gatehouse.core.token.TokenFixtures.key;
import static dev.gatehouse.core.token.TokenFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.token.AccessTokenIssuer.AccessTokenRequest;
import dev.gatehouse.core.token.AccessTokenIssuer.IssuedAccessToken;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException.Reason;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import dev.gatehouse.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AccessTokenRoundTripTest {
  private final MutableClock clock = MutableClock.at(T0.plusMillis(700));

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void aTokenIssuedWithEachAlgorithmVerifiesWithAllItsClaims(SigningAlgorithm alg)
      throws Exception {
    SigningKeys keys = SigningKeys.of(key(alg));
    IssuedAccessToken issued = new AccessTokenIssuer(keys, SETTINGS, clock).issue(request());

    VerifiedAccessToken at = new AccessTokenVerifier(keys, SETTINGS, clock).verify(issued.token());

    assertThat(at.subject()).isEqualTo(SUBJECT);
    assertThat(at.sessionId()).isEqualTo(SESSION);
    assertThat(at.amr()).containsExactly("pwd", "otp");
    assertThat(at.profileId()).contains("prof-42");
    assertThat(at.claim("locale")).contains("en");
    assertThat(at.claim("exp")).isEmpty();
    assertThat(at.issuedAt()).isEqualTo(T0);
    assertThat(at.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(at.jwtId()).isEqualTo(issued.jwtId());
    assertThat(at.keyId()).isEqualTo(key(alg).kid()).isEqualTo(issued.keyId());

    SignedJWT jwt = SignedJWT.parse(issued.token());
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(alg.jws());
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(key(alg).kid());
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(ISSUER);
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(AUDIENCE);
    assertThat(jwt.getJWTClaimsSet().getNotBeforeTime())
        .isEqualTo(jwt.getJWTClaimsSet().getIssueTime());
    assertThat(jwt.getJWTClaimsSet().getStringClaim("profile_id")).isEqualTo("prof-42");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("gatehouse");
    assertThat(jwt.getJWTClaimsSet().getClaim("auth_time")).isNull();
    assertThat(at.authTime()).isEmpty();
  }

  @Test
  void simplejwtClaimsAddTokenTypeAndUserIdAndANumericProfileThatVerifiesBack() throws Exception {
    SigningKeys keys = SigningKeys.of(key(SigningAlgorithm.ES256));
    AccessTokenSettings jb = SETTINGS.withSimplejwtClaims(true);
    AccessTokenRequest numeric =
        new AccessTokenRequest(SUBJECT, SESSION, List.of("pwd"), "42", Map.of(), null, Map.of());
    String token = new AccessTokenIssuer(keys, jb, clock).issue(numeric).token();

    var claims = SignedJWT.parse(token).getJWTClaimsSet();
    assertThat(claims.getClaim("profile_id")).isEqualTo(42L);
    assertThat(claims.getStringClaim("token_type")).isEqualTo("access");
    assertThat(claims.getStringClaim("user_id")).isEqualTo(SUBJECT);
    assertThat(new AccessTokenVerifier(keys, jb, clock).verify(token).profileId()).contains("42");
    // Without the setting a verifier still reads the number (tokens cross a configuration change).
    assertThat(new AccessTokenVerifier(keys, SETTINGS, clock).verify(token).profileId())
        .contains("42");
    // A profile id that is not a number stays a string.
    String named = new AccessTokenIssuer(keys, jb, clock).issue(request()).token();
    assertThat(SignedJWT.parse(named).getJWTClaimsSet().getStringClaim("profile_id"))
        .isEqualTo("prof-42");
    // Off (the default): no simplejwt claims, and the profile claim is a string.
    String plain = new AccessTokenIssuer(keys, SETTINGS, clock).issue(numeric).token();
    var off = SignedJWT.parse(plain).getJWTClaimsSet();
    assertThat(off.getStringClaim("profile_id")).isEqualTo("42");
    assertThat(off.getClaim("token_type")).isNull();
    assertThat(off.getClaim("user_id")).isNull();
  }

  @Test
  void customClaimsKeepTheirJsonTypesAndAuthTimeIsWritten() throws Exception {
    SigningKeys keys = SigningKeys.of(key(SigningAlgorithm.ES256));
    AccessTokenRequest req =
        new AccessTokenRequest(
            SUBJECT,
            SESSION,
            List.of("pwd"),
            null,
            Map.of(),
            T0.minus(Duration.ofHours(2)),
            Map.of(
                "roles",
                List.of("ADMIN", "USER"),
                "beta",
                true,
                "seats",
                12,
                "act",
                Map.of("sub", "7d3c2a4e-0000-4000-8000-000000000001")));
    String token = new AccessTokenIssuer(keys, SETTINGS, clock).issue(req).token();

    VerifiedAccessToken at = new AccessTokenVerifier(keys, SETTINGS, clock).verify(token);
    assertThat(at.claims())
        .containsEntry("roles", List.of("ADMIN", "USER"))
        .containsEntry("beta", true)
        .containsEntry("seats", 12L)
        .containsEntry("act", Map.of("sub", "7d3c2a4e-0000-4000-8000-000000000001"));
    assertThat(at.authTime()).contains(T0.minus(Duration.ofHours(2)));
    assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("roles"))
        .containsExactly("ADMIN", "USER");
  }

  @Test
  void customClaimsRefuseRegisteredNamesAndOtherValueTypes() {
    assertThatThrownBy(
            () ->
                new AccessTokenRequest(
                    SUBJECT, SESSION, List.of(), null, Map.of(), null, Map.of("exp", 1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'exp'");
    assertThatThrownBy(
            () ->
                new AccessTokenRequest(
                    SUBJECT, SESSION, List.of(), null, Map.of(), null, Map.of("x", 1.5d)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x'");
    assertThatThrownBy(
            () ->
                new AccessTokenRequest(
                    SUBJECT, SESSION, List.of(), null, Map.of(), null, Map.of("x", List.of(1, 2))))
        .isInstanceOf(IllegalArgumentException.class);
    // Objects only flat and of strings (RFC 8693's act).
    assertThatThrownBy(
            () ->
                new AccessTokenRequest(
                    SUBJECT,
                    SESSION,
                    List.of(),
                    null,
                    Map.of(),
                    null,
                    Map.of("act", Map.of("sub", Map.of("sub", "x")))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eddsaTokensUseTheStandardAlgName() throws Exception {
    SigningKeys keys = SigningKeys.of(key(SigningAlgorithm.EDDSA));
    String token = new AccessTokenIssuer(keys, SETTINGS, clock).issue(request()).token();
    assertThat(JWSObject.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
  }

  @Test
  void eachTokenGetsAFreshJti() {
    AccessTokenIssuer issuer =
        new AccessTokenIssuer(SigningKeys.of(key(SigningAlgorithm.ES256)), SETTINGS, clock);
    assertThat(issuer.issue(request()).jwtId()).isNotEqualTo(issuer.issue(request()).jwtId());
  }

  @Test
  void theProfileClaimNameAndTtlFollowTheSettings() {
    AccessTokenSettings custom =
        SETTINGS.withProfileClaim("pid").withAccessTokenTtl(Duration.ofMinutes(1));
    SigningKeys keys = SigningKeys.of(key(SigningAlgorithm.HS256));
    IssuedAccessToken issued = new AccessTokenIssuer(keys, custom, clock).issue(request());
    VerifiedAccessToken at = new AccessTokenVerifier(keys, custom, clock).verify(issued.token());
    assertThat(at.profileId()).contains("prof-42");
    assertThat(at.claim("pid")).contains("prof-42");
    assertThat(at.expiresAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void aTokenWithoutProfileOrAmrVerifies() {
    SigningKeys keys = SigningKeys.of(key(SigningAlgorithm.HS256));
    String token =
        new AccessTokenIssuer(keys, SETTINGS, clock)
            .issue(AccessTokenRequest.of(SUBJECT, SESSION, List.of(), null))
            .token();
    VerifiedAccessToken at = new AccessTokenVerifier(keys, SETTINGS, clock).verify(token);
    assertThat(at.profileId()).isEmpty();
    assertThat(at.amr()).isEmpty();
  }

  @Test
  void aTokenSignedByThePreviousKeyStillVerifiesAfterRotation() {
    SigningKeys before = SigningKeys.of(key(SigningAlgorithm.RS256));
    String old = new AccessTokenIssuer(before, SETTINGS, clock).issue(request()).token();

    SigningKeys after = before.rotateTo(key(SigningAlgorithm.ES256));

    VerifiedAccessToken at = new AccessTokenVerifier(after, SETTINGS, clock).verify(old);
    assertThat(at.keyId()).isEqualTo("rs-1");
    assertThat(after.previous()).extracting(TokenKey::kid).containsExactly("rs-1");
    assertThat(after.previous().get(0).canSign()).isFalse();
  }

  @Test
  void newTokensAfterRotationCarryTheNewKid() {
    SigningKeys after =
        SigningKeys.of(key(SigningAlgorithm.RS256)).rotateTo(key(SigningAlgorithm.ES256));
    IssuedAccessToken issued = new AccessTokenIssuer(after, SETTINGS, clock).issue(request());
    assertThat(issued.keyId()).isEqualTo("es-1");
    assertThat(new AccessTokenVerifier(after, SETTINGS, clock).verify(issued.token()).keyId())
        .isEqualTo("es-1");
  }

  @Test
  void aTokenSignedByADroppedPreviousKeyFails() {
    SigningKeys before = SigningKeys.of(key(SigningAlgorithm.RS256));
    String old = new AccessTokenIssuer(before, SETTINGS, clock).issue(request()).token();
    SigningKeys dropped = before.rotateTo(key(SigningAlgorithm.ES256)).withoutPrevious("rs-1");

    assertThatThrownBy(() -> new AccessTokenVerifier(dropped, SETTINGS, clock).verify(old))
        .isInstanceOfSatisfying(
            InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY_ID));
  }

  @Test
  void theIssuedTokenToStringHidesTheToken() {
    IssuedAccessToken issued =
        new AccessTokenIssuer(SigningKeys.of(key(SigningAlgorithm.HS256)), SETTINGS, clock)
            .issue(request());
    assertThat(issued.toString()).doesNotContain(issued.token()).contains("<redacted>");
  }

  @Test
  void issueRefusesExtraClaimsThatWouldExceedTheMaximumLength() {
    AccessTokenIssuer issuer =
        new AccessTokenIssuer(SigningKeys.of(key(SigningAlgorithm.HS256)), SETTINGS, clock);
    AccessTokenRequest big =
        new AccessTokenRequest(SUBJECT, SESSION, List.of(), null, Map.of("blob", "x".repeat(9000)));
    assertThatThrownBy(() -> issuer.issue(big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTokenLength");
  }

  @Test
  void aRequestRefusesADatabaseKeyAsSubject() {
    assertThatThrownBy(() -> AccessTokenRequest.of("42", SESSION, List.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                AccessTokenRequest.of(
                    SUBJECT.toUpperCase(java.util.Locale.ROOT), SESSION, List.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRequestRefusesExtraClaimsThatOverrideRegisteredClaims() {
    assertThatThrownBy(
            () -> new AccessTokenRequest(SUBJECT, SESSION, List.of(), null, Map.of("sub", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sub");
  }
}
