package dev.gatehouse.testing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens made by PyJWT 2.6.0 as FastAPI-Users' {@code JWTStrategy} makes them ({@code
 * fastapi-users-tokens.py} beside the data says how), for tests of exchanging FastAPI-Users
 * sessions for Gatehouse ones: its sign-in tokens (audience {@code fastapi-users:auth}), and its
 * verify and reset-password tokens, which must never be taken for one.
 */
public final class FastApiUsersVectors {
  /** The user id ({@code sub}) of every case but {@code unknown_user}. */
  public static final String USER_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

  private static final Map<String, Case> CASES = load();

  private FastApiUsersVectors() {}

  /**
   * One token as PyJWT made it.
   *
   * @param name the case: {@code auth}, {@code auth_hs512}, {@code reset_password}, {@code verify}
   *     (other audiences), {@code other_secret} (signed with another secret), {@code unknown_user}
   * @param secret the secret it is signed with
   * @param algorithm the algorithm
   * @param userId its {@code sub}
   * @param token the token
   * @param expiresAt its {@code exp}
   */
  public record Case(
      String name,
      String secret,
      String algorithm,
      String userId,
      String token,
      Instant expiresAt) {
    @Override
    public String toString() {
      return "FastApiUsersVectors.Case[" + name + "]";
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
          "no FastAPI-Users case " + name + "; there are " + CASES.keySet());
    }
    return c;
  }

  private static Map<String, Case> load() {
    Map<String, Case> cases = new LinkedHashMap<>();
    for (Map<String, Object> m : JsonLines.read("fastapi-users-tokens.jsonl")) {
      Case c =
          new Case(
              (String) m.get("name"),
              (String) m.get("secret"),
              (String) m.get("algorithm"),
              (String) m.get("sub"),
              (String) m.get("token"),
              Instant.ofEpochSecond(((Number) m.get("exp")).longValue()));
      cases.put(c.name(), c);
    }
    return Map.copyOf(cases);
  }
}
