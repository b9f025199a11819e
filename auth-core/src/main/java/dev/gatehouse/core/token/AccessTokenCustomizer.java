package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.UserRecord;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds a host's claims (roles, tenant, plan, anything a resource server decides on) to every access
 * token Gatehouse issues: at login, at each refresh and at a profile switch. Resource servers then
 * decide without a database read per request.
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store)
 *     .accessTokenCustomizer((user, claims) -> {
 *       claims.put("roles", user.superuser() ? List.of("ADMIN", "USER") : List.of("USER"));
 *       claims.put("staff", user.staff());
 *     })
 *     .build();
 * }</pre>
 *
 * <p>Called inside the flow's transaction, once per token, with the user as stored at that moment;
 * an exception it throws fails the flow (nothing is issued, nothing is written). A claim's value is
 * visible to anyone holding the token (it is signed, not encrypted): never put a secret or more
 * personal data than the resource servers need into it. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AccessTokenCustomizer {
  /**
   * Adds claims for one token.
   *
   * @param user the token's user, as stored now; never null
   * @param claims where the claims go; never null
   */
  void customize(UserRecord user, CustomClaims claims);

  /**
   * Runs this customizer for one token; Gatehouse calls it when issuing.
   *
   * @param user the token's user
   * @return the claims it added, unmodifiable
   */
  default Map<String, Object> claimsFor(UserRecord user) {
    CustomClaims claims = new CustomClaims();
    customize(user, claims);
    return claims.asMap();
  }

  /** {@return the customizer that adds nothing (one instance, so it can be recognised)} */
  static AccessTokenCustomizer none() {
    return NoCustomClaims.INSTANCE;
  }

  /**
   * The claims an {@link AccessTokenCustomizer} adds to one access token. A value is a string, a
   * boolean, an integral number or a list of strings, so every JWT library reads it the same way.
   * Registered claim names ({@code sub}, {@code exp}, {@code client_id}, ...) and the configured
   * profile claim are refused when the token is issued.
   *
   * <p>Not thread-safe: one instance belongs to one token being issued.
   */
  public static final class CustomClaims {
    private final Map<String, Object> values = new LinkedHashMap<>();

    CustomClaims() {}

    /**
     * Sets a string claim.
     *
     * @param name the claim name
     * @param value the value
     * @return this object
     * @throws NullPointerException when an argument is null
     */
    public CustomClaims put(String name, String value) {
      values.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets a boolean claim.
     *
     * @param name the claim name
     * @param value the value
     * @return this object
     * @throws NullPointerException when {@code name} is null
     */
    public CustomClaims put(String name, boolean value) {
      values.put(requireNonNull(name, "name"), value);
      return this;
    }

    /**
     * Sets a number claim.
     *
     * @param name the claim name
     * @param value the value
     * @return this object
     * @throws NullPointerException when {@code name} is null
     */
    public CustomClaims put(String name, long value) {
      values.put(requireNonNull(name, "name"), value);
      return this;
    }

    /**
     * Sets a claim holding a list of strings, such as {@code roles}.
     *
     * @param name the claim name
     * @param value the strings, in order
     * @return this object
     * @throws NullPointerException when an argument or an element is null
     */
    public CustomClaims put(String name, Collection<String> value) {
      values.put(requireNonNull(name, "name"), List.copyOf(value));
      return this;
    }

    Map<String, Object> asMap() {
      return Map.copyOf(values);
    }

    @Override
    public String toString() {
      // Names only: values may be personal data.
      return "CustomClaims" + values.keySet();
    }
  }
}
