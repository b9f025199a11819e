package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims an {@link AccessTokenCustomizer} adds to one access token. A value is a string, a
 * boolean, an integral number or a list of strings, so every JWT library reads it the same way.
 * Registered claim names ({@code sub}, {@code exp}, {@code client_id}, ...) and the configured
 * profile claim are refused when the token is issued.
 *
 * <p>Not thread-safe: one instance belongs to one token being issued.
 */
public final class CustomClaims {
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
