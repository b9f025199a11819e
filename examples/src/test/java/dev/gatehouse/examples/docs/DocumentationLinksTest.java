package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the pages under {@code docs/} point only at what exists: a Markdown link's file
 * (inside the repository) and its {@code #anchor} (a heading of that page, as GitHub names it), and
 * every repository path written in backticks ({@code docs/X.md}, {@code auth-jpa/src/.../Y.java}, a
 * page name such as {@code MIGRATION.md}). Fenced code is not read; build output ({@code target/})
 * and placeholders ({@code <alg>}, {@code *}) are not paths.
 */
class DocumentationLinksTest {
  private static final Path ROOT = DocumentationFiles.repositoryRoot();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern CODE = Pattern.compile("`([^`\\s]+)`");
  private static final Pattern PAGE_NAME = Pattern.compile("[A-Z][A-Z0-9_-]*\\.md");

  @Test
  void everyLinkAndPathInTheDocumentationExists() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : DocumentationFiles.pages(ROOT)) {
      String text = withoutFencedCode(read(page));
      String name = ROOT.relativize(page).toString();
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        checked++;
        String problem = linkProblem(page, link.group(1));
        if (problem != null) {
          broken.add(name + ": (" + link.group(1) + ") " + problem);
        }
      }
      Matcher code = CODE.matcher(text);
      while (code.find()) {
        String path = repositoryPath(code.group(1));
        if (path != null) {
          checked++;
          if (!pathExists(page, path)) {
            broken.add(name + ": `" + code.group(1) + "` names no file of the repository");
          }
        }
      }
    }
    assertThat(checked).as("links and paths read").isGreaterThan(100);
    assertThat(broken).isEmpty();
  }

  @Test
  void theCheckSeesABrokenLinkAnAnchorAndAPath() {
    Path readme = ROOT.resolve("README.md");
    assertThat(linkProblem(readme, "docs/NO-SUCH-PAGE.md")).isNotNull();
    assertThat(linkProblem(readme, "docs/START.md#no-such-heading")).isNotNull();
    assertThat(linkProblem(readme, "docs/START.md#where-to-start")).isNull();
    assertThat(linkProblem(readme, "../shared/DESIGN.md")).contains("outside");
    assertThat(pathExists(readme, repositoryPath("docs/BENCHMARKS-import.md"))).isFalse();
    assertThat(pathExists(readme, repositoryPath("examples/.../docs/SecurityGuaranteesTest.java")))
        .isTrue();
    assertThat(repositoryPath("benchmarks/target/bench-report.md")).isNull();
    assertThat(repositoryPath("api/token/refresh/")).as("an HTTP route").isNull();
  }

  /** Why a Markdown link's target is broken, or null when it is not. */
  private static String linkProblem(Path page, String target) {
    if (target.matches("^[a-z]+:.*")) {
      return null; // http(s), mailto: not checked here (the build runs without the internet)
    }
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
    if (!resolved.startsWith(ROOT)) {
      return "points outside the repository";
    }
    if (!Files.exists(resolved)) {
      return "no such file";
    }
    if (anchor != null && resolved.toString().endsWith(".md")) {
      if (!anchors(resolved).contains(anchor)) {
        return "no heading #" + anchor + " in " + ROOT.relativize(resolved);
      }
    }
    return null;
  }

  /** The repository path a backticked token names, or null when it is not one. */
  private static String repositoryPath(String token) {
    String t = token.replaceAll("[.,:;)]+$", "");
    int hash = t.indexOf('#');
    if (hash >= 0) {
      t = t.substring(0, hash);
    }
    if (t.matches(".*[<>*{}$|].*") || t.contains("/target/") || t.startsWith("target/")) {
      return null;
    }
    if (PAGE_NAME.matcher(t).matches()) {
      return t;
    }
    int slash = t.indexOf('/');
    if (slash <= 0 || t.startsWith("/")) {
      return null;
    }
    String top = t.substring(0, slash);
    String last = t.substring(t.lastIndexOf('/', t.length() - 2) + 1);
    // A file (it has a suffix) or a source path; `api/token/` is an HTTP route, not the api folder.
    boolean fileLike = last.contains(".") || t.contains("/src/");
    return fileLike && Files.isDirectory(ROOT.resolve(top)) && !top.startsWith(".") ? t : null;
  }

  /**
   * Whether a path exists: from the root, or (a page name) beside the page or under docs/; a {@code
   * ...} segment stands for any directories, and a path without a file suffix may be a Java class.
   */
  private static boolean pathExists(Path page, String path) {
    if (PAGE_NAME.matcher(path).matches()) {
      return Files.exists(page.getParent().resolve(path))
          || Files.exists(ROOT.resolve(path))
          || Files.exists(ROOT.resolve("docs").resolve(path));
    }
    if (path.contains("...")) {
      String[] halves = path.split("/\\.\\.\\./", 2);
      Path start = ROOT.resolve(halves[0]);
      if (!Files.isDirectory(start) || halves.length < 2) {
        return false;
      }
      try (Stream<Path> all = Files.walk(start)) {
        return all.anyMatch(
            p -> p.toString().endsWith("/" + halves[1]) && !p.toString().contains("/target/"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path p = ROOT.resolve(path);
    return Files.exists(p)
        || (!p.getFileName().toString().contains(".")
            && Files.exists(p.resolveSibling(p.getFileName() + ".java")));
  }

  /** The anchors GitHub gives a page's headings (a repeated heading gets -1, -2, ...). */
  private static Set<String> anchors(Path page) {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : withoutFencedCode(read(page)).split("\n")) {
      if (!line.startsWith("#")) {
        continue;
      }
      String slug =
          line.replaceFirst("^#+\\s*", "")
              .strip()
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
              .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return anchors;
  }

  private static String withoutFencedCode(String text) {
    StringBuilder out = new StringBuilder();
    boolean fenced = false;
    for (String line : text.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (!fenced) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static String read(Path page) {
    try {
      return Files.readString(page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
