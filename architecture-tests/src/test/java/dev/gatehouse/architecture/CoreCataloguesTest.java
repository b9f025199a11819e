package dev.gatehouse.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.delivery.TemplateNames;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 75: the core's catalogues keep only what every host has. An entry of the core's error
 * codes, counters or template names that the core never uses and exactly one feature module does is
 * that module's: it belongs in the module's manifest. The web and pages modules serve every
 * module's contract and the test kit serves every host, so their uses neither make an entry the
 * core's nor a module's.
 */
class CoreCataloguesTest {
  /** Modules whose use of an entry says nothing about its owner. */
  private static final Set<ArchitectureTest.Module> CONTRACT_LAYERS =
      Set.of(
          ArchitectureTest.Module.TESTING,
          ArchitectureTest.Module.SPRING_BOOT_AUTOCONFIGURE,
          ArchitectureTest.Module.SPRING_WEB,
          ArchitectureTest.Module.SPRING_PAGES,
          ArchitectureTest.Module.SPRING_BOOT_STARTER,
          ArchitectureTest.Module.SPRING_BOOT_TEST);

  /**
   * The core, its delivery SPIs, and the stores of the store SPI (the JPA store and its importer
   * answer the store SPI's own codes: a failed migration, a schema check).
   */
  private static final Set<ArchitectureTest.Module> CORE_SIDE =
      Set.of(
          ArchitectureTest.Module.CORE,
          ArchitectureTest.Module.DELIVERY_SPI,
          ArchitectureTest.Module.EMAIL_SPI,
          ArchitectureTest.Module.SMS_SPI,
          ArchitectureTest.Module.JPA,
          ArchitectureTest.Module.IMPORT);

  @Test
  void noErrorCodeCounterOrTemplateOfTheCoreServesOneModuleOnly() throws IOException {
    Map<ArchitectureTest.Module, String> sources = mainSources();
    List<String> moduleOnly = new ArrayList<>();
    moduleOnly.addAll(moduleOnly(ErrorCode.class, sources));
    moduleOnly.addAll(moduleOnly(Counters.class, sources));
    moduleOnly.addAll(moduleOnly(TemplateNames.class, sources));
    assertEquals(
        List.of(), moduleOnly, "move these to their module's constants and manifest (issue 75)");
  }

  @Test
  void anEntryUsedByTheCoreOrByTwoModulesIsTheCores() {
    Map<ArchitectureTest.Module, String> sources =
        Map.of(
            ArchitectureTest.Module.CORE, "throw x(Kind.SHARED); y(Owned.FIRST)",
            ArchitectureTest.Module.SOCIAL, "Owned.SECOND; SHARED; Owned.THIRD",
            ArchitectureTest.Module.MFA, "Owned.THIRD",
            ArchitectureTest.Module.SPRING_WEB, "Owned.FOURTH");
    assertEquals(
        List.of("Owned.SECOND (only auth-social uses it)"),
        moduleOnly("Owned", List.of("FIRST", "SECOND", "THIRD", "FOURTH"), sources));
  }

  private static List<String> moduleOnly(
      Class<?> catalogue, Map<ArchitectureTest.Module, String> sources) {
    List<String> names = new ArrayList<>();
    for (Field f : catalogue.getDeclaredFields()) {
      int m = f.getModifiers();
      if (Modifier.isPublic(m)
          && Modifier.isStatic(m)
          && Modifier.isFinal(m)
          && (f.getType() == catalogue || f.getType() == String.class)) {
        names.add(f.getName());
      }
    }
    assertTrue(names.size() >= 10, () -> catalogue + " has only " + names);
    return moduleOnly(catalogue.getSimpleName(), names, sources);
  }

  /** The names used by no core code and by exactly one module that is not a contract layer. */
  static List<String> moduleOnly(
      String catalogue, List<String> names, Map<ArchitectureTest.Module, String> sources) {
    List<String> found = new ArrayList<>();
    for (String name : names) {
      Pattern use = Pattern.compile("\\b" + Pattern.quote(name) + "\\b");
      Set<String> users = new TreeSet<>();
      boolean core = false;
      for (var e : sources.entrySet()) {
        if (CONTRACT_LAYERS.contains(e.getKey()) || !use.matcher(e.getValue()).find()) {
          continue;
        }
        if (CORE_SIDE.contains(e.getKey())) {
          core = true;
        } else {
          users.add(e.getKey().directory);
        }
      }
      if (!core && users.size() == 1) {
        found.add(catalogue + "." + name + " (only " + users.iterator().next() + " uses it)");
      }
    }
    return found;
  }

  /**
   * Every module's main sources, comments removed, the catalogues' own sources left out (a
   * catalogue's declarations are no use of its entries).
   */
  private static Map<ArchitectureTest.Module, String> mainSources() throws IOException {
    Map<ArchitectureTest.Module, String> all = new TreeMap<>();
    for (ArchitectureTest.Module m : ArchitectureTest.Module.values()) {
      Path main = ArchitectureTest.projectRoot().resolve(m.directory).resolve("src/main/java");
      if (!Files.isDirectory(main)) {
        continue;
      }
      StringBuilder text = new StringBuilder();
      try (Stream<Path> files = Files.walk(main)) {
        for (Path f :
            (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
          String rel = main.relativize(f).toString().replace('\\', '/');
          if (rel.equals("dev/gatehouse/core/error/ErrorCode.java")
              || rel.equals("dev/gatehouse/core/signin/Counters.java")
              || rel.equals("dev/gatehouse/delivery/TemplateNames.java")) {
            continue;
          }
          text.append(
                  Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", ""))
              .append('\n');
        }
      }
      all.put(m, text.toString());
    }
    return all;
  }
}
