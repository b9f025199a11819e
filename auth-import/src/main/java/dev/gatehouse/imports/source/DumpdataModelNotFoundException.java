package dev.gatehouse.imports.source;

import dev.gatehouse.imports.api.ImportSourceException;
import java.util.List;

/**
 * No object of a Django {@code dumpdata} fixture has the user model a {@link DjangoDumpdataSource}
 * was given (a typo, or {@code auth.user} for a custom user model): the source would import
 * nothing. Names the models the fixture does have. Thrown by {@link
 * DjangoDumpdataSource#checkModel()} and by the source's stream when it reaches the end of such a
 * fixture, so {@code Importer.plan} throws it and {@code Importer.run} ends {@code FAILED} with its
 * message, having imported nothing.
 */
public final class DumpdataModelNotFoundException extends ImportSourceException {
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
