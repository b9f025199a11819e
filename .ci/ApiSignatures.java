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
