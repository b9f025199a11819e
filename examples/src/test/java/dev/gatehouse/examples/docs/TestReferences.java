package dev.gatehouse.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tests a cell of a documentation table names, as {@code docs/SECURITY-GUARANTEES.md} and
 * {@code docs/TESTING.md} write them: {@code path/Class} or {@code path/Class.method}, relative to
 * a module's test package ({@code defaultModule}'s unless the cell names another module first,
 * {@code auth-core: ...}, which then holds for the rest of the cell); {@code …method} names a
 * method of the cell's previous class.
 */
final class TestReferences {
  private static final Pattern REFERENCE =
      Pattern.compile(
          "`(?:([a-z0-9-]+): )?([A-Za-z0-9/]*[A-Z][A-Za-z0-9]*)(?:\\.([A-Za-z0-9_]+))?`");
  private static final Pattern CONTINUED = Pattern.compile("`…([A-Za-z0-9_]+)`");

  private TestReferences() {}

  /**
   * One named test that exists.
   *
   * @param module the module whose test sources hold it
   * @param name the class as the cell names it ({@code account/LoginTest})
   * @param method the method, or null for the whole class
   * @param source the class's source file
   */
  record Reference(String module, String name, String method, Path source) {
    /** {@return the class, {@code module: path/Class}, without the method} */
    String testClass() {
      return module + ": " + name;
    }
  }

  /**
   * The references of {@code cell} that exist; each one that does not is added to {@code problems}.
   */
  static List<Reference> in(String cell, String defaultModule, Path root, List<String> problems) {
    Matcher full = REFERENCE.matcher(cell);
    Matcher more = CONTINUED.matcher(cell);
    // References in the order they appear: full ones and continuations.
    List<int[]> order = new ArrayList<>();
    while (full.find()) {
      order.add(new int[] {full.start(), 0});
    }
    while (more.find()) {
      order.add(new int[] {more.start(), 1});
    }
    order.sort((a, b) -> Integer.compare(a[0], b[0]));
    List<Reference> found = new ArrayList<>();
    String module = defaultModule;
    String lastName = null;
    Path lastClass = null;
    for (int[] at : order) {
      String method;
      if (at[1] == 0) {
        full.find(at[0]);
        if (full.group(1) != null) {
          module = full.group(1);
        }
        lastName = full.group(2);
        lastClass = testClass(root, module, lastName);
        if (lastClass == null) {
          problems.add("no test class " + module + ": " + lastName + " (" + cell + ")");
          continue;
        }
        method = full.group(3);
      } else {
        more.find(at[0]);
        method = more.group(1);
        if (lastClass == null) {
          problems.add("…" + method + " follows no test class (" + cell + ")");
          continue;
        }
      }
      if (method != null && !declares(lastClass, method)) {
        problems.add(root.relativize(lastClass) + " has no test " + method);
        continue;
      }
      found.add(new Reference(module, lastName, method, lastClass));
    }
    return found;
  }

  /** The test source of {@code reference} ({@code dir/Class}) in {@code module}, or null. */
  private static Path testClass(Path root, String module, String reference) {
    Path tests = root.resolve(module).resolve("src/test/java");
    if (!Files.isDirectory(tests)) {
      return null;
    }
    String suffix = "/" + reference + ".java";
    try (Stream<Path> files = Files.walk(tests)) {
      return files
          .filter(p -> p.toString().replace('\\', '/').endsWith(suffix))
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean declares(Path source, String method) {
    try {
      return Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(")
          .matcher(Files.readString(source, StandardCharsets.UTF_8))
          .find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
