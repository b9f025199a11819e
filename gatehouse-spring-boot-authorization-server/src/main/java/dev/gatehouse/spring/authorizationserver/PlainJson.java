package dev.gatehouse.spring.authorizationserver;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The plain values the module keeps and signs: strings, whole numbers, booleans, and lists and maps
 * of them, times as epoch seconds. No class of the host's or of a library travels through a column.
 */
final class PlainJson {
  /** Claims that are times, read back as instants. */
  private static final Set<String> TIMES = Set.of("iat", "exp", "nbf");

  private PlainJson() {}

  /** {@return the value as a plain one: times as epoch seconds, URLs as strings} */
  static @Nullable Object plain(@Nullable Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Long
        || value instanceof Integer) {
      return value;
    }
    if (value instanceof Instant t) {
      return t.getEpochSecond();
    }
    if (value instanceof Date d) {
      return d.toInstant().getEpochSecond();
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>();
      c.forEach(v -> out.add(plain(v)));
      return out;
    }
    if (value instanceof Object[] array) {
      return plain(List.of(array));
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof URL || value instanceof URI) {
      return value.toString();
    }
    return value.toString();
  }

  /** {@return the claims as plain values} */
  @SuppressWarnings("unchecked")
  static Map<String, Object> plainMap(Map<String, ?> claims) {
    return (Map<String, Object>) plain(claims);
  }

  static String write(Map<String, ?> values) {
    return JSONObjectUtils.toJSONString(plainMap(values));
  }

  static Map<String, Object> read(String json) {
    try {
      return JSONObjectUtils.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException("a kept JSON column does not parse", e);
    }
  }

  /**
   * {@return kept claims as a token has them: {@code iat}, {@code exp}, {@code nbf} as instants,
   * {@code auth_time} as a date (as Spring Authorization Server reads it back), numbers as longs}
   */
  static Map<String, Object> claims(String json) {
    Map<String, Object> claims = new LinkedHashMap<>();
    read(json)
        .forEach(
            (k, v) -> {
              if (v instanceof Number n && TIMES.contains(k)) {
                claims.put(k, Instant.ofEpochSecond(n.longValue()));
              } else if (v instanceof Number n && k.equals("auth_time")) {
                claims.put(k, Date.from(Instant.ofEpochSecond(n.longValue())));
              } else if (v instanceof Number n) {
                claims.put(k, n.longValue());
              } else {
                claims.put(k, v);
              }
            });
    return claims;
  }
}
