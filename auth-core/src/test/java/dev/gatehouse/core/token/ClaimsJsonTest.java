package dev.gatehouse.core.token;

import static dev.gatehouse.core.token.TokenFixtures.SETTINGS;
import static dev.gatehouse.core.token.TokenFixtures.T0;
import static dev.gatehouse.core.token.TokenFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.token.AccessTokenIssuer.AccessTokenRequest;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import dev.gatehouse.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClaimsJsonTest {

  /**
   * Every character a claim's string may hold that JSON treats specially, and some that it does
   * not.
   */
  private static final String HARD;

  static {
    StringBuilder b = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      b.append(c);
    }
    b.append("\u00e9\u2028\u2029\u20ac\ud83d\ude00\ud800<>&='");
    HARD = b.toString();
  }

  @Test
  void theClaimsAreWrittenByteForByteAsNimbusWritesThem() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", "https://issuer.example/\"quoted\"\\");
    claims.put("sub", "0d6c2a52-8a34-4d2f-9a34-0a6b8c9d1e2f");
    claims.put("iat", 1_764_000_000L);
    claims.put("neg", -7L);
    claims.put("int", 42);
    claims.put("max", Long.MAX_VALUE);
    claims.put("min", Long.MIN_VALUE);
    claims.put("yes", true);
    claims.put("no", false);
    claims.put("none", null);
    claims.put("amr", List.of("pwd", "otp"));
    claims.put("empty", List.of());
    claims.put("act", Map.of("sub", "admin"));
    claims.put("hard", HARD);
    claims.put(HARD, List.of(HARD, "x"));
    claims.put("nested", Map.of("k", List.of("a")));

    assertThat(ClaimsJson.json(claims)).isEqualTo(JSONObjectUtils.toJSONString(claims));
    assertThat(ClaimsJson.encoded(claims))
        .isEqualTo(Base64URL.encode(JSONObjectUtils.toJSONString(claims)).toString());
  }

  @Test
  void randomStringsAreWrittenAsNimbusWritesThem() {
    Random random = new Random(55);
    for (int round = 0; round < 2_000; round++) {
      char[] chars = new char[random.nextInt(40)];
      for (int i = 0; i < chars.length; i++) {
        // Mostly the first 256 code points and the line separators, where escaping differs.
        chars[i] =
            random.nextInt(10) == 0
                ? (char) (0x2020 + random.nextInt(16))
                : (char) random.nextInt(256);
      }
      Map<String, Object> claims = Map.of("s", new String(chars));
      assertThat(ClaimsJson.json(claims)).isEqualTo(JSONObjectUtils.toJSONString(claims));
    }
  }

  @Test
  void anIssuedTokensPayloadIsNimbussJsonOfItsClaims() throws Exception {
    // A lone surrogate does not survive UTF-8 in either writer: left out of the round trip.
    String hard = HARD.replace("\ud800", "");
    AccessTokenIssuer issuer =
        new AccessTokenIssuer(
            SigningKeys.of(key(SigningAlgorithm.EDDSA)), SETTINGS, MutableClock.at(T0));
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("roles", List.of("staff", hard));
    custom.put("act", Map.of("sub", "9b0f7c1e-2d3a-4b5c-8d6e-7f8091a2b3c4"));
    custom.put("level", 3L);
    custom.put("beta", true);
    String token =
        issuer
            .issue(
                new AccessTokenRequest(
                    "0d6c2a52-8a34-4d2f-9a34-0a6b8c9d1e2f",
                    "session-1",
                    List.of("pwd"),
                    "17",
                    Map.of("locale", "fr\u2028"),
                    Instant.parse("2026-11-27T09:00:00Z"),
                    custom))
            .token();

    String payload = token.split("\\.")[1];
    Map<String, Object> claims = JSONObjectUtils.parse(new Base64URL(payload).decodeToString());
    assertThat(new Base64URL(payload).decodeToString())
        .isEqualTo(JSONObjectUtils.toJSONString(new LinkedHashMap<>(claims)));
    assertThat(claims).containsEntry("roles", new ArrayList<>(List.of("staff", hard)));
    assertThat(JWSObject.parse(token).getPayload().toJSONObject()).containsEntry("beta", true);
  }

  @Test
  void aValueOfAnotherTypeIsRefusedRatherThanWrittenSomehow() {
    assertThatThrownBy(() -> ClaimsJson.json(Map.of("x", 1.5d)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Double");
  }
}
