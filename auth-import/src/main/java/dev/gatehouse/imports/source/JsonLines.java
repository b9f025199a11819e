package dev.gatehouse.imports.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a JSON-lines file one document per line, reporting bad lines instead of stopping. */
final class JsonLines implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One line: the document, or why it could not be read. */
  record Line(long number, JsonNode doc, String error) {}

  private final Path file;
  private final BufferedReader in;
  private long number;

  JsonLines(Path file) {
    this.file = file;
    try {
      this.in =
          new BufferedReader(
              new InputStreamReader(
                  open(file),
                  StandardCharsets.UTF_8
                      .newDecoder()
                      .onMalformedInput(CodingErrorAction.REPLACE)
                      .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    } catch (IOException e) {
      throw new ImportSourceException("cannot read " + file.getFileName(), e);
    }
  }

  /** The file's bytes, gunzipped when its name ends in {@code .gz} (Auth0's export job). */
  private static java.io.InputStream open(Path file) throws IOException {
    java.io.InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      try {
        return new java.util.zip.GZIPInputStream(in, 64 * 1024);
      } catch (IOException e) {
        in.close();
        throw e;
      }
    }
    return in;
  }

  /** The next non-blank line, or null at the end. */
  Line next() {
    try {
      String text;
      do {
        text = in.readLine();
        if (text == null) {
          return null;
        }
        number++;
      } while (text.isBlank());
      if (text.indexOf('\uFFFD') >= 0) {
        return new Line(number, null, "the line is not valid UTF-8");
      }
      try {
        JsonNode doc = JSON.readTree(text);
        if (doc == null || !doc.isObject()) {
          return new Line(number, null, "not a JSON object");
        }
        return new Line(number, doc, null);
      } catch (JsonProcessingException e) {
        return new Line(
            number, null, "malformed JSON (truncated line?): " + e.getOriginalMessage());
      }
    } catch (IOException e) {
      throw new ImportSourceException("reading " + file.getFileName() + " failed", e);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // read-only
    }
  }
}
