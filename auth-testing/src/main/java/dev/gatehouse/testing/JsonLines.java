package dev.gatehouse.testing;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reads the JSON-lines vector files beside the classes of this package. */
final class JsonLines {
  private JsonLines() {}

  /**
   * @param resource the file's name beside this class
   * @return one map per non-blank line
   */
  static List<Map<String, Object>> read(String resource) {
    List<Map<String, Object>> lines = new ArrayList<>();
    try (InputStream in =
            Objects.requireNonNull(JsonLines.class.getResourceAsStream(resource), resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          lines.add(JSONObjectUtils.parse(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new IllegalStateException(resource + " is not JSON lines", e);
    }
    return lines;
  }
}
