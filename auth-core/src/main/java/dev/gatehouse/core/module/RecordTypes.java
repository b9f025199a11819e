package dev.gatehouse.core.module;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The Java types a typed {@link ModuleRoute}'s body and answer records are made of, and the JSON
 * each one is: the one table the declaration is checked against and the web module reads, writes
 * and documents by, so what is checked, served and documented cannot differ. Static and
 * thread-safe.
 */
public final class RecordTypes {
  private RecordTypes() {}

  /** What JSON a component's type is. */
  public enum Kind {
    /** {@code String}: a JSON string. */
    STRING,
    /** {@code boolean} or {@code Boolean}: true or false. */
    BOOLEAN,
    /** {@code int}, {@code long} or their boxes: a JSON integer. */
    INTEGER,
    /** {@code Instant}: an RFC 3339 date-time string. */
    INSTANT,
    /** {@code LocalDate}: an RFC 3339 full-date string. */
    DATE,
    /** {@code UUID}: a string in the UUID's canonical form. */
    UUID,
    /** {@code List<T>} of one of these: a JSON array. */
    LIST,
    /** Another record: a JSON object of its components. */
    RECORD,
    /** {@code Map<String, Object>}: any JSON object, as read. */
    OBJECT
  }

  /**
   * @param type a component's type
   * @return what JSON it is
   * @throws IllegalArgumentException when it is none of the kinds
   */
  public static Kind kind(Type type) {
    if (type == String.class) {
      return Kind.STRING;
    }
    if (type == boolean.class || type == Boolean.class) {
      return Kind.BOOLEAN;
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return Kind.INTEGER;
    }
    if (type == Instant.class) {
      return Kind.INSTANT;
    }
    if (type == LocalDate.class) {
      return Kind.DATE;
    }
    if (type == UUID.class) {
      return Kind.UUID;
    }
    if (type instanceof Class<?> c && c.isRecord()) {
      return Kind.RECORD;
    }
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      return Kind.LIST;
    }
    if (type instanceof ParameterizedType p
        && p.getRawType() == Map.class
        && p.getActualTypeArguments()[0] == String.class
        && p.getActualTypeArguments()[1] == Object.class) {
      return Kind.OBJECT;
    }
    throw new IllegalArgumentException(
        "a route's record component is a String, boolean, int, long, Instant, LocalDate, UUID,"
            + " List, record or Map<String, Object>, not "
            + type.getTypeName());
  }

  /**
   * @param list a {@link Kind#LIST} type
   * @return its element's type
   */
  public static Type element(Type list) {
    return ((ParameterizedType) list).getActualTypeArguments()[0];
  }

  /**
   * @param component a record's component
   * @return whether a body must have it: unless its type is annotated {@link Nullable}
   */
  public static boolean required(RecordComponent component) {
    return !component.getAnnotatedType().isAnnotationPresent(Nullable.class);
  }

  /**
   * @param component a component's name, {@code createdAt}
   * @return the member's name in JSON, {@code created_at}
   */
  public static String jsonName(String component) {
    StringBuilder b = new StringBuilder(component.length() + 4);
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (Character.isUpperCase(c)) {
        b.append('_').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Checks a route's body or answer type: {@code Map} (any JSON object), or a record whose
   * components, nested ones too, are of the kinds above.
   *
   * @param type the type
   * @param what what it is, for the message
   * @throws IllegalArgumentException naming the component that is of no kind
   */
  static void check(Class<?> type, String what) {
    if (type == Map.class) {
      return;
    }
    if (!type.isRecord()) {
      throw new IllegalArgumentException(what + " is a record or Map.class, not " + type.getName());
    }
    check(type, what, new HashSet<>());
  }

  private static void check(Type type, String what, Set<Type> seen) {
    try {
      Kind kind = kind(type);
      if (kind == Kind.LIST) {
        check(element(type), what, seen);
      } else if (kind == Kind.RECORD && seen.add(type)) {
        for (RecordComponent c : ((Class<?>) type).getRecordComponents()) {
          check(
              c.getGenericType(), what + " (" + type.getTypeName() + "." + c.getName() + ")", seen);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }
}
