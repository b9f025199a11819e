package dev.gatehouse.spring.web.internal.shared;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The one rule for text a request brings: no control character (Unicode's {@code Cc}: C0, DEL and
 * C1, NUL included) in any field, path variable, parameter or JSON member, nested ones too. Such
 * text is refused before any service sees it (400 {@code invalid_field} naming the field), so a NUL
 * never reaches a database that cannot store it (PostgreSQL) nor one that would (H2). The readers
 * of a request call it: {@link ContractJson#read} for JSON bodies, the peer contracts' form
 * readers, and {@link RequestTextCheck} for path variables and parameters. Static and thread-safe.
 */
public final class RequestText {
  private RequestText() {}

  /**
   * Refuses a value holding a control character.
   *
   * @param field the field's name, as the client sent it
   * @param value the value; {@code null} passes
   * @throws ApiException 400 {@code invalid_field} naming {@code field}
   */
  public static void check(String field, @Nullable String value) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.getType(value.charAt(i)) == Character.CONTROL) {
        throw ApiException.invalidText(field);
      }
    }
  }

  /**
   * Refuses a JSON value whose names or strings, at any depth, hold a control character.
   *
   * @param field the name the value has in the request (a nested one is named {@code outer.inner};
   *     the body itself, {@code ""}, is named {@code body} when a name of its own is refused)
   * @param value the value
   * @throws ApiException 400 {@code invalid_field} naming the field where the character is
   */
  public static void check(String field, JsonNode value) {
    if (value.isString()) {
      check(field, value.stringValue());
    } else if (value.isArray()) {
      for (JsonNode item : value) {
        check(field, item);
      }
    } else if (value.isObject()) {
      for (Map.Entry<String, JsonNode> member : value.properties()) {
        // A name is refused as its object's: the client's name is never echoed unchecked.
        check(field.isEmpty() ? "body" : field, member.getKey());
        check(field.isEmpty() ? member.getKey() : field + "." + member.getKey(), member.getValue());
      }
    }
  }
}
