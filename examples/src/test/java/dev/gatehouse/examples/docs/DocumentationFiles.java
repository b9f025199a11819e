package dev.gatehouse.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where the repository's documentation is, for the tests that check it. */
final class DocumentationFiles {
  private DocumentationFiles() {}

  /** The repository's root: the nearest directory above the working one with a {@code docs/}. */
  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("docs/ARCHITECTURE.md"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no docs/ARCHITECTURE.md above " + Path.of(""));
    }
    return p;
  }

  /** The README, the CHANGELOG and every Markdown page under {@code docs/}. */
  static List<Path> pages(Path root) {
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
    for (String top : List.of("CHANGELOG.md", "CONTRIBUTING.md", "SECURITY.md")) {
      if (Files.exists(root.resolve(top))) {
        pages.add(root.resolve(top));
      }
    }
    try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }
}
