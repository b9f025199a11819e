package dev.gatehouse.spring.web.internal.drf;

import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request body read and validated as a Django REST framework serializer reads it, for the {@code
 * jb-drf-auth} contract: JSON, form-urlencoded or multipart (a nested object as dotted keys, {@code
 * device.token=…}); each field coerced by DRF's rules (a {@code CharField} takes a number and
 * trims, a {@code BooleanField} takes {@code "true"} or {@code 1}); every field's errors collected
 * under its name with DRF's messages and codes, and refused together by {@link #check}.
 */
public final class DrfForm {
  /** DRF's {@code EmailField} check (Django's validator, in its usual reach). */
  private static final Pattern EMAIL =
      Pattern.compile("^[^@\\s]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9-]+)+$");

  /** One error of a field: DRF's message and its {@code ErrorDetail} code. */
  public record Error(String message, String code) {}

  private final ObjectNode data;
  private final Map<String, Object> errors = new LinkedHashMap<>();

  DrfForm(ObjectNode data) {
    this.data = data;
  }

  /**
   * Reads a request's body by its media type: JSON (or no body), form or multipart.
   *
   * @param request the request
   * @return the form
   * @throws DrfException 415 for another media type, 400 for malformed JSON, 413 past the limit
   */
  public static DrfForm read(HttpServletRequest request) {
    return read(request, ContractJson.MAX_BODY_BYTES);
  }

  /**
   * Reads a request's body as {@link #read(HttpServletRequest)} does, up to {@code maxBytes}.
   *
   * @param request the request
   * @param maxBytes the largest JSON body read
   * @return the form
   */
  public static DrfForm read(HttpServletRequest request, int maxBytes) {
    String type = request.getContentType();
    MediaType media = null;
    if (type != null) {
      try {
        media = MediaType.parseMediaType(type);
      } catch (RuntimeException e) {
        media = null;
      }
    }
    if (media != null
        && (MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(media)
            || MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(media))) {
      return new DrfForm(fromParameters(request.getParameterMap()));
    }
    try {
      return new DrfForm(ContractJson.read(request, maxBytes).node());
    } catch (ApiException e) {
      if (e.field() != null) {
        throw e; // a field's refusal, which JbErrors keys by the field as DRF does
      }
      throw switch (e.status()) {
        case 415 -> DrfException.detail(415, "Unsupported media type \"" + type + "\" in request.");
        case 413 -> DrfException.detail(413, "Request body exceeded the size limit.");
        default -> DrfException.detail(400, "JSON parse error - " + e.getMessage());
      };
    }
  }

  /** Django's {@code DATA_UPLOAD_MAX_NUMBER_FIELDS}: more form fields are refused. */
  static final int MAX_FORM_FIELDS = 1000;

  /**
   * Form fields as an object: {@code a.b=v} becomes {@code {"a": {"b": "v"}}}, one level deep (a
   * nested serializer such as {@code device}); {@code a.b.c} is the field {@code b.c} of {@code a}.
   */
  static ObjectNode fromParameters(Map<String, String[]> parameters) {
    if (parameters.size() > MAX_FORM_FIELDS) {
      throw DrfException.detail(
          400, "The number of GET/POST parameters exceeded " + MAX_FORM_FIELDS + ".");
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, String[]> e : parameters.entrySet()) {
      String[] values = e.getValue();
      if (values == null || values.length == 0) {
        continue;
      }
      // DRF's QueryDict gives a serializer field the last value of a repeated key.
      String value = values[values.length - 1];
      String[] path = e.getKey().split("\\.", 2);
      ObjectNode at = root;
      for (int i = 0; i < path.length - 1; i++) {
        JsonNode next = at.get(path[i]);
        at = next instanceof ObjectNode o ? o : at.putObject(path[i]);
      }
      at.put(path[path.length - 1], value);
    }
    return root;
  }

  /** {@return whether the field was sent at all} */
  public boolean has(String name) {
    return data.has(name);
  }

  private void add(String name, String message, String code) {
    @SuppressWarnings("unchecked")
    List<Error> list = (List<Error>) errors.computeIfAbsent(name, k -> new ArrayList<Error>());
    list.add(new Error(message, code));
  }

  /**
   * A DRF {@code CharField}: a string or number, trimmed.
   *
   * @param name the field
   * @param required whether it must be present
   * @param allowBlank whether an empty value is accepted
   * @param maxLength the longest value, or 0 for no limit
   * @return the value, or {@code null} when absent, null or refused
   */
  public String chars(String name, boolean required, boolean allowBlank, int maxLength) {
    return chars(name, required, allowBlank, 0, maxLength);
  }

  public String chars(
      String name, boolean required, boolean allowBlank, int minLength, int maxLength) {
    JsonNode v = data.get(name);
    if (v == null) {
      if (required) {
        add(name, "This field is required.", "required");
      }
      return null;
    }
    if (v.isNull()) {
      if (required || !allowBlank) {
        add(name, "This field may not be null.", "null");
      }
      return null;
    }
    if (!v.isString() && !v.isNumber()) {
      add(name, "Not a valid string.", "invalid");
      return null;
    }
    String s = (v.isString() ? v.stringValue() : v.asString()).strip();
    if (s.isEmpty()) {
      if (!allowBlank) {
        add(name, "This field may not be blank.", "blank");
      }
      return allowBlank ? "" : null;
    }
    if (maxLength > 0 && s.length() > maxLength) {
      add(name, "Ensure this field has no more than " + maxLength + " characters.", "max_length");
      return null;
    }
    if (minLength > 0 && s.length() < minLength) {
      add(name, "Ensure this field has at least " + minLength + " characters.", "min_length");
      return null;
    }
    return s;
  }

  /**
   * A DRF {@code EmailField}.
   *
   * @param name the field
   * @param required whether it must be present
   * @return the address, or {@code null}
   */
  public String email(String name, boolean required) {
    String s = chars(name, required, !required, 254);
    if (s != null && !s.isEmpty() && !EMAIL.matcher(s).matches()) {
      add(name, "Enter a valid email address.", "invalid");
      return null;
    }
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * A DRF {@code ChoiceField} (case-sensitive).
   *
   * @param name the field
   * @param choices the accepted values
   * @param required whether it must be present
   * @return the choice, or {@code null}
   */
  public String choice(String name, List<String> choices, boolean required) {
    JsonNode v = data.get(name);
    if (v != null && !v.isNull() && (v.isString() || v.isNumber() || v.isBoolean())) {
      String s = v.isString() ? v.stringValue() : v.asString();
      if (!choices.contains(s)) {
        add(name, "\"" + s + "\" is not a valid choice.", "invalid_choice");
        return null;
      }
      return s;
    }
    return chars(name, required, false, 0);
  }

  /**
   * A DRF {@code BooleanField}: {@code true}, {@code "true"}, {@code "1"}, {@code 1}, … .
   *
   * @param name the field
   * @param absent the value when the field is absent
   * @return the value
   */
  public boolean bool(String name, boolean absent) {
    JsonNode v = data.get(name);
    if (v == null) {
      return absent;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber() && (v.asLong() == 0 || v.asLong() == 1)) {
      return v.asLong() == 1;
    }
    if (v.isString()) {
      switch (v.stringValue().strip().toLowerCase(Locale.ROOT)) {
        case "true", "t", "yes", "y", "on", "1" -> {
          return true;
        }
        case "false", "f", "no", "n", "off", "0" -> {
          return false;
        }
        default -> {
          // refused below
        }
      }
    }
    add(name, v.isNull() ? "This field may not be null." : "Must be a valid boolean.", "invalid");
    return absent;
  }

  /**
   * A DRF {@code IntegerField}: an integer or its text.
   *
   * @param name the field
   * @param required whether it must be present
   * @return the value, or {@code null}
   */
  public Long integer(String name, boolean required) {
    JsonNode v = data.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        add(
            name,
            v == null ? "This field is required." : "This field may not be null.",
            v == null ? "required" : "null");
      }
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isString()) {
      try {
        return Long.parseLong(v.stringValue().strip());
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    add(name, "A valid integer is required.", "invalid");
    return null;
  }

  /**
   * A DRF {@code DateField} in ISO format.
   *
   * @param name the field
   * @param required whether it must be present
   * @return the date, or {@code null}
   */
  public LocalDate date(String name, boolean required) {
    String s = chars(name, required, !required, 0);
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      add(name, "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.", "invalid");
      return null;
    }
  }

  /**
   * A nested serializer: an object, or absent.
   *
   * @param name the field
   * @return its form, or {@code null} when absent, null or refused
   */
  public DrfForm object(String name) {
    JsonNode v = data.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!(v instanceof ObjectNode o)) {
      String got = v.isString() ? "str" : v.isArray() ? "list" : v.isBoolean() ? "bool" : "int";
      errors.put(
          name,
          Map.of(
              "non_field_errors",
              List.of(
                  new Error(
                      "Invalid data. Expected a dictionary, but got " + got + ".", "invalid"))));
      return null;
    }
    return new DrfForm(o);
  }

  /** {@return the object as JSON text (a profile's settings)} */
  public String json() {
    return ContractJson.text(data);
  }

  /** {@return whether no field was refused so far} */
  public boolean valid() {
    return errors.isEmpty();
  }

  /**
   * Refuses the request with every field error collected, as DRF's {@code is_valid(raise_exception
   * =True)}: 400 with each field's messages as a list.
   *
   * @throws DrfException 400 when a field was refused
   */
  public void check() {
    if (!errors.isEmpty()) {
      throw DrfException.of(400, messages(errors));
    }
  }

  /** The collected errors with their codes, for answers that spell them as Python does. */
  public Map<String, Object> errors() {
    return errors;
  }

  /** The errors as DRF renders them: messages only. */
  public static Object messages(Object errors) {
    if (errors instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, messages(v)));
      return out;
    }
    if (errors instanceof List<?> l) {
      return l.stream().map(DrfForm::messages).toList();
    }
    return errors instanceof Error e ? e.message() : errors;
  }

  /**
   * The errors as Python prints DRF's {@code ValidationError} detail ({@code str()} of the dict of
   * {@code ErrorDetail}), which jb-drf-auth's registration puts into its 409 answer.
   */
  public static String pythonRepr(Object errors) {
    if (errors instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("{");
      m.forEach(
          (k, v) -> {
            if (b.length() > 1) {
              b.append(", ");
            }
            b.append(pythonString((String) k)).append(": ").append(pythonRepr(v));
          });
      return b.append('}').toString();
    }
    if (errors instanceof List<?> l) {
      StringBuilder b = new StringBuilder("[");
      for (Object o : l) {
        if (b.length() > 1) {
          b.append(", ");
        }
        b.append(pythonRepr(o));
      }
      return b.append(']').toString();
    }
    Error e = (Error) errors;
    return "ErrorDetail(string="
        + pythonString(e.message())
        + ", code="
        + pythonString(e.code())
        + ")";
  }

  /** A Python string literal as {@code repr} writes it (single quotes unless the text has one). */
  static String pythonString(String s) {
    boolean single = s.indexOf('\'') < 0 || s.indexOf('"') >= 0;
    char q = single ? '\'' : '"';
    StringBuilder b = new StringBuilder().append(q);
    for (char c : s.toCharArray()) {
      if (c == q || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append(q).toString();
  }
}
