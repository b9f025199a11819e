package dev.gatehouse.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.token.AccessTokenIssuer.AccessTokenRequest;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keys generated once per test run (RSA generation is slow) and token-building helpers. */
final class TokenFixtures {
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  static final String ISSUER = "https://auth.gatehouse.test";
  static final String AUDIENCE = "https://api.gatehouse.test";
  static final AccessTokenSettings SETTINGS = AccessTokenSettings.of(ISSUER, AUDIENCE);
  static final String SUBJECT = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  static final String SESSION = "sess-0001";

  static final Map<SigningAlgorithm, TokenKey> KEYS = new EnumMap<>(SigningAlgorithm.class);

  static {
    KEYS.put(SigningAlgorithm.HS256, TokenKey.generate("hs-1", SigningAlgorithm.HS256));
    KEYS.put(SigningAlgorithm.RS256, TokenKey.generate("rs-1", SigningAlgorithm.RS256));
    KEYS.put(SigningAlgorithm.ES256, TokenKey.generate("es-1", SigningAlgorithm.ES256));
    KEYS.put(SigningAlgorithm.EDDSA, TokenKey.generate("ed-1", SigningAlgorithm.EDDSA));
  }

  private TokenFixtures() {}

  static TokenKey key(SigningAlgorithm alg) {
    return KEYS.get(alg);
  }

  static AccessTokenRequest request() {
    return new AccessTokenRequest(
        SUBJECT, SESSION, List.of("pwd", "otp"), "prof-42", Map.of("locale", "en"));
  }

  /** The header the issuer writes for {@code key}, as a mutable map. */
  static Map<String, Object> header(TokenKey key) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", key.algorithm().joseName());
    h.put("typ", "at+jwt");
    h.put("kid", key.kid());
    return h;
  }

  /** Valid claims at {@link #T0}, as a mutable map. */
  static Map<String, Object> claims() {
    Map<String, Object> c = new LinkedHashMap<>();
    long now = T0.getEpochSecond();
    c.put("iss", ISSUER);
    c.put("aud", AUDIENCE);
    c.put("sub", SUBJECT);
    c.put("sid", SESSION);
    c.put("iat", now);
    c.put("nbf", now);
    c.put("exp", now + 300);
    c.put("jti", "8d1f3e2a-1b2c-4d5e-8f90-123456789abc");
    c.put("amr", List.of("pwd"));
    return c;
  }

  static String signingInput(Map<String, Object> header, Map<String, Object> claims) {
    return b64(JSONObjectUtils.toJSONString(header))
        + "."
        + b64(JSONObjectUtils.toJSONString(claims));
  }

  static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Signs whatever header and claims with {@code key}, whatever the header says. */
  static String sign(TokenKey key, Map<String, Object> header, Map<String, Object> claims) {
    String input = signingInput(header, claims);
    try {
      Base64URL sig =
          key.sign(new JWSHeader(key.algorithm().jws()), input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + sig;
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }
}
