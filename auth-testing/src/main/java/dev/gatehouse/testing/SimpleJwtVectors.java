package dev.gatehouse.testing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token pairs made by djangorestframework-simplejwt 5.2.2 itself ({@code simplejwt-tokens.py}
 * beside the data says how), for tests of carrying simplejwt sessions over. Each case is signed
 * with the Django {@code SECRET_KEY} below, or with a separate {@code SIGNING_KEY}.
 */
public final class SimpleJwtVectors {
  /** The Django {@code SECRET_KEY} of every case. */
  public static final String SECRET_KEY = "django-insecure-3x4mple-s3cret-k3y-f0r-gatehouse-tests";

  private static final Map<String, Case> CASES = load();

  private SimpleJwtVectors() {}

  /**
   * One token pair as simplejwt issued it.
   *
   * @param name the case: {@code secret_key}, {@code secret_key_second} (another pair of user 7),
   *     {@code secret_key_other_user} (user 12), {@code signing_key_hs512} (HS512 under {@code
   *     signingKey}), {@code unmapped_user} (user 404), {@code uuid_user_id} (a string key)
   * @param signingKey the key it is signed with: simplejwt's {@code SIGNING_KEY}, which is {@link
   *     #SECRET_KEY} unless the case set one
   * @param algorithm simplejwt's {@code ALGORITHM}
   * @param userId the {@code user_id} claim as text
   * @param refresh the refresh token
   * @param access the access token of the pair
   * @param jti the refresh token's {@code jti}
   * @param issuedAt the refresh token's {@code iat}
   * @param expiresAt the refresh token's {@code exp}
   * @param accessExpiresAt the access token's {@code exp}
   */
  public record Case(
      String name,
      String signingKey,
      String algorithm,
      String userId,
      String refresh,
      String access,
      String jti,
      Instant issuedAt,
      Instant expiresAt,
      Instant accessExpiresAt) {
    @Override
    public String toString() {
      return "SimpleJwtVectors.Case[" + name + "]";
    }
  }

  /**
   * @param name the case's name
   * @return the case
   * @throws IllegalArgumentException for an unknown name
   */
  public static Case get(String name) {
    Case c = CASES.get(name);
    if (c == null) {
      throw new IllegalArgumentException(
          "no simplejwt case " + name + "; there are " + CASES.keySet());
    }
    return c;
  }

  private static Map<String, Case> load() {
    Map<String, Case> cases = new LinkedHashMap<>();
    for (Map<String, Object> m : JsonLines.read("simplejwt-tokens.jsonl")) {
      String signing = (String) m.get("signing_key");
      Case c =
          new Case(
              (String) m.get("name"),
              signing != null ? signing : (String) m.get("secret_key"),
              (String) m.get("algorithm"),
              String.valueOf(m.get("user_id")),
              (String) m.get("refresh"),
              (String) m.get("access"),
              (String) m.get("jti"),
              Instant.ofEpochSecond(((Number) m.get("iat")).longValue()),
              Instant.ofEpochSecond(((Number) m.get("exp")).longValue()),
              Instant.ofEpochSecond(((Number) m.get("access_exp")).longValue()));
      cases.put(c.name(), c);
    }
    return Map.copyOf(cases);
  }
}
