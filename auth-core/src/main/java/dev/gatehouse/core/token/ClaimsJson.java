package dev.gatehouse.core.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * The claims of an access token as compact JSON, base64url-encoded: the bytes nimbus's {@code
 * JSONObjectUtils.toJSONString} writes for the same map (Gson without HTML escaping, nulls kept),
 * written directly for the few value types a token's claims may have. Gson's reflective walk of the
 * map was a third of an issued token's CPU besides its signature (a JFR profile of the refresh
 * rotation); {@code ClaimsJsonTest} pins the equality with nimbus's output.
 */
final class ClaimsJson {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ClaimsJson() {}

  /** {@return the base64url (no padding) encoding of the claims' UTF-8 JSON} */
  static String encoded(Map<String, Object> claims) {
    return BASE64URL.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8));
  }

  /** {@return base64url without padding of {@code bytes}, as the JWS compact form writes it} */
  static String base64url(byte[] bytes) {
    return BASE64URL.encodeToString(bytes);
  }

  /**
   * {@return the claims as compact JSON}
   *
   * @throws IllegalArgumentException for a value that is not a string, boolean, integral number,
   *     collection or map of these, or null (the types {@code AccessTokenRequest} admits)
   */
  static String json(Map<String, Object> claims) {
    StringBuilder out = new StringBuilder(512);
    value(out, claims);
    return out.toString();
  }

  private static void value(StringBuilder out, Object v) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(out, s);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
      out.append(((Number) v).longValue());
    } else if (v instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (v instanceof Map<?, ?> m) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(e.getKey()));
        out.append(':');
        value(out, e.getValue());
      }
      out.append('}');
    } else if (v instanceof Collection<?> c) {
      out.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          out.append(',');
        }
        first = false;
        value(out, o);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException(
          "an access token's claim may not be a " + v.getClass().getSimpleName());
    }
  }

  /** A JSON string as Gson escapes it without HTML escaping. */
  private static void string(StringBuilder out, String s) {
    out.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\f' -> out.append("\\f");
        case '\u2028', '\u2029' -> unicode(out, c);
        default -> {
          if (c < 0x20) {
            unicode(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicode(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
