package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Users from a Django {@code manage.py dumpdata} JSON fixture, read with Jackson's streaming parser
 * one object at a time (memory stays flat). Only objects of the user model are read (e.g. {@code
 * authentication.user} or {@code auth.user}); profiles and devices in the fixture are not attached
 * (import them from the database source instead), so each user gets the default profile. A
 * truncated or malformed file is reported at its line and ends the stream there. A well-formed
 * fixture with no object of the user model is refused with {@link DumpdataModelNotFoundException},
 * naming the models it has: by {@link #checkModel()} before anything is imported, and by the stream
 * at the fixture's end.
 */
public final class DjangoDumpdataSource implements LegacySource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String model;
  private final ZoneId zone;

  private DjangoDumpdataSource(Path file, String model, ZoneId zone) {
    this.file = file;
    this.model = model;
    this.zone = zone;
  }

  /**
   * A source over a {@code manage.py dumpdata} JSON fixture; nothing is read until {@link #open()}.
   *
   * @param file the fixture; not null
   * @param model the user model label, e.g. {@code authentication.user}; not null
   * @param zone the zone of timestamps without an offset (dumpdata writes UTC with {@code Z})
   * @return the source
   */
  public static DjangoDumpdataSource of(Path file, String model, ZoneId zone) {
    return new DjangoDumpdataSource(
        requireNonNull(file, "file"), requireNonNull(model, "model"), requireNonNull(zone, "zone"));
  }

  /**
   * Reads the fixture up to the first object of the user model (the whole fixture when it has
   * none), to refuse a model label that would import nothing before anything is imported. A
   * malformed or truncated fixture is not refused here: the stream reports it at its line.
   *
   * @throws DumpdataModelNotFoundException when no object of the fixture has the model
   * @throws ImportSourceException when the file cannot be read
   */
  public void checkModel() {
    try (RecordStream records = open()) {
      records.hasNext();
    }
  }

  @Override
  public String describe() {
    return "django-dumpdata:" + file.getFileName();
  }

  @Override
  public RecordStream open() {
    try {
      JsonParser p = new JsonFactory(JSON).createParser(Files.newInputStream(file));
      return new Stream(p);
    } catch (IOException e) {
      throw new ImportSourceException("cannot read " + file.getFileName(), e);
    }
  }

  private final class Stream implements RecordStream {
    private final JsonParser p;
    private boolean started;
    private boolean done;
    private LegacyRecord next;
    private long position;
    private boolean modelSeen;
    private final Set<String> otherModels = new TreeSet<>();

    Stream(JsonParser p) {
      this.p = p;
    }

    @Override
    public boolean hasNext() {
      while (next == null && !done) {
        next = read();
      }
      return next != null;
    }

    @Override
    public LegacyRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      LegacyRecord r = next;
      next = null;
      return r;
    }

    /** The next user record, or null after skipping a non-user object (then call again). */
    private LegacyRecord read() {
      long line = p.currentLocation().getLineNr();
      try {
        if (!started) {
          started = true;
          if (p.nextToken() != JsonToken.START_ARRAY) {
            done = true;
            position++;
            return LegacyRecord.bad(
                position, line, null, "a dumpdata fixture must be a JSON array");
          }
        }
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_ARRAY || t == null) {
          done = true;
          if (!modelSeen) {
            throw new DumpdataModelNotFoundException(
                model, file.getFileName().toString(), List.copyOf(otherModels));
          }
          return null;
        }
        line = p.currentLocation().getLineNr();
        JsonNode obj = p.readValueAsTree();
        String objectModel = obj == null ? null : obj.path("model").asText(null);
        if (!model.equals(objectModel)) {
          if (objectModel != null) {
            otherModels.add(objectModel);
          }
          return null;
        }
        modelSeen = true;
        position++;
        String id = obj.path("pk").asText(null);
        if (id == null) {
          return LegacyRecord.bad(position, line, null, "object without pk");
        }
        Map<String, String> f = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = obj.path("fields").fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode v = e.getValue();
          f.put(e.getKey(), v.isNull() ? null : v.isContainerNode() ? v.toString() : v.asText());
        }
        try {
          return LegacyRecord.of(
              position, line, DjangoUsers.toUser(id, f, zone, List.of(), List.of()));
        } catch (DateTimeParseException e) {
          return LegacyRecord.bad(
              position, line, id, "impossible timestamp: " + e.getParsedString());
        } catch (IllegalArgumentException e) {
          return LegacyRecord.bad(position, line, id, e.getMessage());
        }
      } catch (IOException e) {
        // Truncated or malformed JSON: nothing after this point can be trusted.
        done = true;
        position++;
        long at = p.currentLocation().getLineNr();
        return LegacyRecord.bad(
            position,
            at,
            null,
            "malformed JSON: "
                + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage()
                    : e.getClass().getSimpleName()));
      }
    }

    @Override
    public void close() {
      try {
        p.close();
      } catch (IOException ignored) {
        // read-only
      }
    }
  }

  /**
   * No object of a Django {@code dumpdata} fixture has the user model a {@link
   * DjangoDumpdataSource} was given (a typo, or {@code auth.user} for a custom user model): the
   * source would import nothing. Names the models the fixture does have. Thrown by {@link
   * DjangoDumpdataSource#checkModel()} and by the source's stream when it reaches the end of such a
   * fixture, so {@code Importer.plan} throws it and {@code Importer.run} ends {@code FAILED} with
   * its message, having imported nothing.
   */
  public static final class DumpdataModelNotFoundException extends ImportSourceException {
    private static final long serialVersionUID = 1L;

    /** The user model label that matched no object. */
    private final String model;

    /** The model labels the fixture's objects have, sorted (an unmodifiable, serializable list). */
    private final List<String> modelsFound;

    /**
     * @param model the user model label that matched no object
     * @param fileName the fixture's file name (no directory)
     * @param modelsFound the model labels the fixture's objects have, sorted
     */
    public DumpdataModelNotFoundException(String model, String fileName, List<String> modelsFound) {
      super(
          model
              + " matches no record of "
              + fileName
              + "; models found: "
              + (modelsFound.isEmpty() ? "none" : String.join(", ", modelsFound)),
          null);
      this.model = model;
      this.modelsFound = List.copyOf(modelsFound);
    }

    /** {@return the user model label that matched no object} */
    public String model() {
      return model;
    }

    /** {@return the model labels the fixture's objects have, sorted; empty for an empty fixture} */
    public List<String> modelsFound() {
      return modelsFound;
    }
  }
}
