package dev.gatehouse.spring.web.internal.shared;

import static dev.gatehouse.spring.web.internal.shared.ContractJson.map;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.module.RecordTypes;
import dev.gatehouse.core.module.RecordTypes.Kind;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A typed module route's records ({@code ModuleRoute#takes}, {@code #answers}) as JSON, by the one
 * table of {@link RecordTypes}: a body read into its record strictly (a member of another JSON type
 * is refused, never coerced, as {@link JsonBody} refuses it), an answer record written as the
 * contract's snake_case JSON, and the JSON Schema of each for the OpenAPI documents. Static and
 * thread-safe.
 */
public final class RecordJson {
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

  private RecordJson() {}

  /**
   * Reads a JSON object (already checked for control characters by {@link ContractJson#read}) into
   * a record; members the record does not have are ignored, as the built-in routes ignore them.
   *
   * @param body the object
   * @param type the record's class
   * @param <T> the record's type
   * @return the record
   * @throws ApiException 400 {@code missing_field} for an absent or null member a component needs,
   *     {@code invalid_field} for a member of another JSON type or one the record's constructor
   *     refuses
   */
  public static <T> T read(ObjectNode body, Class<T> type) {
    return type.cast(record(body, type, ""));
  }

  private static Object record(JsonNode node, Class<?> type, String prefix) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      String name = prefix + RecordTypes.jsonName(c.getName());
      JsonNode v = node.get(RecordTypes.jsonName(c.getName()));
      if (v == null || v.isNull()) {
        if (RecordTypes.required(c) || c.getType().isPrimitive()) {
          throw new ApiException(ProtocolError.MISSING_FIELD, name + " is required");
        }
        continue;
      }
      values[i] =
          value(
              v,
              c.getGenericType(),
              c.getType() == int.class || c.getType() == Integer.class,
              name);
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof AuthException refusal) {
        throw refusal;
      }
      if (e.getCause() instanceof IllegalArgumentException
          || e.getCause() instanceof NullPointerException) {
        throw new ApiException(
            ProtocolError.INVALID_FIELD,
            (prefix.isEmpty() ? "the body" : prefix.substring(0, prefix.length() - 1))
                + " is not valid");
      }
      throw new IllegalStateException("the record " + type.getName() + " could not be made", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the record " + type.getName() + " could not be made", e);
    }
  }

  private static Object value(JsonNode v, Type type, boolean asInt, String name) {
    Kind kind = RecordTypes.kind(type);
    return switch (kind) {
      case STRING -> text(v, name, "a string");
      case BOOLEAN -> {
        if (!v.isBoolean()) {
          throw invalid(name, "a boolean");
        }
        yield v.booleanValue();
      }
      case INTEGER -> {
        if (!v.isIntegralNumber() || !(asInt ? v.canConvertToInt() : v.canConvertToLong())) {
          throw invalid(name, "an integer");
        }
        yield asInt ? (Object) v.intValue() : (Object) v.longValue();
      }
      case INSTANT -> {
        try {
          yield Instant.parse(text(v, name, "a date-time"));
        } catch (DateTimeParseException e) {
          throw invalid(name, "a date-time");
        }
      }
      case DATE -> {
        try {
          yield LocalDate.parse(text(v, name, "a date"));
        } catch (DateTimeParseException e) {
          throw invalid(name, "a date");
        }
      }
      case UUID -> {
        String t = text(v, name, "a UUID");
        if (!UUID_TEXT.matcher(t).matches()) {
          throw invalid(name, "a UUID");
        }
        yield java.util.UUID.fromString(t);
      }
      case LIST -> {
        if (!v.isArray()) {
          throw invalid(name, "an array");
        }
        Type element = RecordTypes.element(type);
        boolean elementInt = element == Integer.class;
        List<Object> items = new ArrayList<>();
        for (JsonNode item : v) {
          if (item.isNull()) {
            throw invalid(name, "an array without nulls");
          }
          items.add(value(item, element, elementInt, name));
        }
        yield List.copyOf(items);
      }
      case RECORD -> {
        if (!v.isObject()) {
          throw invalid(name, "an object");
        }
        yield record(v, (Class<?>) type, name + ".");
      }
      case OBJECT -> {
        if (!v.isObject()) {
          throw invalid(name, "an object");
        }
        yield ContractJson.MAPPER.convertValue(
            v,
            ContractJson.MAPPER
                .getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, Object.class));
      }
    };
  }

  private static String text(JsonNode v, String name, String what) {
    if (!v.isString()) {
      throw invalid(name, what);
    }
    return v.stringValue();
  }

  private static ApiException invalid(String name, String what) {
    return new ApiException(ProtocolError.INVALID_FIELD, name + " must be " + what);
  }

  /**
   * An answer's body as the contract writes it: a record's components by their snake_case names (a
   * null one as JSON null), dates and UUIDs as text; a map as it is.
   *
   * @param body a record or a map of members
   * @return maps, lists, strings, numbers, booleans and nulls
   */
  public static Object write(Object body) {
    if (body instanceof Record r) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        Object v;
        try {
          var accessor = c.getAccessor();
          accessor.setAccessible(true);
          v = accessor.invoke(r);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(
              "the record " + r.getClass().getName() + " could not be read", e);
        }
        out.put(RecordTypes.jsonName(c.getName()), write(v));
      }
      return out;
    }
    if (body instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(write(item));
      }
      return out;
    }
    if (body instanceof Instant || body instanceof LocalDate || body instanceof UUID) {
      return body.toString();
    }
    return body;
  }

  /**
   * The JSON Schema (2020-12) of a record: each component a property by its JSON name. In a request
   * every component not {@code @Nullable} is required; in an answer every component is (each is
   * written), and a {@code @Nullable} one may be null.
   *
   * @param type the record's class
   * @param answer whether it is an answer's (else a request's)
   * @return the schema
   */
  public static Map<String, Object> schema(Class<?> type, boolean answer) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      String name = RecordTypes.jsonName(c.getName());
      boolean needed = RecordTypes.required(c) || c.getType().isPrimitive();
      Map<String, Object> s = schema(c.getGenericType(), answer);
      if (answer && !needed) {
        Object t = s.get("type");
        s.put("type", t instanceof String one ? List.of(one, "null") : t);
      }
      properties.put(name, s);
      if (needed || answer) {
        required.add(name);
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "object");
    m.put("properties", properties);
    if (!required.isEmpty()) {
      m.put("required", required);
    }
    return m;
  }

  private static Map<String, Object> schema(Type type, boolean answer) {
    return switch (RecordTypes.kind(type)) {
      case STRING -> map("type", "string");
      case BOOLEAN -> map("type", "boolean");
      case INTEGER -> map("type", "integer");
      case INSTANT -> map("type", "string", "format", "date-time");
      case DATE -> map("type", "string", "format", "date");
      case UUID -> map("type", "string", "format", "uuid");
      case LIST -> map("type", "array", "items", schema(RecordTypes.element(type), answer));
      case RECORD -> schema((Class<?>) type, answer);
      case OBJECT -> map("type", "object");
    };
  }
}
