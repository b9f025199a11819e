package dev.gatehouse.jpa;

import static dev.gatehouse.jpa.SchemaAdoption.TIMESTAMP_PROPERTY;

import dev.gatehouse.jpa.SchemaAdoption.MissingColumn;
import dev.gatehouse.jpa.SchemaAdoption.NullableColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@link SchemaAdoption.Report#toChangelog(String, String)}: the forward Liquibase
 * changelog that adds the missing columns, backfills them, adds their constraints and relaxes the
 * listed {@code NOT NULL} columns. Immutable.
 */
final class AdoptionChangelog {
  private final List<MissingColumn> missing;
  private final List<NullableColumn> toRelax;
  private final Map<String, Map<String, String>> columnsByAttribute;

  /** {@code columnsByAttribute}: per existing table, the column of each mapped attribute. */
  AdoptionChangelog(
      List<MissingColumn> missing,
      List<NullableColumn> toRelax,
      Map<String, Map<String, String>> columnsByAttribute) {
    this.missing = missing;
    this.toRelax = toRelax;
    this.columnsByAttribute = columnsByAttribute;
  }

  /** The XML document; see {@link SchemaAdoption.Report#toChangelog(String, String)}. */
  String render(String author, String idPrefix) {
    String a = xml(author);
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<databaseChangeLog\n")
        .append("    xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"\n")
        .append("    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
        .append(
            "    xsi:schemaLocation=\"http://www.liquibase.org/xml/ns/dbchangelog"
                + " https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd\"\n")
        .append("    logicalFilePath=\"")
        .append(xml(idPrefix))
        .append(".xml\">\n\n")
        .append(
            "  <!-- Written by dev.gatehouse.jpa.SchemaAdoption: the columns the entity mapping")
        .append(" needs that the existing tables lack. -->\n")
        .append(
            "  <property name=\""
                + TIMESTAMP_PROPERTY
                + "\" value=\"TIMESTAMP(6) WITH TIME ZONE\" dbms=\"h2,postgresql\"/>\n")
        .append(
            "  <property name=\""
                + TIMESTAMP_PROPERTY
                + "\" value=\"DATETIME(6)\" dbms=\"mariadb,mysql\"/>\n")
        .append("  <property name=\"" + TIMESTAMP_PROPERTY + "\" value=\"TIMESTAMP\"/>\n");
    Map<String, List<MissingColumn>> byTable = new LinkedHashMap<>();
    missing.forEach(m -> byTable.computeIfAbsent(m.table(), t -> new ArrayList<>()).add(m));
    if (!missing.isEmpty()) {
      x.append("\n  <changeSet id=\"")
          .append(xml(idPrefix))
          .append("-columns\" author=\"")
          .append(a)
          .append("\">\n");
      byTable.forEach(
          (table, cols) -> {
            x.append("    <addColumn tableName=\"").append(xml(table)).append("\">\n");
            for (MissingColumn m : cols) {
              x.append("      <column name=\"")
                  .append(xml(m.column()))
                  .append("\" type=\"")
                  .append(xml(m.type()))
                  .append('"');
              boolean defaulted = !m.nullable() && !m.unique() && m.defaultValue() != null;
              if (defaulted) {
                x.append(defaultAttribute(m.defaultValue()));
                x.append("><constraints nullable=\"false\"/></column>\n");
              } else {
                x.append("/>\n");
              }
            }
            x.append("    </addColumn>\n");
          });
      x.append("  </changeSet>\n");
    }
    StringBuilder backfill = new StringBuilder();
    StringBuilder constraints = new StringBuilder();
    for (MissingColumn m : missing) {
      boolean defaulted = !m.nullable() && !m.unique() && m.defaultValue() != null;
      String fill = backfill(m);
      if (fill != null) {
        backfill.append(fill);
      }
      if (!m.nullable() && !defaulted) {
        if (fill == null) {
          constraints
              .append("    <!-- ")
              .append(xml(m.column()))
              .append(": fill it before this constraint -->\n");
        }
        constraints
            .append("    <addNotNullConstraint tableName=\"")
            .append(xml(m.table()))
            .append("\" columnName=\"")
            .append(xml(m.column()))
            .append("\" columnDataType=\"")
            .append(xml(m.type()))
            .append("\"/>\n");
      }
      if (m.unique()) {
        constraints
            .append("    <addUniqueConstraint tableName=\"")
            .append(xml(m.table()))
            .append("\" columnNames=\"")
            .append(xml(m.column()))
            .append("\" constraintName=\"")
            .append(xml(constraintName(m.table(), m.column())))
            .append("\"/>\n");
      }
    }
    for (NullableColumn n : toRelax) {
      constraints
          .append("    <dropNotNullConstraint tableName=\"")
          .append(xml(n.table()))
          .append("\" columnName=\"")
          .append(xml(n.column()))
          .append("\" columnDataType=\"")
          .append(xml(n.type()))
          .append("\"/>\n");
    }
    if (backfill.length() > 0) {
      x.append("\n  <changeSet id=\"")
          .append(xml(idPrefix))
          .append("-backfill\" author=\"")
          .append(a)
          .append("\">\n")
          .append(backfill)
          .append("  </changeSet>\n");
    }
    if (constraints.length() > 0) {
      x.append("\n  <changeSet id=\"")
          .append(xml(idPrefix))
          .append("-constraints\" author=\"")
          .append(a)
          .append("\">\n")
          .append(constraints)
          .append("  </changeSet>\n");
    }
    x.append("</databaseChangeLog>\n");
    return x.toString();
  }

  private String backfill(MissingColumn m) {
    String t = xml(m.table());
    String c = xml(m.column());
    Map<String, String> cols = columnsByAttribute.getOrDefault(m.table(), Map.of());
    switch (m.attribute()) {
      case "publicId":
        return "    <sql dbms=\"postgresql\">UPDATE "
            + t
            + " SET "
            + c
            + " = CAST(gen_random_uuid() AS VARCHAR(36)) WHERE "
            + c
            + " IS NULL</sql>\n"
            + "    <sql dbms=\"mariadb,mysql\">UPDATE "
            + t
            + " SET "
            + c
            + " = UUID() WHERE "
            + c
            + " IS NULL</sql>\n"
            + "    <sql dbms=\"h2\">UPDATE "
            + t
            + " SET "
            + c
            + " = CAST(RANDOM_UUID() AS VARCHAR(36)) WHERE "
            + c
            + " IS NULL</sql>\n";
      case "emailNormalized":
        if (cols.containsKey("email")) {
          return "    <!-- Fails on the unique constraint below if two rows share an email in"
              + " different case: merge them first (the import's conflict policy does). -->\n"
              + "    <customChange class=\"dev.gatehouse.jpa.changes.BackfillNormalizedEmails\">\n"
              + "      <param name=\"tableName\" value=\""
              + t
              + "\"/>\n"
              + "      <param name=\"idColumn\" value=\""
              + xml(cols.getOrDefault("id", "id"))
              + "\"/>\n"
              + "      <param name=\"sourceColumn\" value=\""
              + xml(cols.get("email"))
              + "\"/>\n"
              + "      <param name=\"targetColumn\" value=\""
              + c
              + "\"/>\n"
              + "    </customChange>\n";
        }
        return null;
      case "usernameNormalized":
        if (cols.containsKey("username")) {
          String u = xml(cols.get("username"));
          return "    <!-- Lower case is Gatehouse's canonical form for ASCII usernames; others are"
              + " re-normalised at their next login or import. -->\n"
              + "    <sql>UPDATE "
              + t
              + " SET "
              + c
              + " = LOWER("
              + u
              + ") WHERE "
              + u
              + " IS NOT NULL AND "
              + u
              + " &lt;&gt; ''</sql>\n";
        }
        return null;
      case "modifiedAt":
        if (cols.containsKey("createdAt") && !isMissing(m.table(), cols.get("createdAt"))) {
          return "    <sql>UPDATE "
              + t
              + " SET "
              + c
              + " = "
              + xml(cols.get("createdAt"))
              + " WHERE "
              + c
              + " IS NULL</sql>\n";
        }
        return "    <sql>UPDATE "
            + t
            + " SET "
            + c
            + " = CURRENT_TIMESTAMP WHERE "
            + c
            + " IS NULL</sql>\n";
      case "createdAt":
        return "    <sql>UPDATE "
            + t
            + " SET "
            + c
            + " = CURRENT_TIMESTAMP WHERE "
            + c
            + " IS NULL</sql>\n";
      default:
        return null;
    }
  }

  private boolean isMissing(String table, String column) {
    return missing.stream().anyMatch(m -> m.table().equals(table) && m.column().equals(column));
  }

  private static String defaultAttribute(Object v) {
    if (v instanceof Boolean b) {
      return " defaultValueBoolean=\"" + b + "\"";
    }
    if (v instanceof Number n) {
      return " defaultValueNumeric=\"" + n + "\"";
    }
    return " defaultValue=\"" + xml(v.toString()) + "\"";
  }

  private static String constraintName(String table, String column) {
    String n = "uq_" + table + "_" + column;
    return n.length() <= 60 ? n : n.substring(0, 60);
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
