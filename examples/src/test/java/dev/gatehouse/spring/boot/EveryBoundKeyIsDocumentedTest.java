package dev.gatehouse.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.GatehouseConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every {@code gatehouse.*} key the starter binds is named by at least one document (README.md or a
 * page of docs/), so nobody needs a setting that no guide names (issue 94, item 4: the first
 * superuser's {@code gatehouse.admin.bootstrap-token} was named nowhere). The keys are the ones the
 * start-up check accepts, from the same two sources: {@link GatehouseConfig#settings()} (with every
 * feature module on this class path) and the starter's properties classes ({@link StarterKeys}). A
 * document names a key by its dotted form anywhere, or by its path in a {@code yaml} block.
 */
class EveryBoundKeyIsDocumentedTest {
  private static final Pattern YAML_BLOCK = Pattern.compile("(?ms)^\\s*```ya?ml\\s*$(.*?)^\\s*```");

  @Test
  void everyKeyTheStarterBindsIsNamedByADocument() throws IOException {
    Set<String> keys = new TreeSet<>(GatehouseConfig.settings().keySet());
    keys.addAll(StarterKeys.on(getClass().getClassLoader()).keys());
    assertThat(keys)
        .as("the settings of the feature modules and the starter's own keys are on this class path")
        .contains(
            "gatehouse.admin.bootstrap-token",
            "gatehouse.magic-link.ttl",
            "gatehouse.legacy.simplejwt.algorithm",
            "gatehouse.pages.admin",
            "gatehouse.openid-provider.enabled",
            "gatehouse.jwt.kid");

    StringBuilder text = new StringBuilder();
    Set<String> yamlPaths = new TreeSet<>();
    for (Path page : pages()) {
      String page_ = Files.readString(page, StandardCharsets.UTF_8);
      text.append(page_).append('\n');
      Matcher block = YAML_BLOCK.matcher(page_);
      while (block.find()) {
        paths(block.group(1), yamlPaths);
      }
    }
    List<String> unnamed =
        keys.stream().filter(k -> text.indexOf(k) < 0 && !yamlPaths.contains(k)).toList();
    assertThat(unnamed).as("keys the starter binds that no document names").isEmpty();
  }

  /** Every path of a YAML block's mappings ({@code gatehouse.admin.bootstrap-token}). */
  private static void paths(String block, Set<String> out) {
    Object root;
    try {
      root = new Yaml().load(block);
    } catch (RuntimeException e) {
      return; // a fragment (a list item, an excerpt with "..."): it names keys in its prose
    }
    collect(root, "", out);
  }

  private static void collect(Object node, String prefix, Set<String> out) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String path = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
        out.add(path);
        collect(e.getValue(), path, out);
      }
    }
  }

  private static List<Path> pages() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.exists(root.resolve("docs/ARCHITECTURE.md"))) {
      root = root.getParent();
    }
    assertThat(root).as("the repository's root").isNotNull();
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }
}
