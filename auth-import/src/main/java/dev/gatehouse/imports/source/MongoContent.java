package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code mongoexport} of content that refers to users by their old ids (for example
 * BioGraph's biographs with a {@code user_id} holding the owner's ObjectId as a hex string, or as
 * an ObjectId), so the host can re-attach it with {@link dev.gatehouse.imports.Importer#resolve}.
 */
public final class MongoContent {
  private MongoContent() {}

  /**
   * One content document's reference.
   *
   * @param line the line in the file
   * @param id the document's {@code _id}, or {@code null}
   * @param ownerLegacyId the referenced user id, or {@code null} when missing or unreadable
   */
  public record Reference(long line, @Nullable String id, @Nullable String ownerLegacyId) {}

  /**
   * Streams the references of a content export.
   *
   * @param file the export
   * @param ownerField the field holding the user id, e.g. {@code user_id}
   * @param consumer receives each document's reference (bad lines with null ids)
   * @return how many lines were read
   */
  public static long references(Path file, String ownerField, Consumer<Reference> consumer) {
    requireNonNull(file, "file");
    requireNonNull(ownerField, "ownerField");
    long n = 0;
    try (JsonLines lines = new JsonLines(file)) {
      for (JsonLines.Line l = lines.next(); l != null; l = lines.next()) {
        n++;
        if (l.doc() == null) {
          consumer.accept(new Reference(l.number(), null, null));
        } else {
          consumer.accept(
              new Reference(
                  l.number(),
                  MongoExport.id(l.doc().get("_id")),
                  MongoExport.id(l.doc().get(ownerField))));
        }
      }
    }
    return n;
  }
}
