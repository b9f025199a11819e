package dev.gatehouse.sms.twilio;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader for the small objects Twilio answers, so this module needs no JSON
 * library. Objects become {@link Map}, arrays {@link List}, numbers {@link BigDecimal}, {@code
 * null} becomes {@link #NULL}. Nesting is limited so hostile input cannot exhaust the stack.
 * Stateless apart from each call's own cursor; thread-safe.
 */
final class MiniJson {
  /** Stands for JSON {@code null}, since maps built here hold no Java nulls. */
  static final Object NULL = new Object();

  private static final int MAX_DEPTH = 32;

  /** Input that is not one well-formed JSON value. */
  static final class MalformedJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message) {
      super(message);
    }
  }

  private final String in;
  private int pos;

  private MiniJson(String in) {
    this.in = in;
  }

  /**
   * Parses a document whose top level must be an object.
   *
   * @throws MalformedJsonException when the text is not a single JSON object
   */
  static Map<String, Object> parseObject(String text) {
    MiniJson p = new MiniJson(text);
    p.skipWhitespace();
    if (p.peek() != '{') {
      throw p.error("expected an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) p.value(0);
    p.skipWhitespace();
    if (p.pos != p.in.length()) {
      throw p.error("unexpected content after the value");
    }
    return result;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested too deeply");
    }
    skipWhitespace();
    char c = peek();
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return NULL;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character");
    }
  }

  private Map<String, Object> object(int depth) {
    pos++; // {
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return Collections.unmodifiableMap(map);
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String name = string();
      skipWhitespace();
      expect(':');
      map.put(name, value(depth + 1));
      skipWhitespace();
      char c = next();
      if (c == '}') {
        return Collections.unmodifiableMap(map);
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) {
    pos++; // [
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return Collections.unmodifiableList(list);
    }
    while (true) {
      list.add(value(depth + 1));
      skipWhitespace();
      char c = next();
      if (c == ']') {
        return Collections.unmodifiableList(list);
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    pos++; // opening quote
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > in.length()) {
            throw error("truncated \\u escape");
          }
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int digit = Character.digit(in.charAt(pos++), 16);
            if (digit < 0) {
              throw error("bad \\u escape");
            }
            code = code * 16 + digit;
          }
          out.append((char) code);
        }
        default -> throw error("bad escape");
      }
    }
  }

  private BigDecimal number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    if (peek() == '.') {
      pos++;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits();
    }
    String text = in.substring(start, pos);
    if (text.length() > 64) {
      throw error("number too long");
    }
    return new BigDecimal(text);
  }

  private void digits() {
    int start = pos;
    while (pos < in.length() && in.charAt(pos) >= '0' && in.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == start) {
      throw error("expected a digit");
    }
  }

  private void literal(String word) {
    if (!in.startsWith(word, pos)) {
      throw error("unexpected word");
    }
    pos += word.length();
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected '" + c + "'");
    }
  }

  private void skipWhitespace() {
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    return pos < in.length() ? in.charAt(pos) : '\0';
  }

  private char next() {
    if (pos >= in.length()) {
      throw error("unexpected end of input");
    }
    return in.charAt(pos++);
  }

  // The position only: the text itself may echo a phone number.
  private MalformedJsonException error(String what) {
    return new MalformedJsonException(what + " at offset " + pos);
  }
}
