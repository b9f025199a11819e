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
 * <p>A new public type, top-level or nested, or a new public member of a type that was there, is
 * more than an addition: the API is meant to shrink (issues 35 and 55). Both modes refuse one that
 * the baseline lacks unless the unreleased section of {@code CHANGELOG.md} names it (a type by its
 * simple name, a member by its name, in backticks) with the reason it had to be public; a new
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
              + " new public type(s) or member(s) in "
              + module
              + " that CHANGELOG.md's unreleased section does not name:");
      unexplained.forEach(t -> System.err.println("  + " + t));
      System.err.println(
          "api: keep it out of the public API (an internal package or package-private), or add a"
              + " line to CHANGELOG.md naming it in backticks (a member by its name, `Type#name`)"
              + " and saying why it is public");
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
   * What {@code current} adds to {@code before} that the unreleased section of the repository's
   * CHANGELOG.md (beside {@code api/}) does not name in backticks: a new public type, top-level or
   * nested, by its simple name; a new public member of a type that existed, by its name (a
   * constructor by its type's). The members of a new type come with it. The API grows only with a
   * line that says why (issue 55).
   */
  static List<String> unexplainedNewTypes(Set<String> current, Set<String> before, Path baseline)
      throws IOException {
    Set<String> newTypes = new TreeSet<>();
    for (String line : current) {
      if (!line.contains(" :: ") && !before.contains(line)) {
        newTypes.add(line);
      }
    }
    // Headers of types that existed: a member line under one of them that is new is a new member.
    List<String[]> added = new ArrayList<>(); // {what, the simple name CHANGELOG must hold}
    Set<String> newNames = new TreeSet<>();
    for (String line : newTypes) {
      newNames.add(className(line + " {"));
    }
    for (String name : newNames) {
      // A nested type of a new type comes with it: the enclosing type's line explains both.
      String outer = name.contains("$") ? name.substring(0, name.indexOf('$')) : null;
      if (outer != null && newNames.contains(outer)) {
        continue;
      }
      String simple = name.substring(name.lastIndexOf('.') + 1);
      added.add(new String[] {name, simple.substring(simple.lastIndexOf('$') + 1)});
    }
    for (String line : current) {
      int at = line.indexOf(" :: ");
      if (at < 0 || before.contains(line) || newTypes.contains(line.substring(0, at))) {
        continue;
      }
      String header = line.substring(0, at);
      String member = line.substring(at + 4);
      String owner = className(header + " {");
      String ownerSimple = owner.substring(owner.lastIndexOf('.') + 1);
      ownerSimple = ownerSimple.substring(ownerSimple.lastIndexOf('$') + 1);
      added.add(new String[] {owner + " :: " + member, memberName(member, ownerSimple)});
    }
    if (added.isEmpty()) {
      return List.of();
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
    // The names in backticks: `Foo`, `dev.x.Foo`, `Foo#bar`, `Foo.of(...)` name Foo (and bar, of).
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
      if (named.contains(module) || unreleased.contains("`" + module + "`")) {
        return List.of();
      }
    }
    List<String> unexplained = new ArrayList<>();
    for (String[] a : added) {
      if (!named.contains(a[1])) {
        unexplained.add(a[0]);
      }
    }
    return unexplained;
  }

  /** A member's name as javap prints it: a method's or field's, a constructor's type's. */
  static String memberName(String member, String ownerSimple) {
    String head = member.contains("(") ? member.substring(0, member.indexOf('(')) : member;
    head = head.replace(";", "").trim();
    String name = head.substring(head.lastIndexOf(' ') + 1);
    name = name.substring(name.lastIndexOf('.') + 1);
    String simple = name.substring(name.lastIndexOf('$') + 1);
    return simple.isEmpty() ? ownerSimple : simple;
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
