package dev.gatehouse.jpa;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Checks that a host's migration history can still run: the Java form of "keep the old import path
 * importable forever".
 *
 * <p>It walks a changelog tree (XML changelogs and their {@code <include>}s, from the classpath)
 * without running or even parsing it through Liquibase — Liquibase loads custom-change classes
 * while parsing, so a missing class would stop it at the first one. It reports:
 *
 * <ul>
 *   <li>every class a changeset names ({@code <customChange class="…">}) that cannot be loaded or
 *       is not a Liquibase custom change, with the shim to add at the old name (the new home is
 *       looked up in {@code META-INF/gatehouse/moved-classes.properties} files, {@code
 *       old.Name=new.Name} per line);
 *   <li>with a database, every changeset whose logical path no longer matches the {@code FILENAME}
 *       that {@code DATABASECHANGELOG} recorded for it, with the {@code logicalFilePath} to set.
 * </ul>
 *
 * <pre>{@code
 * MigrationClasspathCheck.Report r =
 *     MigrationClasspathCheck.check("db/changelog/master.xml", getClass().getClassLoader(), ds);
 * r.throwIfProblems();
 * }</pre>
 *
 * <p>Stateless and thread-safe. {@code <includeAll>} and non-XML changelogs are listed in {@link
 * Report#notWalked()} rather than guessed at.
 */
public final class MigrationClasspathCheck {
  private static final String CUSTOM_CHANGE = "liquibase.change.custom.CustomChange";
  private static final String MOVED_CLASSES = "META-INF/gatehouse/moved-classes.properties";

  private MigrationClasspathCheck() {}

  /** What kind of problem was found. */
  public enum ProblemKind {
    /** A changeset names a class that cannot be loaded. */
    MISSING_CLASS,
    /** A changeset names a class that is not a Liquibase custom change. */
    NOT_A_CUSTOM_CHANGE,
    /** A changelog named by an include cannot be found. */
    MISSING_CHANGELOG,
    /** A changeset's logical path differs from the one recorded in DATABASECHANGELOG. */
    LOGICAL_PATH_CHANGED
  }

  /**
   * One problem, with a message that names the old path and the fix.
   *
   * @param kind what kind of problem
   * @param changelog the changelog resource where it was found
   * @param changeSetId the changeset's id, or {@code null}
   * @param message what is wrong and what to add
   */
  public record Problem(
      ProblemKind kind, String changelog, @Nullable String changeSetId, String message) {}

  /**
   * The outcome of a check.
   *
   * @param problems every problem found; empty when the history can run
   * @param changeSets how many changesets were walked
   * @param notWalked includes that were not followed ({@code includeAll}, non-XML files)
   */
  public record Report(List<Problem> problems, int changeSets, List<String> notWalked) {
    /** {@return whether no problem was found, that is, the history can run} */
    public boolean ok() {
      return problems.isEmpty();
    }

    /**
     * @throws IllegalStateException listing every problem, when there is one
     */
    public void throwIfProblems() {
      if (!ok()) {
        StringBuilder b = new StringBuilder("the migration history cannot run as it is:");
        for (Problem p : problems) {
          b.append("\n - ").append(p.message());
        }
        throw new IllegalStateException(b.toString());
      }
    }
  }

  /**
   * Checks the classes named by a changelog tree.
   *
   * @param changelog classpath location of the master changelog
   * @param loader the class loader the migrations will run with
   * @return the report
   */
  public static Report check(String changelog, ClassLoader loader) {
    return check(changelog, loader, null);
  }

  /**
   * Checks the classes named by a changelog tree and, when {@code recorded} is given, the logical
   * paths against its {@code DATABASECHANGELOG} table.
   *
   * @param changelog classpath location of the master changelog
   * @param loader the class loader the migrations will run with
   * @param recorded a migrated database, or {@code null}
   * @return the report
   */
  public static Report check(String changelog, ClassLoader loader, @Nullable DataSource recorded) {
    requireNonNull(changelog, "changelog");
    requireNonNull(loader, "loader");
    List<Problem> problems = new ArrayList<>();
    List<String> notWalked = new ArrayList<>();
    Map<String, String> moved = movedClasses(loader);
    // (id, author) -> logical path, in walk order
    Map<String, String> declared = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    queue.add(strip(changelog));
    int changeSets = 0;
    while (!queue.isEmpty()) {
      String path = queue.poll();
      if (!seen.add(path)) {
        continue;
      }
      if (!path.endsWith(".xml")) {
        notWalked.add(path);
        continue;
      }
      Document doc;
      try (InputStream in = loader.getResourceAsStream(path)) {
        if (in == null) {
          problems.add(
              new Problem(
                  ProblemKind.MISSING_CHANGELOG,
                  path,
                  null,
                  "changelog " + path + " is included but not on the classpath"));
          continue;
        }
        doc = parser().parse(in);
      } catch (IOException | SAXException | ParserConfigurationException e) {
        problems.add(
            new Problem(
                ProblemKind.MISSING_CHANGELOG,
                path,
                null,
                "changelog " + path + " cannot be read: " + e.getMessage()));
        continue;
      }
      Element root = doc.getDocumentElement();
      String fileLogical = attr(root, "logicalFilePath");
      for (Element child : children(root)) {
        switch (child.getLocalName() == null ? child.getTagName() : child.getLocalName()) {
          case "include" -> {
            String file = strip(attr(child, "file"));
            queue.add(
                "true".equalsIgnoreCase(attr(child, "relativeToChangelogFile"))
                    ? sibling(path, file)
                    : file);
          }
          case "includeAll" -> notWalked.add(path + ": includeAll " + attr(child, "path"));
          case "changeSet" -> {
            changeSets++;
            String id = attr(child, "id");
            String author = attr(child, "author");
            String logical = attr(child, "logicalFilePath");
            if (logical == null) {
              logical = fileLogical != null ? fileLogical : path;
            }
            declared.put(id + "::" + author, logical);
            for (Element cc : descendants(child, "customChange")) {
              String className = attr(cc, "class");
              checkClass(className, loader, moved, path, id, problems);
            }
          }
          default -> {}
        }
      }
    }
    if (recorded != null) {
      compareWithDatabase(recorded, declared, problems);
    }
    return new Report(List.copyOf(problems), changeSets, List.copyOf(notWalked));
  }

  private static void checkClass(
      String className,
      ClassLoader loader,
      Map<String, String> moved,
      String path,
      String changeSetId,
      List<Problem> problems) {
    if (className == null) {
      return;
    }
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      String target = moved.get(className);
      String fix =
          target != null
              ? "keep a deprecated shim at "
                  + className
                  + " that extends (or delegates to) its new home "
                  + target
              : "restore "
                  + className
                  + ", or keep a deprecated shim at that name that delegates to the class's new home";
      problems.add(
          new Problem(
              ProblemKind.MISSING_CLASS,
              path,
              changeSetId,
              "changeset '"
                  + changeSetId
                  + "' in "
                  + path
                  + " names class "
                  + className
                  + ", which cannot be loaded; historical changesets must stay runnable: "
                  + fix));
      return;
    }
    if (!isCustomChange(type)) {
      problems.add(
          new Problem(
              ProblemKind.NOT_A_CUSTOM_CHANGE,
              path,
              changeSetId,
              "changeset '"
                  + changeSetId
                  + "' in "
                  + path
                  + " names class "
                  + className
                  + ", which does not implement "
                  + CUSTOM_CHANGE));
    }
  }

  private static boolean isCustomChange(Class<?> type) {
    Deque<Class<?>> todo = new ArrayDeque<>();
    todo.add(type);
    while (!todo.isEmpty()) {
      Class<?> c = todo.poll();
      if (c.getName().equals(CUSTOM_CHANGE)) {
        return true;
      }
      if (c.getSuperclass() != null) {
        todo.add(c.getSuperclass());
      }
      todo.addAll(List.of(c.getInterfaces()));
    }
    return false;
  }

  private static void compareWithDatabase(
      DataSource ds, Map<String, String> declared, List<Problem> problems) {
    Map<String, String> recorded = new HashMap<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ID, AUTHOR, FILENAME FROM DATABASECHANGELOG")) {
      while (rs.next()) {
        recorded.put(rs.getString(1) + "::" + rs.getString(2), rs.getString(3));
      }
    } catch (SQLException e) {
      return; // never migrated: nothing recorded to compare with
    }
    for (Map.Entry<String, String> d : declared.entrySet()) {
      String was = recorded.get(d.getKey());
      if (was != null && !was.equals(d.getValue())) {
        String id = d.getKey().substring(0, d.getKey().indexOf("::"));
        problems.add(
            new Problem(
                ProblemKind.LOGICAL_PATH_CHANGED,
                d.getValue(),
                id,
                "changeset '"
                    + id
                    + "' was recorded in DATABASECHANGELOG as "
                    + was
                    + " but the changelog now declares it as "
                    + d.getValue()
                    + "; Liquibase would run it again: set logicalFilePath=\""
                    + was
                    + "\" on its changelog"));
      }
    }
  }

  private static Map<String, String> movedClasses(ClassLoader loader) {
    Map<String, String> moved = new HashMap<>();
    try {
      Enumeration<URL> urls = loader.getResources(MOVED_CLASSES);
      while (urls.hasMoreElements()) {
        Properties p = new Properties();
        try (InputStream in = urls.nextElement().openStream()) {
          p.load(in);
        }
        p.forEach((k, v) -> moved.put(k.toString().trim(), v.toString().trim()));
      }
    } catch (IOException e) {
      // Hints are optional: without them the message still names the missing class.
    }
    return moved;
  }

  private static DocumentBuilder parser() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setExpandEntityReferences(false);
    return f.newDocumentBuilder();
  }

  private static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    NodeList nl = e.getChildNodes();
    for (int i = 0; i < nl.getLength(); i++) {
      if (nl.item(i).getNodeType() == Node.ELEMENT_NODE) {
        out.add((Element) nl.item(i));
      }
    }
    return out;
  }

  private static List<Element> descendants(Element e, String localName) {
    List<Element> out = new ArrayList<>();
    NodeList nl = e.getElementsByTagNameNS("*", localName);
    for (int i = 0; i < nl.getLength(); i++) {
      out.add((Element) nl.item(i));
    }
    return out;
  }

  private static String attr(Element e, String name) {
    String v = e.getAttribute(name);
    return v == null || v.isEmpty() ? null : v;
  }

  private static String strip(String path) {
    String p = path == null ? "" : path.trim();
    if (p.startsWith("classpath:")) {
      p = p.substring("classpath:".length());
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p;
  }

  private static String sibling(String base, String relative) {
    int slash = base.lastIndexOf('/');
    String dir = slash < 0 ? "" : base.substring(0, slash + 1);
    Deque<String> parts = new ArrayDeque<>();
    for (String s : (dir + relative).split("/")) {
      if (s.equals("..")) {
        parts.pollLast();
      } else if (!s.isEmpty() && !s.equals(".")) {
        parts.addLast(s);
      }
    }
    return String.join("/", parts);
  }
}
