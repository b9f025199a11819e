package dev.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simplejwt vectors a host's cut-over tests read are what they say: each refresh token is
 * signed by its case's key with its algorithm (and by no other key) and carries the case's user,
 * {@code jti} and times, so a test that accepts them proves a reading of real simplejwt tokens.
 */
class SimpleJwtVectorsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "secret_key",
        "secret_key_second",
        "secret_key_other_user",
        "signing_key_hs512",
        "unmapped_user",
        "uuid_user_id"
      })
  void eachCasesRefreshTokenIsSignedByItsKeyAndCarriesItsClaims(String name) throws Exception {
    SimpleJwtVectors.Case c = SimpleJwtVectors.get(name);
    SignedJWT refresh = SignedJWT.parse(c.refresh());
    assertThat(refresh.getHeader().getAlgorithm().getName()).isEqualTo(c.algorithm());
    assertThat(refresh.verify(new MACVerifier(c.signingKey().getBytes(StandardCharsets.UTF_8))))
        .isTrue();
    assertThat(refresh.verify(new MACVerifier("x".repeat(64) + c.signingKey()))).isFalse();
    JWTClaimsSet claims = refresh.getJWTClaimsSet();
    assertThat(claims.getStringClaim("token_type")).isEqualTo("refresh");
    assertThat(claims.getJWTID()).isEqualTo(c.jti());
    assertThat(String.valueOf(claims.getClaim("user_id"))).isEqualTo(c.userId());
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(c.expiresAt());
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(c.issuedAt());
    assertThat(SignedJWT.parse(c.access()).getJWTClaimsSet().getExpirationTime().toInstant())
        .isEqualTo(c.accessExpiresAt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "no_such_case"})
  void anUnknownCaseIsRefusedNamingTheCasesThereAre(String name) {
    assertThatThrownBy(() -> SimpleJwtVectors.get(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret_key");
  }
}
