package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.Gatehouse;
import java.text.ParseException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

/**
 * Signs the provider's tokens with Gatehouse's key ring ({@link Gatehouse#signJwt}), the only key
 * source: the algorithm and {@code kid} are the ring's current key's, whatever the server asked
 * for, so rotating the ring rotates the provider's keys with Gatehouse's. Thread-safe.
 */
final class KeyRingJwtEncoder implements JwtEncoder {
  /** The provider's tokens' type: never Gatehouse's own access tokens' {@code at+jwt}. */
  static final String TYPE = "JWT";

  private final Gatehouse gatehouse;

  KeyRingJwtEncoder(Gatehouse gatehouse) {
    this.gatehouse = requireNonNull(gatehouse, "gatehouse");
  }

  @Override
  public Jwt encode(JwtEncoderParameters parameters) {
    JwtClaimsSet claims = requireNonNull(parameters, "parameters").getClaims();
    String token = gatehouse.signJwt(PlainJson.plainMap(claims.getClaims()), TYPE);
    try {
      SignedJWT signed = SignedJWT.parse(token);
      return Jwt.withTokenValue(token)
          .headers(h -> h.putAll(signed.getHeader().toJSONObject()))
          .claims(c -> c.putAll(claims.getClaims()))
          .build();
    } catch (ParseException e) {
      throw new JwtEncodingException("the key ring's token does not parse", e);
    }
  }
}
