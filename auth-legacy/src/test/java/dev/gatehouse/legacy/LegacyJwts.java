package dev.gatehouse.legacy;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.testing.FastApiUsersVectors;
import dev.gatehouse.testing.SimpleJwtVectors;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Legacy tokens shaped as their issuers shape them but with time claims the real vectors do not
 * have ({@code nbf}, an {@code iat} of the test's choosing), signed with the vectors' keys: the
 * cases simplejwt and FastAPI-Users refuse or accept by their time claims alone.
 */
final class LegacyJwts {
  private LegacyJwts() {}

  /**
   * A simplejwt token of user 7 under {@link SimpleJwtVectors#SECRET_KEY} (HS256), valid for a day
   * from {@code iat}.
   *
   * @param tokenType {@code refresh} or {@code access}
   * @param iat its {@code iat}, or {@code null} for none (simplejwt before 5.0)
   * @param extra further claims, e.g. {@code nbf}
   */
  static String simpleJwt(String tokenType, Instant iat, Map<String, Object> extra) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("token_type", tokenType);
    Instant from = iat == null ? Instant.parse("2030-01-01T00:00:00Z") : iat;
    claims.put("exp", from.plusSeconds(86_400).getEpochSecond());
    if (iat != null) {
      claims.put("iat", iat.getEpochSecond());
    }
    claims.put("jti", UUID.randomUUID().toString().replace("-", ""));
    claims.put("user_id", 7);
    claims.putAll(extra);
    return signed(claims, SimpleJwtVectors.SECRET_KEY);
  }

  /**
   * A FastAPI-Users login token of {@link FastApiUsersVectors#USER_ID} under the {@code auth}
   * case's secret (HS256), valid until {@code exp}.
   */
  static String fastApiUsers(Instant exp, Map<String, Object> extra) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", FastApiUsersVectors.USER_ID);
    claims.put("aud", List.of("fastapi-users:auth"));
    claims.put("exp", exp.getEpochSecond());
    claims.putAll(extra);
    return signed(claims, FastApiUsersVectors.get("auth").secret());
  }

  private static String signed(Map<String, Object> claims, String key) {
    String input =
        b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")
            + "."
            + b64(JSONObjectUtils.toJSONString(claims));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input
          + "."
          + Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))).toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
