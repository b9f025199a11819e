package dev.gatehouse.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package maps of auth-core and of the web module in docs/ARCHITECTURE.md ("Packages of
 * auth-core", "Packages of the web module") are the code: every package is listed, every listed
 * package exists, and none outgrows its budget in code lines (non-blank lines outside comments), so
 * a package that must grow says so in the same change.
 */
class PackageMapTest {
  private static final String CORE = "dev.gatehouse.core";
  private static final String WEB = "dev.gatehouse.spring.web";

  /** The entity bases hosts subclass, and the password formats no host may lose. */
  private static final java.util.Set<String> BESIDES_THE_TARGET =
      java.util.Set.of(CORE + ".entity", CORE + ".password");

  private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\| .* \\| (\\d+) \\|$");

  @Test
  void everyPackageOfAuthCoreIsMappedAndWithinItsBudget() throws IOException {
    checkMap("auth-core", "## Packages of auth-core", CORE, "core", 21);
  }

  /** One package per contract: the web module's packages are mapped like auth-core's. */
  @Test
  void everyPackageOfTheWebModuleIsMappedAndWithinItsBudget() throws IOException {
    checkMap("gatehouse-spring-boot-web", "## Packages of the web module", WEB, "web", 8);
  }

  /**
   * Checks one module's map: a row names the module's root package in full and every other package
   * from {@code shortRoot} on ({@code core.session} for {@code dev.gatehouse.core.session}).
   */
  private static void checkMap(
      String module, String section, String rootPackage, String shortRoot, int atLeast)
      throws IOException {
    Path root = ArchitectureTest.projectRoot();
    Map<String, Integer> budgets =
        budgets(root.resolve("docs/ARCHITECTURE.md"), section, rootPackage, shortRoot, atLeast);
    Map<String, Integer> lines = codeLines(root.resolve(module + "/src/main/java"));
    assertTrue(lines.size() >= atLeast, () -> "found only " + lines.keySet());
    List<String> problems = new ArrayList<>();
    for (var e : lines.entrySet()) {
      Integer budget = budgets.get(e.getKey());
      if (budget == null) {
        problems.add(e.getKey() + " (" + e.getValue() + " lines) is not in the package map");
      } else if (e.getValue() > budget) {
        problems.add(
            e.getKey() + " has " + e.getValue() + " code lines, over its budget " + budget);
      }
    }
    for (String mapped : budgets.keySet()) {
      if (!lines.containsKey(mapped)) {
        problems.add(mapped + " is in the package map but has no code");
      }
    }
    assertEquals(List.of(), problems, "docs/ARCHITECTURE.md, " + section.substring(3));
  }

  /**
   * Issue 75: the sum of the core's budgets besides the entity bases and the password formats is
   * stated in docs/ARCHITECTURE.md, and every change of it has its line in CHANGELOG.md ("package
   * budgets sum to N"), so the sum never rises silently. Issue 75's target for it (16,000) is not
   * met yet; the document says why and what closes the gap, and the sum may fall to it freely.
   */
  @Test
  void theCoresBudgetSumIsStatedAndEveryChangeOfItLogged() throws IOException {
    Path root = ArchitectureTest.projectRoot();
    Map<String, Integer> budgets =
        budgets(root.resolve("docs/ARCHITECTURE.md"), "## Packages of auth-core", CORE, "core", 21);
    int sum =
        budgets.entrySet().stream()
            .filter(e -> !BESIDES_THE_TARGET.contains(e.getKey()))
            .mapToInt(Map.Entry::getValue)
            .sum();
    String figure = String.format(java.util.Locale.ROOT, "%,d", sum);
    String architecture =
        Files.readString(root.resolve("docs/ARCHITECTURE.md"), StandardCharsets.UTF_8);
    String stated = "sum to **" + figure + "**";
    assertTrue(
        architecture.contains(stated),
        () -> "docs/ARCHITECTURE.md does not state the budgets' sum: '" + stated + "'");
    String changelog = Files.readString(root.resolve("CHANGELOG.md"), StandardCharsets.UTF_8);
    String logged = "package budgets sum to " + figure;
    assertTrue(
        changelog.contains(logged),
        () -> "CHANGELOG.md has no line saying the core's '" + logged + "'");
  }

  @Test
  void everySignInMethodsReadPathNamesAtMostTwelveCoreFilesThatExist() throws IOException {
    Path root = ArchitectureTest.projectRoot();
    String text = Files.readString(root.resolve("docs/ARCHITECTURE.md"), StandardCharsets.UTF_8);
    int start = text.indexOf("### Each sign-in method's read path through the core");
    assertTrue(start >= 0, "docs/ARCHITECTURE.md has no read paths of the sign-in methods");
    int end = text.indexOf("\n## ", start);
    Path core = root.resolve("auth-core/src/main/java/dev/gatehouse/core");
    Pattern file = Pattern.compile("`([A-Za-z/]+)`");
    List<String> problems = new ArrayList<>();
    int methods = 0;
    for (String line : text.substring(start, end).split("\n")) {
      String[] cells = line.split(" \\| ");
      if (!line.startsWith("| ") || cells.length != 2 || line.startsWith("| method")) {
        continue;
      }
      methods++;
      Matcher m = file.matcher(cells[1]);
      int files = 0;
      while (m.find()) {
        files++;
        if (!Files.isRegularFile(core.resolve(m.group(1) + ".java"))) {
          problems.add(cells[0] + ": no file " + m.group(1));
        }
      }
      if (files > 12) {
        problems.add(cells[0] + ": " + files + " core files on its path, more than 12");
      }
    }
    assertTrue(methods >= 8, "found " + methods + " sign-in methods");
    assertEquals(List.of(), problems, "docs/ARCHITECTURE.md, read paths");
  }

  @Test
  void codeLinesLeaveOutCommentsAndBlankLines() {
    assertEquals(
        3,
        codeLines(
            List.of(
                "/** Javadoc",
                " * more */",
                "",
                "// a comment",
                "class A { /* inline */",
                "  /* block",
                "     still */ int x;",
                "}")));
  }

  /** The budgets of the rows of one map, by full package name. */
  private static Map<String, Integer> budgets(
      Path architecture, String section, String rootPackage, String shortRoot, int atLeast)
      throws IOException {
    String text = Files.readString(architecture, StandardCharsets.UTF_8);
    int start = text.indexOf(section + "\n");
    assertTrue(start >= 0, () -> "docs/ARCHITECTURE.md has no section '" + section + "'");
    int end = text.indexOf("\n## ", start + 1);
    Map<String, Integer> budgets = new TreeMap<>();
    for (String line : text.substring(start, end < 0 ? text.length() : end).split("\n")) {
      Matcher m = ROW.matcher(line.strip());
      if (m.matches()) {
        String name = m.group(1);
        String full =
            name.equals(rootPackage) ? name : rootPackage + name.substring(shortRoot.length());
        budgets.put(full, Integer.parseInt(m.group(2)));
      }
    }
    assertTrue(budgets.size() >= atLeast, () -> "the package map has only " + budgets.keySet());
    return budgets;
  }

  /** Code lines of each package under {@code sources}. */
  private static Map<String, Integer> codeLines(Path sources) {
    Map<String, Integer> lines = new TreeMap<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String pkg = sources.relativize(f.getParent()).toString().replace('/', '.');
        lines.merge(pkg, codeLines(Files.readAllLines(f, StandardCharsets.UTF_8)), Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /** The lines that hold code: not blank, not only a comment, not inside a block comment. */
  static int codeLines(List<String> source) {
    int n = 0;
    boolean inBlock = false;
    for (String line : source) {
      String s = line.strip();
      if (inBlock) {
        int close = s.indexOf("*/");
        if (close < 0) {
          continue;
        }
        s = s.substring(close + 2).strip();
        inBlock = false;
      }
      while (s.startsWith("/*")) {
        int close = s.indexOf("*/", 2);
        if (close < 0) {
          inBlock = true;
          s = "";
        } else {
          s = s.substring(close + 2).strip();
        }
      }
      if (!s.isEmpty() && !s.startsWith("//")) {
        n++;
      }
    }
    return n;
  }
}
