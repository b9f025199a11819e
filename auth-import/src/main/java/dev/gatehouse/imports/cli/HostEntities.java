package dev.gatehouse.imports.cli;

import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The host's entity classes read from its application jar ({@code --entities-jar}), so the tool
 * finds the host's tables with {@code java -jar} alone: the classes of a plain jar, or of a Spring
 * Boot jar's {@code BOOT-INF/classes} (a war's {@code WEB-INF/classes}), whose bytes name {@code
 * jakarta.persistence.Entity} are loaded (without running their static initialisers), and {@link
 * EntityClasses#find} picks the subclasses of Gatehouse's entity bases among them. Gatehouse's own
 * classes and JPA come from the tool's class path, so the host's copies of them inside the jar are
 * never loaded.
 */
final class HostEntities {
  /** The annotation's descriptor as it stands in the constant pool of an entity class. */
  private static final byte[] ENTITY_DESCRIPTOR =
      "Ljakarta/persistence/Entity;".getBytes(StandardCharsets.UTF_8);

  private static final List<String> CLASS_ROOTS = List.of("BOOT-INF/classes/", "WEB-INF/classes/");

  private HostEntities() {}

  /**
   * Reads the entity classes of a jar.
   *
   * @param jar the host's application jar
   * @return its entity classes
   * @throws IllegalArgumentException when the file is not a jar, or its entities are not exactly
   *     one subclass of each base (the message names them)
   */
  static EntityClasses fromJar(Path jar) {
    List<String> names = new ArrayList<>();
    String root = "";
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (String r : CLASS_ROOTS) {
        if (zip.getEntry(r) != null || zip.stream().anyMatch(e -> e.getName().startsWith(r))) {
          root = r;
          break;
        }
      }
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        String name = e.getName();
        if (name.startsWith(root)
            && name.endsWith(".class")
            && !name.endsWith("module-info.class")
            && !name.startsWith("META-INF/")
            && namesEntity(zip, e)) {
          names.add(
              name.substring(root.length(), name.length() - ".class".length()).replace('/', '.'));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--entities-jar " + jar + " cannot be read as a jar: " + e.getMessage(), e);
    }
    // Not closed: the classes stay in use (by Hibernate) for the whole command.
    URLClassLoader loader =
        new URLClassLoader(new URL[] {url(jar, root)}, HostEntities.class.getClassLoader());
    List<Class<?>> classes = new ArrayList<>();
    List<String> unloadable = new ArrayList<>();
    for (String name : names) {
      try {
        classes.add(Class.forName(name, false, loader));
      } catch (ClassNotFoundException | LinkageError e) {
        // An entity of the host's that needs a library this tool does not have: not one of ours.
        unloadable.add(name + " (" + e + ")");
      }
    }
    try {
      return EntityClasses.find(
          classes,
          "in --entities-jar "
              + jar
              + (unloadable.isEmpty()
                  ? ""
                  : " (classes that could not be loaded: " + unloadable + ")")
              + "; or name them with --entities CLASS, a Supplier<EntityClasses> on the class path");
    } catch (ConfigurationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static URL url(Path jar, String root) {
    try {
      URL file = jar.toUri().toURL();
      // A class root inside the jar is a directory URL into it, which URLClassLoader reads entry
      // by entry; the jar itself is read as a jar.
      return root.isEmpty() ? file : new URL("jar:" + file + "!/" + root);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("--entities-jar " + jar + ": " + e.getMessage(), e);
    }
  }

  private static boolean namesEntity(ZipFile zip, ZipEntry e) throws IOException {
    try (InputStream in = zip.getInputStream(e)) {
      return indexOf(in.readAllBytes(), ENTITY_DESCRIPTOR) >= 0;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
