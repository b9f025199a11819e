package dev.gatehouse.core.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One line of {@code password/password-hashes.jsonl}, read without a JSON library. */
record HashVector(String format, String source, String password, String wrong, String hash) {

  static List<HashVector> load() {
    return loadRows("/password/password-hashes.jsonl").stream()
        .map(
            o ->
                new HashVector(
                    o.get("format"),
                    o.get("source"),
                    o.get("password"),
                    o.get("wrong"),
                    o.get("hash")))
        .toList();
  }

  /** Every line of a JSON-lines resource whose values are all strings, as maps. */
  static List<Map<String, String>> loadRows(String resource) {
    InputStream in = HashVector.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(resource + " missing from test classpath");
    }
    List<Map<String, String>> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          rows.add(parseFlatObject(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  @Override
  public String toString() {
    return format + " (" + source + ")";
  }

  /** Parses {@code {"k": "v", ...}} where every value is a JSON string. */
  static Map<String, String> parseFlatObject(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    int[] pos = {skipSpace(json, 0)};
    expect(json, pos, '{');
    while (true) {
      pos[0] = skipSpace(json, pos[0]);
      if (json.charAt(pos[0]) == '}') {
        return out;
      }
      String key = readString(json, pos);
      pos[0] = skipSpace(json, pos[0]);
      expect(json, pos, ':');
      pos[0] = skipSpace(json, pos[0]);
      out.put(key, readString(json, pos));
      pos[0] = skipSpace(json, pos[0]);
      if (json.charAt(pos[0]) == ',') {
        pos[0]++;
      }
    }
  }

  private static String readString(String json, int[] pos) {
    expect(json, pos, '"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = json.charAt(pos[0]++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = json.charAt(pos[0]++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        // Surrogate pairs arrive as two consecutive escapes and combine naturally in UTF-16.
        case 'u' -> {
          sb.append((char) Integer.parseInt(json.substring(pos[0], pos[0] + 4), 16));
          pos[0] += 4;
        }
        default -> throw new IllegalArgumentException("bad escape \\" + e + " at " + pos[0]);
      }
    }
  }

  private static void expect(String json, int[] pos, char c) {
    if (json.charAt(pos[0]) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + pos[0]);
    }
    pos[0]++;
  }

  private static int skipSpace(String json, int i) {
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    return i;
  }
}
