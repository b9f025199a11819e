import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API and SPI of one module as text, one signature a line, compared with a checked-in
 * baseline. Run by the build (exec-maven-plugin, phase verify) in every library module:
 *
 * <pre>
 * java .ci/ApiSignatures.java check|update &lt;packaging&gt; &lt;classes dir&gt; &lt;api/module.txt&gt;
 * </pre>
 *
 * <p>The signatures are what {@code javap -protected} prints for every public class outside an
 * {@code internal} package: the class header (with its supertypes and generics) and each public
 * or protected member. {@code check} fails when a line of the baseline is missing, i.e. when a
 * public type or member disappeared or changed its signature; a new line is an addition and only
 * reported. {@code update} rewrites the baseline.
 *
 * <p>A new public top-level type is more than an addition: the API is meant to shrink (issue 35).
 * Both modes refuse one that the baseline lacks unless the unreleased section of {@code
 * CHANGELOG.md} names it (its simple name in backticks) with the reason it had to be public; a new
 * module (no baseline yet) needs its artifact id named there instead.
 */
public class ApiSignatures {
  private static final String UPDATE =
      "mvn -B -q verify -DskipTests -Dgatehouse.api=update";

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: ApiSignatures check|update <packaging> <classes> <baseline>");
      System.exit(2);
    }
    String mode = args[0];
    Path classes = Path.of(args[2]);
    Path baseline = Path.of(args[3]);
    if (!args[1].equals("jar") || !Files.isDirectory(classes)) {
      return; // a pom module, or nothing compiled: no API
    }
    TreeSet<String> current = signatures(classes);
    String module = baseline.getFileName().toString();
    Set<String> before =
        Files.exists(baseline)
            ? new TreeSet<>(Files.readAllLines(baseline, StandardCharsets.UTF_8))
            : Set.of();
    List<String> unexplained = unexplainedNewTypes(current, before, baseline);
    if (!unexplained.isEmpty()) {
      System.err.println(
          "api: "
              + unexplained.size()
              + " new public type(s) in "
              + module
              + " that CHANGELOG.md's unreleased section does not name:");
      unexplained.forEach(t -> System.err.println("  + " + t));
      System.err.println(
          "api: keep the type out of the public API (an internal package or package-private), or"
              + " add a line to CHANGELOG.md naming it in backticks and saying why it is public");
      System.exit(1);
    }
    if (mode.equals("update")) {
      Files.createDirectories(baseline.getParent());
      Files.write(baseline, current, StandardCharsets.UTF_8);
      System.out.println("api: wrote " + current.size() + " signatures to api/" + module);
      return;
    }
    if (!Files.exists(baseline)) {
      System.err.println("api: no baseline api/" + module + "; create it with: " + UPDATE);
      System.exit(1);
    }
    Set<String> expected = new TreeSet<>(Files.readAllLines(baseline, StandardCharsets.UTF_8));
    expected.remove("");
    List<String> removed = new ArrayList<>();
    for (String s : expected) {
      if (!current.contains(s)) {
        removed.add(s);
      }
    }
    long added = current.stream().filter(s -> !expected.contains(s)).count();
    if (!removed.isEmpty()) {
      System.err.println(
          "api: "
              + removed.size()
              + " signature(s) of api/"
              + module
              + " disappeared or changed (an incompatible change for hosts):");
      removed.forEach(s -> System.err.println("  - " + s));
      System.err.println(
          "api: if the change is intended, regenerate the baseline and commit it: " + UPDATE);
      System.exit(1);
    }
    if (added > 0) {
      System.out.println(
          "api: "
              + added
              + " signature(s) added to the API of "
              + module
              + " (compatible; record them with: "
              + UPDATE
              + ")");
    }
  }

  /**
   * The public top-level types of {@code current} that {@code before} lacks and the unreleased
   * section of the repository's CHANGELOG.md (beside {@code api/}) does not name in backticks.
   */
  static List<String> unexplainedNewTypes(Set<String> current, Set<String> before, Path baseline)
      throws IOException {
    List<String> added = new ArrayList<>();
    for (String line : current) {
      if (!line.contains(" :: ") && !before.contains(line)) {
        String name = className(line + " {");
        if (!name.contains("$")) {
          added.add(name);
        }
      }
    }
    if (added.isEmpty()) {
      return added;
    }
    Path changelog = baseline.toAbsolutePath().getParent().getParent().resolve("CHANGELOG.md");
    String unreleased = "";
    if (Files.exists(changelog)) {
      String text = Files.readString(changelog, StandardCharsets.UTF_8);
      int start = text.indexOf("## [Unreleased]");
      if (start >= 0) {
        int end = text.indexOf("\n## [", start + 1);
        unreleased = end < 0 ? text.substring(start) : text.substring(start, end);
      }
    }
    // The names in backticks: `Foo`, `dev.x.Foo`, `Foo#bar`, `Foo.of(...)` all name Foo.
    Set<String> named = new TreeSet<>();
    java.util.regex.Matcher code = java.util.regex.Pattern.compile("`([^`]+)`").matcher(unreleased);
    while (code.find()) {
      for (String word : code.group(1).split("[^A-Za-z0-9_$]+")) {
        named.add(word);
      }
    }
    if (!Files.exists(baseline)) {
      // A new module: the line that introduces it names the module, not each of its types.
      String module = baseline.getFileName().toString().replaceFirst("\\.txt$", "");
      return named.contains(module) || unreleased.contains("`" + module + "`") ? List.of() : added;
    }
    List<String> unexplained = new ArrayList<>();
    for (String name : added) {
      if (!named.contains(name.substring(name.lastIndexOf('.') + 1))) {
        unexplained.add(name);
      }
    }
    return unexplained;
  }

  static TreeSet<String> signatures(Path classes) throws IOException {
    List<String> names;
    try (Stream<Path> files = Files.walk(classes)) {
      names =
          files
              .filter(p -> p.toString().endsWith(".class"))
              .map(p -> classes.relativize(p).toString().replace('\\', '/'))
              .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
              .filter(n -> !n.contains("/internal/"))
              .filter(n -> !n.matches(".*\\$[0-9].*")) // anonymous and local classes
              .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
              .sorted()
              .collect(Collectors.toList());
    }
    TreeSet<String> out = new TreeSet<>();
    if (names.isEmpty()) {
      return out;
    }
    List<String> javapArgs = new ArrayList<>(List.of("-protected", "-cp", classes.toString()));
    javapArgs.addAll(names);
    StringWriter text = new StringWriter();
    StringWriter err = new StringWriter();
    int rc =
        ToolProvider.findFirst("javap")
            .orElseThrow()
            .run(new PrintWriter(text), new PrintWriter(err), javapArgs.toArray(String[]::new));
    if (rc != 0) {
      throw new IllegalStateException("javap failed: " + err);
    }
    // First pass: which classes are visible (public or protected, and so is every enclosing one).
    Set<String> visible = new TreeSet<>();
    for (String line : text.toString().split("\n")) {
      if (isHeader(line) && isVisible(line)) {
        visible.add(className(line));
      }
    }
    String header = null;
    for (String line : text.toString().split("\n")) {
      if (line.startsWith("Compiled from") || line.isBlank() || line.equals("}")) {
        continue;
      }
      if (isHeader(line)) {
        String name = className(line);
        header = exported(name, visible) ? line.substring(0, line.length() - 1).trim() : null;
        if (header != null) {
          out.add(header);
        }
      } else if (header != null) {
        out.add(header + " :: " + line.trim());
      }
    }
    return out;
  }

  private static boolean isHeader(String line) {
    return !line.startsWith(" ") && line.endsWith("{");
  }

  private static boolean isVisible(String header) {
    return header.startsWith("public ") || header.startsWith("protected ");
  }

  private static boolean exported(String name, Set<String> visible) {
    if (!visible.contains(name)) {
      return false;
    }
    int dollar = name.lastIndexOf('$');
    return dollar < 0 || exported(name.substring(0, dollar), visible);
  }

  /** The binary name in a javap class header such as {@code public final class a.B<T> extends C {}. */
  private static String className(String header) {
    String[] words = header.replaceAll("<.*", "").split(" ");
    for (int i = 0; i < words.length - 1; i++) {
      if (words[i].equals("class") || words[i].equals("interface")) {
        return words[i + 1];
      }
    }
    String last = words[words.length - 1];
    return last.endsWith("{") ? last.substring(0, last.length() - 1) : last;
  }
}
