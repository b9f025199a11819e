package dev.gatehouse.examples.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request's JSON object with strict typed accessors: a field that is present with the wrong JSON
 * type (an array where a string is expected — the GitLab reset bug) is refused, never coerced.
 */
public final class JsonBody {
  private final ObjectNode node;

  private JsonBody(ObjectNode node) {
    this.node = node;
  }

  static JsonBody parse(ObjectMapper mapper, byte[] bytes) {
    if (bytes.length == 0) {
      return new JsonBody(mapper.createObjectNode());
    }
    JsonNode n;
    try {
      n = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "malformed_json", "the body is not valid JSON");
    } catch (java.io.IOException e) {
      throw new ApiException(400, "malformed_json", "the body could not be read");
    }
    if (n == null || n.isMissingNode() || n.isNull()) {
      return new JsonBody(mapper.createObjectNode());
    }
    if (!n.isObject()) {
      throw new ApiException(400, "malformed_json", "the body must be a JSON object");
    }
    return new JsonBody((ObjectNode) n);
  }

  /**
   * @param name field name
   * @return the string value, or {@code null} when absent or JSON null
   * @throws ApiException when present with another type
   */
  public String optionalString(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ApiException(400, "invalid_field", name + " must be a string");
    }
    return v.textValue();
  }

  /**
   * @param name field name
   * @return the string value
   * @throws ApiException when absent, null or not a string
   */
  public String string(String name) {
    String s = optionalString(name);
    if (s == null) {
      throw new ApiException(400, "missing_field", name + " is required");
    }
    return s;
  }

  /**
   * @param name field name
   * @return the boolean value, or {@code null} when absent
   * @throws ApiException when present with another type
   */
  public Boolean optionalBoolean(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new ApiException(400, "invalid_field", name + " must be a boolean");
    }
    return v.booleanValue();
  }

  /**
   * @param name field name
   * @return the integer value, or {@code null} when absent
   * @throws ApiException when present with another type
   */
  public Long optionalLong(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber()) {
      throw new ApiException(400, "invalid_field", name + " must be an integer");
    }
    return v.longValue();
  }

  /**
   * @param name field name
   * @return the nested object, or {@code null} when absent
   * @throws ApiException when present with another type
   */
  public JsonBody optionalObject(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new ApiException(400, "invalid_field", name + " must be an object");
    }
    return new JsonBody((ObjectNode) v);
  }
}
