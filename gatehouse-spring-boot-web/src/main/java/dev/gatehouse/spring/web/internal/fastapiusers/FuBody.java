package dev.gatehouse.spring.web.internal.fastapiusers;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.RequestText;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request body read and validated as FastAPI reads a route's body and pydantic (v2) validates it,
 * for the {@code fastapi-users} contract: a JSON model ({@code UserCreate}, {@code UserUpdate}),
 * JSON fields ({@code Body(..., embed=True)}) or a form ({@code OAuth2PasswordRequestForm}). Every
 * error is collected in pydantic's shape, {@code {"type", "loc", "msg", "input"[, "ctx"]}}, and
 * refused together by {@link #check} as FastAPI's 422 {@code {"detail": [...]}}; a body that is not
 * JSON at all is refused at once, as FastAPI does before anything else.
 *
 * <p>JSON is read strictly: a duplicate key is refused ({@code json_invalid}), where Python keeps
 * the last value, so that no two readers of one body disagree about it.
 */
final class FuBody {
  /** The {@code grant_type} pattern of {@code OAuth2PasswordRequestForm}. */
  static final String PASSWORD_GRANT = "^password$";

  /** pydantic's {@code EmailStr} limit. */
  private static final int MAX_EMAIL_LENGTH = 2048;

  /** pydantic's display-name form, {@code Ann <ann@example.com>}: the address is the bracket. */
  private static final Pattern PRETTY_EMAIL =
      Pattern.compile(
          "\\s*(?:(?:[\\w!#$%&'*+\\-/=?^_`{|}~]+\\s+)*[\\w!#$%&'*+\\-/=?^_`{|}~]+"
              + "|\"(?:[^\"]|\\\")+\")?\\s*<(.+)>\\s*",
          Pattern.UNICODE_CHARACTER_CLASS);

  /** email-validator's {@code ATEXT}: what a local part may hold besides dots and non-ASCII. */
  private static final String ATEXT =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_!#$%&'*+-/=?^`{|}~";

  /** How the body carries its fields. */
  private enum Shape {
    /** One pydantic model for the whole body: a missing field's input is the whole object. */
    MODEL,
    /** Embedded body fields: each validated alone, a missing one's input is {@code null}. */
    FIELDS,
    /** Form fields: strings, an empty one counts as missing. */
    FORM
  }

  private final Shape shape;
  private final ObjectNode fields;
  private final List<Map<String, Object>> errors = new ArrayList<>();

  private FuBody(Shape shape, ObjectNode fields) {
    if (fields != null) {
      RequestText.check("", fields);
    }
    this.shape = shape;
    this.fields = fields;
  }

  /**
   * Reads a JSON body validated as one pydantic model. A body that is not an object is one error at
   * {@code ["body"]}: {@code missing} without a body, {@code model_attributes_type} otherwise.
   *
   * @param request the request
   * @return the body
   * @throws FuException 422 {@code json_invalid} for malformed JSON, 413 past the limit
   */
  static FuBody model(HttpServletRequest request) {
    Object body = json(request);
    FuBody b = new FuBody(Shape.MODEL, body instanceof ObjectNode o ? o : null);
    if (body == null) {
      b.error("missing", null, "Field required", null, null);
    } else if (b.fields == null) {
      b.error(
          "model_attributes_type",
          null,
          "Input should be a valid dictionary or object to extract fields from",
          body,
          null);
    }
    return b;
  }

  /**
   * Reads a JSON body of embedded fields ({@code Body(..., embed=True)}). A body that is not an
   * object has no fields: each required one is missing.
   *
   * @param request the request
   * @return the body
   * @throws FuException 422 {@code json_invalid} for malformed JSON, 413 past the limit
   */
  static FuBody fields(HttpServletRequest request) {
    return new FuBody(Shape.FIELDS, json(request) instanceof ObjectNode o ? o : null);
  }

  /**
   * Reads a form body ({@code application/x-www-form-urlencoded} or {@code multipart/form-data});
   * any other body has no fields, as Starlette's {@code request.form()} gives none. A repeated
   * field counts with its last value.
   *
   * @param request the request
   * @return the body
   * @throws FuException 413 past the limit
   */
  static FuBody form(HttpServletRequest request) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    MediaType media = mediaType(request.getContentType());
    if (media != null && MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(media)) {
      byte[] bytes = bytes(request);
      if (bytes.length == 0 && request.getContentLengthLong() > 0) {
        // A filter of the host read the form before us (getParameter): take its parameters.
        request.getParameterMap().forEach((k, v) -> o.put(k, v.length == 0 ? "" : v[v.length - 1]));
      } else {
        for (String pair : new String(bytes, StandardCharsets.ISO_8859_1).split("&")) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          o.put(
              decode(eq < 0 ? pair : pair.substring(0, eq)),
              eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
      }
    } else if (media != null && MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(media)) {
      try {
        for (Part p : request.getParts()) {
          if (p.getSubmittedFileName() == null) {
            try (InputStream in = p.getInputStream()) {
              o.put(p.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
          }
        }
      } catch (IOException | ServletException | IllegalStateException e) {
        throw FuException.of(400, "There was an error parsing the body");
      }
    }
    return new FuBody(Shape.FORM, o);
  }

  /** A percent-encoded form value (UTF-8, {@code +} for a space), kept as sent when malformed. */
  private static String decode(String raw) {
    byte[] latin = raw.getBytes(StandardCharsets.ISO_8859_1);
    String utf8 = new String(latin, StandardCharsets.UTF_8);
    try {
      return URLDecoder.decode(utf8, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return utf8.replace('+', ' ');
    }
  }

  private static MediaType mediaType(String type) {
    if (type == null) {
      return null;
    }
    try {
      return MediaType.parseMediaType(type);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] bytes(HttpServletRequest request) {
    try {
      return ContractJson.bytes(request);
    } catch (ApiException e) {
      throw e.status() == 413
          ? FuException.of(413, FuErrors.phrase(413))
          : FuException.of(400, "There was an error parsing the body");
    }
  }

  /**
   * The body as FastAPI hands it to validation: {@code null} without one (or for JSON {@code
   * null}), the parsed JSON when it is declared JSON, else its text (FastAPI keeps the bytes).
   */
  private static Object json(HttpServletRequest request) {
    byte[] bytes = bytes(request);
    if (bytes.length == 0) {
      return null;
    }
    if (!ContractJson.isJson(request.getContentType())) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    JsonNode n;
    try {
      n = ContractJson.MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw jsonInvalid(bytes, e);
    }
    if (n == null || n.isMissingNode()) {
      // Only whitespace: Python's json.loads expects a value at its end.
      throw jsonInvalid(position(bytes, bytes.length), "Expecting value");
    }
    return n.isNull() ? null : n;
  }

  /** FastAPI's answer to a body its {@code json.loads} refused, with Python's wording. */
  private static FuException jsonInvalid(byte[] bytes, JacksonException e) {
    TokenStreamLocation at = e.getLocation();
    long offset = -1;
    if (at != null) {
      offset = at.getCharOffset() >= 0 ? at.getCharOffset() : at.getByteOffset();
    }
    int pos = offset < 0 ? 0 : position(bytes, (int) Math.min(offset, bytes.length));
    String m = String.valueOf(e.getOriginalMessage()).toLowerCase(Locale.ROOT);
    String why;
    if (m.contains("trailing token")) {
      why = "Extra data";
    } else if (m.contains("duplicate")) {
      why = "Duplicate key";
    } else if (m.contains("double-quote to start field name")) {
      why = "Expecting property name enclosed in double quotes";
    } else if (m.contains("expecting comma") || m.contains("expecting a comma")) {
      why = "Expecting ',' delimiter";
    } else if (m.contains("expecting a colon")) {
      why = "Expecting ':' delimiter";
    } else {
      why = "Expecting value";
    }
    return jsonInvalid(pos, why);
  }

  private static FuException jsonInvalid(int pos, String why) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", "json_invalid");
    error.put("loc", List.of("body", pos));
    error.put("msg", "JSON decode error");
    error.put("input", Map.of());
    error.put("ctx", Map.of("error", why));
    return FuException.of(422, List.of(error));
  }

  /** Python's position (characters) of a byte offset in UTF-8 text. */
  private static int position(byte[] bytes, int byteOffset) {
    return new String(bytes, 0, byteOffset, StandardCharsets.UTF_8).length();
  }

  // ---- fields ---------------------------------------------------------------------------------

  /**
   * A {@code str} field (pydantic does not turn a number into a string).
   *
   * @param name the field
   * @param required whether it must be present; an optional one may also be {@code null}
   * @return the value, or {@code null} when absent, {@code null} or refused
   */
  String string(String name, boolean required) {
    JsonNode v = value(name, required);
    if (v == null) {
      return null;
    }
    if (!v.isString()) {
      error("string_type", name, "Input should be a valid string", v, null);
      return null;
    }
    return v.stringValue();
  }

  /**
   * An {@code EmailStr} field: pydantic's check with email-validator's reasons for the common
   * mistakes, then Gatehouse's own rules (which decide).
   *
   * @param name the field
   * @param required whether it must be present
   * @return the address as Gatehouse stores it, or {@code null} when absent, {@code null} or
   *     refused
   */
  String email(String name, boolean required) {
    String s = string(name, required);
    if (s == null) {
      return null;
    }
    String reason = emailReason(s);
    if (reason == null) {
      try {
        return EmailAddresses.normalize(address(s));
      } catch (RejectedInputException e) {
        reason = e.getMessage();
      }
    }
    error(
        "value_error",
        name,
        "value is not a valid email address: " + reason,
        s,
        Map.of("reason", reason));
    return null;
  }

  /**
   * pydantic's 422 for an address refused after validation, by Gatehouse's own rules.
   *
   * @param name the field
   * @param input the address
   * @param reason why
   * @return the refusal
   */
  static FuException invalidEmail(String name, String input, String reason) {
    FuBody b = new FuBody(Shape.FIELDS, null);
    b.error(
        "value_error",
        name,
        "value is not a valid email address: " + reason,
        input,
        Map.of("reason", reason));
    return FuException.of(422, List.copyOf(b.errors));
  }

  /**
   * An optional {@code bool | None} field, as pydantic's lax mode reads one: {@code true}, {@code
   * 1}, {@code "yes"}, {@code "on"}, ...
   *
   * @param name the field
   * @return the value, or {@code null} when absent, {@code null} or refused
   */
  Boolean bool(String name) {
    JsonNode v = value(name, false);
    if (v == null) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isNumber() && (v.asDouble() == 0 || v.asDouble() == 1)) {
      return v.asDouble() == 1;
    }
    if (v.isString()) {
      switch (v.stringValue().toLowerCase(Locale.ROOT)) {
        case "1", "on", "t", "true", "y", "yes" -> {
          return true;
        }
        case "0", "off", "f", "false", "n", "no" -> {
          return false;
        }
        default -> {
          // refused below
        }
      }
    }
    if (v.isString() || v.isNumber()) {
      error(
          "bool_parsing",
          name,
          "Input should be a valid boolean, unable to interpret input",
          v,
          null);
    } else {
      error("bool_type", name, "Input should be a valid boolean", v, null);
    }
    return null;
  }

  /**
   * An optional string field with a pattern ({@code Form(pattern=...)}).
   *
   * @param name the field
   * @param pattern the pattern, as Python writes it
   * @return the value, or {@code null} when absent or refused
   */
  String matching(String name, String pattern) {
    String s = string(name, false);
    if (s != null && !Pattern.compile(pattern).matcher(s).find()) {
      error(
          "string_pattern_mismatch",
          name,
          "String should match pattern '" + pattern + "'",
          s,
          Map.of("pattern", pattern));
      return null;
    }
    return s;
  }

  /**
   * The field's JSON value, or {@code null} (with the error FastAPI gives a required one) when the
   * field is absent, or counts as absent: a {@code null} embedded field (FastAPI treats it as not
   * sent), an empty form field.
   */
  private JsonNode value(String name, boolean required) {
    if (fields == null) {
      if (shape != Shape.MODEL && required) {
        error("missing", name, "Field required", null, null);
      }
      return null;
    }
    JsonNode v = fields.get(name);
    boolean absent =
        v == null
            || (shape == Shape.FIELDS && v.isNull())
            || (shape == Shape.FORM && v.isString() && v.stringValue().isEmpty());
    if (absent) {
      if (required) {
        error("missing", name, "Field required", shape == Shape.MODEL ? fields : null, null);
      }
      return null;
    }
    if (v.isNull()) {
      // A model's field: null is a value, refused by a str field, the default of an optional one.
      if (required) {
        error("string_type", name, "Input should be a valid string", v, null);
      }
      return null;
    }
    return v;
  }

  private void error(
      String type, String name, String msg, Object input, Map<String, Object> context) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("loc", name == null ? List.of("body") : List.of("body", name));
    e.put("msg", msg);
    e.put("input", input);
    if (context != null) {
      e.put("ctx", context);
    }
    errors.add(e);
  }

  /**
   * Refuses the request with every error collected, as FastAPI's {@code RequestValidationError}:
   * 422 {@code {"detail": [...]}}.
   *
   * @throws FuException 422 when a field was refused
   */
  void check() {
    if (!errors.isEmpty()) {
      throw FuException.of(422, List.copyOf(errors));
    }
  }

  // ---- email ----------------------------------------------------------------------------------

  /** The address itself: pydantic takes the bracketed part of {@code Ann <ann@example.com>}. */
  private static String address(String value) {
    Matcher m = PRETTY_EMAIL.matcher(value);
    return (m.matches() ? m.group(1) : value).strip();
  }

  /**
   * email-validator's reason for refusing an address, for the mistakes people make (no {@code @},
   * nothing around it, a stray character, a misplaced dot, a domain without a dot); {@code null}
   * when none of them applies.
   */
  static String emailReason(String value) {
    if (value.length() > MAX_EMAIL_LENGTH) {
      return "Length must not exceed " + MAX_EMAIL_LENGTH + " characters";
    }
    String email = address(value);
    int at = email.indexOf('@');
    if (at < 0) {
      return "An email address must have an @-sign.";
    }
    String local = email.substring(0, at);
    String domain = email.substring(at + 1);
    if (local.isEmpty()) {
      return "There must be something before the @-sign.";
    }
    if (domain.isEmpty()) {
      return "There must be something after the @-sign.";
    }
    Set<String> bad = new TreeSet<>();
    local
        .codePoints()
        .filter(c -> c < 0x80 && c != '.' && ATEXT.indexOf(c) < 0)
        .forEach(c -> bad.add(display(c)));
    if (!bad.isEmpty()) {
      return "The email address contains invalid characters before the @-sign: "
          + String.join(", ", bad)
          + ".";
    }
    if (local.endsWith(".")) {
      return "An email address cannot have a period immediately before the @-sign.";
    }
    if (local.startsWith(".")) {
      return "An email address cannot start with a period.";
    }
    if (local.contains("..")) {
      return "An email address cannot have two periods in a row.";
    }
    domain
        .codePoints()
        .filter(c -> c < 0x80 && !Character.isLetterOrDigit(c) && c != '-' && c != '.')
        .forEach(c -> bad.add(display(c)));
    if (!bad.isEmpty()) {
      return "The part after the @-sign contains invalid characters: "
          + String.join(", ", bad)
          + ".";
    }
    String d = domain.toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      return "An email address cannot end with a period.";
    }
    if (d.startsWith(".")) {
      return "An email address cannot have a period immediately after the @-sign.";
    }
    if (d.contains("..")) {
      return "An email address cannot have two periods in a row.";
    }
    if (d.endsWith("-")) {
      return "An email address cannot end with a hyphen.";
    }
    if (d.startsWith("-")) {
      return "An email address cannot have a hyphen immediately after the @-sign.";
    }
    if (d.contains(".-") || d.contains("-.")) {
      return "An email address cannot have a period and a hyphen next to each other.";
    }
    if (d.indexOf('.') < 0) {
      return "The part after the @-sign is not valid. It should have a period.";
    }
    if (!Character.isLetter(d.charAt(d.length() - 1))) {
      return "The part after the @-sign is not valid. It is not within a valid top-level domain.";
    }
    return null;
  }

  /** email-validator's {@code safe_character_display} for an ASCII character. */
  private static String display(int c) {
    if (c == '\\') {
      return "\"\\\"";
    }
    if (c > 0x20 && c < 0x7f) {
      return c == '\'' ? "\"'\"" : "'" + (char) c + "'";
    }
    return c == ' ' ? "SPACE" : String.format(Locale.ROOT, "U+%04X", c);
  }
}
