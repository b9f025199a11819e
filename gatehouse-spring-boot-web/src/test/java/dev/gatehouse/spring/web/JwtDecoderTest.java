package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.spring.web.token.GatehouseJwtDecoder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Spring Security and Gatehouse's access tokens: the decoder bean accepts them after Spring's RFC
 * 9068 validators and refuses a tampered, expired or foreign-key token; a resource server elsewhere
 * verifies them with nothing but the published JWKS and the same validators.
 */
class JwtDecoderTest extends ContractTestSupport {
  @Autowired JwtDecoder decoder;

  @Test
  void theDecoderIsGatehousesAndAcceptsItsTokens() throws Exception {
    assertThat(decoder).isInstanceOf(GatehouseJwtDecoder.class);
    Reply login = login();
    Jwt jwt = decoder.decode(login.text("access"));
    assertThat(jwt.getSubject()).isEqualTo(login.json().at("/user/id").asString());
    assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt");
    assertThat(jwt.getAudience()).isNotEmpty();
    assertThat(jwt.getId()).isNotBlank();
  }

  @Test
  void aTamperedTokenIsRefused() throws Exception {
    String token = login().text("access");
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    payload
                        .replaceFirst(
                            "\"sub\":\"[^\"]+\"", "\"sub\":\"" + java.util.UUID.randomUUID() + "\"")
                        .getBytes())
            + "."
            + parts[2];
    assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
    assertProblem(http.get("/api/hello/", forged), 401, "invalid_token");
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    String token = login().text("access");
    clock.advance(Duration.ofMinutes(6));
    try {
      assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(BadJwtException.class);
    } finally {
      clock.advance(Duration.ofMinutes(-6));
    }
    assertThat(decoder.decode(token).getSubject()).isNotBlank();
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefusedEvenWithTheRightKid() throws Exception {
    SignedJWT real = SignedJWT.parse(login().text("access"));
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID(real.getHeader().getKeyID()).generate();
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(real.getHeader().getType())
                .keyID(real.getHeader().getKeyID())
                .build(),
            real.getJWTClaimsSet());
    forged.sign(new ECDSASigner(other));
    String token = forged.serialize();
    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(BadJwtException.class);
    assertProblem(http.get("/api/hello/", token), 401, "invalid_token");
  }

  @Test
  void aResourceServerElsewhereVerifiesTokensWithThePublishedJwksAndTheStandardValidators()
      throws Exception {
    Reply login = login();
    JWKSet jwks = JWKSet.parse(http.get("/.well-known/jwks.json", null).raw().body());
    NimbusJwtDecoder elsewhere =
        NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<SecurityContext>(jwks))
            .jwsAlgorithm(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES256)
            .jwtProcessorCustomizer(p -> p.setJWSTypeVerifier((type, context) -> {}))
            .build();
    elsewhere.setJwtValidator(GatehouseJwtDecoder.standardValidator(gatehouse.config()));
    Jwt jwt = elsewhere.decode(login.text("access"));
    assertThat(jwt.getSubject()).isEqualTo(login.json().at("/user/id").asString());
    String refresh = login.text("refresh");
    assertThatThrownBy(() -> elsewhere.decode(refresh)).isInstanceOf(JwtException.class);
  }

  @Test
  void garbageIsABadJwt() {
    assertThatThrownBy(() -> decoder.decode("garbage")).isInstanceOf(BadJwtException.class);
    assertThatThrownBy(() -> decoder.decode("a.b.c")).isInstanceOf(BadJwtException.class);
  }

  @Test
  void rolesAndScopesBecomeAuthorities() {
    Jwt jwt =
        Jwt.withTokenValue("t")
            .header("alg", "ES256")
            .claims(
                c ->
                    c.putAll(
                        Map.of(
                            "sub", "u",
                            "roles", List.of("admin", "ROLE_staff", " "),
                            "scope", "read write")))
            .build();
    assertThat(
            new GatehouseAuthoritiesConverter()
                .convert(jwt).stream().map(GrantedAuthority::getAuthority).toList())
        .containsExactly("ROLE_admin", "ROLE_staff", "SCOPE_read", "SCOPE_write");
    Jwt none = Jwt.withTokenValue("t").header("alg", "ES256").claim("sub", "u").build();
    assertThat(new GatehouseAuthoritiesConverter().convert(none)).isEmpty();
  }
}
