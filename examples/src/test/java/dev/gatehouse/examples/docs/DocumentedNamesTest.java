package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A document cannot name a {@code gatehouse.*} key that does not exist: every such name in the
 * README and {@code docs/} is a Spring property of the starter (its configuration metadata, which
 * lists every setting), a name the library's main sources spell (a meter, a changelog parameter, a
 * setting of a module without Spring), a property of the build's or the guides' host {@code
 * pom.xml}, or a Java call ({@code gatehouse.accounts()}). A renamed setting left in a page fails
 * here.
 */
class DocumentedNamesTest {
  private static final Path ROOT = DocumentationFiles.repositoryRoot();
  private static final Pattern NAME =
      Pattern.compile("(?<![\\w.$/-])gatehouse\\.[A-Za-z0-9][A-Za-z0-9.*-]*[A-Za-z0-9*]");

  @Test
  void everyGatehouseNameInTheDocumentationExists() throws IOException {
    Set<String> known = new TreeSet<>();
    known.addAll(springProperties());
    known.addAll(namesIn(mainSources()));
    known.addAll(
        namesIn(
            List.of(
                ROOT.resolve("pom.xml"),
                ROOT.resolve(
                    "gatehouse-spring-boot-archetype/src/main/resources/archetype-resources/pom.xml"))));
    assertThat(known).as("names the checks compare with").hasSizeGreaterThan(100);

    List<String> unknown = new ArrayList<>();
    for (Path doc : DocumentationFiles.pages(ROOT)) {
      if (doc.endsWith("CHANGELOG.md")) {
        continue; // history: it names what earlier releases called things
      }
      String text = Files.readString(doc, StandardCharsets.UTF_8);
      Matcher m = NAME.matcher(text);
      while (m.find()) {
        String name = m.group();
        if (m.end() < text.length() && text.charAt(m.end()) == '(') {
          continue; // a Java call on a Gatehouse named gatehouse
        }
        if (!exists(name, known)) {
          unknown.add(ROOT.relativize(doc) + ": " + name);
        }
      }
    }
    assertThat(unknown).as("gatehouse.* names no setting, meter or source spells").isEmpty();
  }

  private static boolean exists(String name, Set<String> known) {
    String base = name.endsWith("*") ? name.substring(0, name.length() - 1) : name;
    base = base.endsWith(".") ? base.substring(0, base.length() - 1) : base;
    if (known.contains(name) || known.contains(base)) {
      return true;
    }
    String prefix = base + ".";
    return known.stream().anyMatch(k -> k.startsWith(prefix));
  }

  private static Set<String> springProperties() throws IOException {
    Set<String> names = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    for (URL url :
        Collections.list(
            DocumentedNamesTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        for (JsonNode p : json.readTree(in).path("properties")) {
          names.add(p.path("name").asText());
        }
      }
    }
    assertThat(names).as("the starter's configuration metadata").isNotEmpty();
    return names;
  }

  private static List<Path> mainSources() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.filter(Files::isDirectory).toList()) {
        Path main = module.resolve("src/main");
        if (!Files.isDirectory(main)) {
          continue;
        }
        try (Stream<Path> s = Files.walk(main)) {
          s.filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".xml"))
              .forEach(files::add);
        }
      }
    }
    return files;
  }

  private static Set<String> namesIn(List<Path> files) {
    Set<String> names = new TreeSet<>();
    Pattern spelled = Pattern.compile("gatehouse\\.[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]");
    for (Path f : files) {
      try {
        Matcher m = spelled.matcher(Files.readString(f, StandardCharsets.UTF_8));
        while (m.find()) {
          names.add(m.group());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return names;
  }
}
