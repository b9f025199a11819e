package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Documentation that cannot drift: every fenced {@code java} block of README.md, docs/*.md and the
 * TypeScript client's README is the text of a region of a compiled test source, which a test runs.
 *
 * <p>In the Markdown, the line before the fence names the region(s):
 *
 * <pre>
 * &lt;!-- snippet: ReadmeAdoptionTest.java#configure --&gt;
 * ```java
 * ...
 * ```
 * </pre>
 *
 * <p>A name without a slash is a file of this package's directory; otherwise it is relative to the
 * repository root. Several names separated by spaces are shown one after the other. A name without
 * {@code #region} is a whole file of the archetype's templates ({@code
 * gatehouse-spring-boot-archetype/.../archetype-resources/}), shown as {@code mvn
 * archetype:generate} writes it for docs/SPRING.md's command ({@link #ARCHETYPE_VALUES}). In the
 * source, the region sits between {@code snippet:start NAME} and {@code snippet:end NAME} comments;
 * lines between {@code snippet:hide} and {@code snippet:show} run but are not shown. Blocks of
 * other languages may carry a marker too (then they are checked the same way).
 *
 * <p>{@code mvn -B -q -pl examples -am verify -Dtest=DocumentationSnippetsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgatehouse.docs.update=true} rewrites the blocks from
 * the sources instead of failing.
 */
class DocumentationSnippetsTest {
  private static final Path ROOT = repositoryRoot();
  private static final Path SNIPPETS =
      Path.of("examples/src/test/java/dev/gatehouse/examples/docs");
  private static final Pattern MARKER = Pattern.compile("^\\s*<!-- snippet: (.+?) -->\\s*$");
  private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\w*)\\s*$");
  private static final String ARCHETYPE_FILES =
      "gatehouse-spring-boot-archetype/src/main/resources/archetype-resources/";

  /**
   * What the archetype's templates say where docs/SPRING.md's {@code mvn archetype:generate}
   * command names its project ({@code -DgroupId=com.example -DartifactId=shop}) and the README's
   * repository ({@code -DgatehouseRepository}, shown as a home directory's), and this build's
   * versions, which the archetype's descriptor gives as defaults.
   */
  static final Map<String, String> ARCHETYPE_VALUES =
      Map.of(
          "${groupId}", "com.example",
          "${artifactId}", "shop",
          "${version}", "1.0-SNAPSHOT",
          "${package}", "com.example.shop",
          "${gatehouseRepository}", "/home/you/gatehouse-repo",
          "${gatehouseVersion}",
              parentPom("<artifactId>gatehouse-parent</artifactId>\\s*<version>([^<]+)</version>"),
          "${springBootVersion}", parentPom("<spring-boot.version>([^<]+)</spring-boot.version>"));

  @Test
  void everyJavaBlockOfTheDocumentationIsARegionOfACompiledAndTestedSource() throws IOException {
    boolean update = Boolean.getBoolean("gatehouse.docs.update");
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path doc : documents()) {
      List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>();
      boolean changed = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        out.add(line);
        Matcher fence = FENCE.matcher(line);
        if (!fence.matches() || fence.group(2).isEmpty()) {
          continue;
        }
        String indent = fence.group(1);
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).trim().equals("```")) {
          end++;
        }
        List<String> shown = dedent(lines.subList(i + 1, Math.min(end, lines.size())));
        Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
        String where = ROOT.relativize(doc) + ":" + (i + 1);
        if (marker == null || !marker.matches()) {
          if (fence.group(2).equals("java")) {
            problems.add(
                where + ": a java block without a <!-- snippet: File.java#region --> line above");
          }
          continue;
        }
        checked++;
        List<String> expected = new ArrayList<>();
        for (String name : marker.group(1).trim().split("\\s+")) {
          try {
            expected.addAll(region(name));
          } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
          }
        }
        if (!expected.equals(shown)) {
          if (update) {
            expected.forEach(l -> out.add(l.isEmpty() ? "" : indent + l));
            changed = true;
            i = end - 1; // the closing fence is copied by the next iteration
            continue;
          }
          problems.add(
              where
                  + ": the block differs from "
                  + marker.group(1)
                  + "; it should read:\n"
                  + String.join("\n", expected));
        }
      }
      if (changed) {
        Files.write(doc, out, StandardCharsets.UTF_8);
      }
    }
    assertThat(problems).as("documentation snippets").isEmpty();
    assertThat(checked).as("checked blocks").isGreaterThanOrEqualTo(4);
  }

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    docs.add(ROOT.resolve("clients/typescript/README.md"));
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      docs.addAll(
          s.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList()));
    }
    return docs;
  }

  /** The shown lines of one region, dedented. */
  static List<String> region(String name) throws IOException {
    int hash = name.indexOf('#');
    if (hash < 0 && name.startsWith(ARCHETYPE_FILES)) {
      return generated(name);
    }
    if (hash < 0) {
      throw new IllegalArgumentException(name + " names no region (File.java#region)");
    }
    String file = name.substring(0, hash);
    String region = name.substring(hash + 1);
    Path path = ROOT.resolve(file.contains("/") ? Path.of(file) : SNIPPETS.resolve(file));
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("no file " + ROOT.relativize(path));
    }
    List<String> region_ = new ArrayList<>();
    boolean in = false;
    boolean found = false;
    boolean hidden = false;
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      String t = line.trim();
      if (t.matches(".*snippet:start " + Pattern.quote(region) + "\\b.*")) {
        in = true;
        found = true;
      } else if (t.matches(".*snippet:end " + Pattern.quote(region) + "\\b.*")) {
        in = false;
      } else if (in && t.contains("snippet:hide")) {
        hidden = true;
      } else if (in && t.contains("snippet:show")) {
        hidden = false;
      } else if (in && !hidden) {
        region_.add(line);
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no region " + region + " in " + ROOT.relativize(path));
    }
    return dedent(region_);
  }

  /** A whole file of the archetype's templates, as the guide's command generates it. */
  private static List<String> generated(String name) throws IOException {
    Path path = ROOT.resolve(name);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("no file " + name);
    }
    String text = Files.readString(path, StandardCharsets.UTF_8);
    for (Map.Entry<String, String> value : ARCHETYPE_VALUES.entrySet()) {
      text = text.replace(value.getKey(), value.getValue());
    }
    return dedent(List.of(text.split("\n", -1)));
  }

  private static String parentPom(String regex) {
    try {
      Matcher m =
          Pattern.compile(regex)
              .matcher(Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
      if (!m.find()) {
        throw new IllegalStateException("pom.xml has no " + regex);
      }
      return m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> dedent(List<String> lines) {
    int min = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        min = Math.min(min, l.length() - l.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(min).stripTrailing());
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    while (!out.isEmpty() && out.get(0).isEmpty()) {
      out.remove(0);
    }
    return out;
  }

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("README.md"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
