package dev.gatehouse.imports.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams the objects of one top-level array field (Keycloak's and Firebase's {@code "users"}) of
 * one or more JSON files in turn, one object in memory at a time. A file without the field is
 * skipped; malformed JSON ends that file with an error item. Single-threaded.
 */
final class JsonArrayReader implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One element: the object and its line, or why the rest of its file could not be read. */
  record Item(long line, JsonNode object, String error) {}

  private final List<Path> files;
  private final String field;
  private int fileIndex = -1;
  private JsonParser parser;

  JsonArrayReader(List<Path> files, String field) {
    this.files = List.copyOf(files);
    this.field = field;
  }

  /**
   * The next element that is an object, or null after the last file.
   *
   * @throws ImportSourceException when a file cannot be opened or is not a JSON object
   */
  Item next() {
    while (true) {
      if (parser == null && !openNextFile()) {
        return null;
      }
      long line = parser.currentLocation().getLineNr();
      try {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.START_OBJECT) {
          line = parser.currentLocation().getLineNr();
          return new Item(line, parser.readValueAsTree(), null);
        }
        if (t == JsonToken.END_ARRAY || t == null) {
          closeParser();
        } else {
          parser.skipChildren(); // not an object: nothing to read in it
        }
      } catch (IOException e) {
        // Truncated or malformed JSON: nothing after this point of the file can be trusted.
        closeParser();
        return new Item(
            line,
            null,
            "malformed JSON: "
                + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage()
                    : e.getClass().getSimpleName()));
      }
    }
  }

  /** A field's text, or null when it is missing, null, not a value or blank. */
  static String text(JsonNode object, String field) {
    JsonNode v = object.get(field);
    return v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank() ? null : v.asText();
  }

  private boolean openNextFile() {
    while (++fileIndex < files.size()) {
      Path file = files.get(fileIndex);
      JsonParser p = null;
      try {
        p = new JsonFactory(JSON).createParser(Files.newInputStream(file));
        if (toArray(p)) {
          parser = p;
          return true;
        }
        p.close();
      } catch (JsonProcessingException e) {
        closeQuietly(p);
        throw new ImportSourceException(
            file.getFileName() + " is not a JSON export: " + e.getOriginalMessage(), e);
      } catch (IOException e) {
        closeQuietly(p);
        throw new ImportSourceException("cannot read " + file.getFileName(), e);
      }
    }
    return false;
  }

  private boolean toArray(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return false;
    }
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals(name) && value == JsonToken.START_ARRAY) {
        return true;
      }
      p.skipChildren();
    }
    return false;
  }

  private void closeParser() {
    closeQuietly(parser);
    parser = null;
  }

  private static void closeQuietly(JsonParser p) {
    if (p != null) {
      try {
        p.close();
      } catch (IOException ignored) {
        // read-only
      }
    }
  }

  @Override
  public void close() {
    closeParser();
    fileIndex = files.size();
  }
}
