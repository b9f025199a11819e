package dev.gatehouse.spring.web.internal.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The contract's own JSON mapper: strict on input (a duplicate key or anything after the value is
 * refused), and independent of the host's Jackson settings on output, so that a host's naming
 * strategy or inclusion rules never change the contract's bodies.
 */
public final class ContractJson {
  /** The largest request body the contract reads. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  public static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private static final String JSON = "application/json";

  private ContractJson() {}

  /**
   * Reads the request body as one JSON object. An empty body is an empty object; a non-empty body
   * must be declared {@code application/json} (or a {@code +json} type).
   *
   * @param request the request
   * @return the body
   * @throws ApiException 415 {@code unsupported_media_type}, 413 {@code body_too_large}, 400 {@code
   *     malformed_json}, 400 {@code invalid_field} for a control character in any member ({@link
   *     RequestText})
   */
  public static JsonBody read(HttpServletRequest request) {
    return read(request, MAX_BODY_BYTES);
  }

  /**
   * Reads the request body as {@link #read(HttpServletRequest)} does, up to {@code maxBytes}
   * instead of {@link #MAX_BODY_BYTES} (for a route that takes an image).
   *
   * @param request the request
   * @param maxBytes the largest body read
   * @return the body
   * @throws ApiException as {@link #read(HttpServletRequest)}
   */
  public static JsonBody read(HttpServletRequest request, int maxBytes) {
    byte[] bytes = bytes(request, maxBytes);
    // A declared body that reads as empty was parsed as form parameters before the route (the
    // check of parameters, RequestTextCheck): it is still a body of another media type.
    if (bytes.length == 0
        && (request.getContentLengthLong() <= 0 || isJson(request.getContentType()))) {
      return new JsonBody(MAPPER.createObjectNode());
    }
    if (!isJson(request.getContentType())) {
      throw new ApiException(
          ProtocolError.UNSUPPORTED_MEDIA_TYPE, "the body must be sent as application/json");
    }
    JsonNode n;
    try {
      n = MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw new ApiException(
          ProtocolError.MALFORMED_JSON, "the body is not valid JSON (or has a duplicate key)");
    }
    if (n == null || n.isMissingNode() || n.isNull()) {
      return new JsonBody(MAPPER.createObjectNode());
    }
    if (!n.isObject()) {
      throw new ApiException(ProtocolError.MALFORMED_JSON, "the body must be a JSON object");
    }
    RequestText.check("", n);
    return new JsonBody((ObjectNode) n);
  }

  /**
   * Reads the request body, up to {@link #MAX_BODY_BYTES}.
   *
   * @param request the request
   * @return the body's bytes, empty when there is none
   * @throws ApiException 413 {@code body_too_large}, 400 {@code malformed_json} when it cannot be
   *     read
   */
  public static byte[] bytes(HttpServletRequest request) {
    return bytes(request, MAX_BODY_BYTES);
  }

  /**
   * Reads the request body, up to {@code maxBytes}.
   *
   * @param request the request
   * @param maxBytes the largest body read
   * @return the body's bytes, empty when there is none
   * @throws ApiException 413 {@code body_too_large}, 400 {@code malformed_json} when it cannot be
   *     read
   */
  public static byte[] bytes(HttpServletRequest request, int maxBytes) {
    byte[] bytes;
    // A declared length within the limit sizes the first read, so a body is read in one call of
    // its size (readNBytes still copies it once into the returned array) rather than in chunks
    // against the whole limit. The declared length is only a hint: a host's filter may wrap the
    // request (a decompressing one, say) so that the stream yields more. A first read filled to
    // one byte past the declared length goes on up to the limit, so what is read, refused (413)
    // or parsed is the same as when reading against the limit alone.
    int declared = request.getContentLength();
    int first = declared >= 0 && declared < maxBytes ? declared + 1 : maxBytes + 1;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(first);
      if (bytes.length == first && first <= maxBytes) {
        byte[] rest = in.readNBytes(maxBytes + 1 - first);
        byte[] all = new byte[first + rest.length];
        System.arraycopy(bytes, 0, all, 0, first);
        System.arraycopy(rest, 0, all, first, rest.length);
        bytes = all;
      }
    } catch (IOException e) {
      throw new ApiException(ProtocolError.MALFORMED_JSON, "the body could not be read");
    }
    if (bytes.length > maxBytes) {
      throw new ApiException(
          ProtocolError.BODY_TOO_LARGE, "the body exceeds " + maxBytes + " bytes");
    }
    return bytes;
  }

  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    if (contentType.equalsIgnoreCase(JSON)) {
      // What clients send almost always: no parsing needed.
      return true;
    }
    MediaType t;
    try {
      t = MediaType.parseMediaType(contentType);
    } catch (RuntimeException e) {
      return false;
    }
    return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(t)
        || ("application".equals(t.getType()) && t.getSubtype().endsWith("+json"));
  }

  /**
   * Writes a body of maps, lists, strings, numbers, booleans and nulls.
   *
   * @param body the body
   * @return UTF-8 JSON
   */
  public static byte[] write(Object body) {
    return MAPPER.writeValueAsBytes(body);
  }

  /**
   * Writes a body indented, for documents people read (the OpenAPI description).
   *
   * @param body the body
   * @return UTF-8 JSON, two-space indented, ending with a newline
   */
  public static String writePretty(Object body) {
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n";
  }

  /**
   * Serialises a JSON object node (a profile's settings) to text.
   *
   * @param node the node
   * @return its JSON text
   */
  public static String text(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  /**
   * Parses a stored JSON document (a profile's settings) for output.
   *
   * @param json the text, or {@code null}
   * @return the node, or an empty object when absent or unreadable
   */
  public static JsonNode tree(String json) {
    if (json == null || json.isBlank()) {
      return MAPPER.createObjectNode();
    }
    try {
      return MAPPER.readTree(json);
    } catch (JacksonException e) {
      // Validated on write; a row written by other means is shown as empty rather than failing.
      return MAPPER.createObjectNode();
    }
  }

  /**
   * An ordered map from alternating keys and values.
   *
   * @param kv keys and values
   * @return the map
   */
  public static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
