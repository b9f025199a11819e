package dev.gatehouse.spring.web.internal.shared;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request's JSON object with strict typed accessors: a field that is present with the wrong JSON
 * type (an array where a string is expected) is refused, never coerced.
 */
public final class JsonBody {
  private final ObjectNode node;

  JsonBody(ObjectNode node) {
    this.node = node;
  }

  /** {@return the object itself, for readers with other typing rules (the DRF contract)} */
  public ObjectNode node() {
    return node;
  }

  /**
   * @param name field name
   * @return whether the field is present (even as {@code null})
   */
  public boolean has(String name) {
    return node.has(name);
  }

  /**
   * @param name field name
   * @return the string value, or {@code null} when absent or JSON null
   * @throws ApiException 400 {@code invalid_field} when present with another type
   */
  public String optionalString(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new ApiException(ProtocolError.INVALID_FIELD, name + " must be a string");
    }
    return v.stringValue();
  }

  /**
   * @param name field name
   * @return the string value
   * @throws ApiException 400 {@code missing_field} when absent or null, {@code invalid_field} when
   *     not a string
   */
  public String string(String name) {
    String s = optionalString(name);
    if (s == null) {
      throw new ApiException(ProtocolError.MISSING_FIELD, name + " is required");
    }
    return s;
  }

  /**
   * @param name field name
   * @return the boolean value, or {@code null} when absent
   * @throws ApiException 400 {@code invalid_field} when present with another type
   */
  public Boolean optionalBoolean(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new ApiException(ProtocolError.INVALID_FIELD, name + " must be a boolean");
    }
    return v.booleanValue();
  }

  /**
   * @param name field name
   * @return the integer value, or {@code null} when absent
   * @throws ApiException 400 {@code invalid_field} when present with another type
   */
  public Long optionalLong(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ApiException(ProtocolError.INVALID_FIELD, name + " must be an integer");
    }
    return v.longValue();
  }

  /**
   * @param name field name
   * @return the nested object, or {@code null} when absent
   * @throws ApiException 400 {@code invalid_field} when present with another type
   */
  public JsonBody optionalObject(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new ApiException(ProtocolError.INVALID_FIELD, name + " must be an object");
    }
    return new JsonBody((ObjectNode) v);
  }

  /**
   * @param name field name
   * @return the nested object as JSON text, or {@code null} when absent
   * @throws ApiException 400 {@code invalid_field} when present with another type
   */
  public String optionalObjectText(String name) {
    JsonBody o = optionalObject(name);
    return o == null ? null : ContractJson.text(o.node);
  }
}
