package dev.gatehouse.jpa;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthInfrastructureException;
import dev.gatehouse.core.store.EntityClasses;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Transient;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Checks a host's existing tables against its entity mapping before it adopts Gatehouse on them,
 * and writes the forward Liquibase changeset that closes the gap.
 *
 * <p>For every entity table that already exists (typically the host's user table, such as Django's
 * {@code auth_user}), the check reads the JDBC metadata and compares it with the columns the
 * mapping needs (the fields of the entity and its mapped superclasses, with the entity's
 * {@code @AttributeOverride}s applied). It reports:
 *
 * <ul>
 *   <li>{@linkplain Report#missingColumns() missing columns}: mapped but absent;
 *   <li>{@linkplain Report#columnsToMakeNullable() columns to make nullable}: {@code NOT NULL}
 *       without a default in the table, while the mapping may write {@code null} (Django's {@code
 *       username}, {@code email} and {@code password} for an account that has none of them);
 *   <li>{@linkplain Report#unmappedRequiredColumns() unmapped required columns}: {@code NOT NULL}
 *       without a default and not mapped at all, so every insert would fail (map them in the entity
 *       with a Java default, as {@code first_name = ""});
 *   <li>{@linkplain Report#tablesToCreate() tables to create}: entity tables that do not exist yet,
 *       which the library changelog creates.
 * </ul>
 *
 * {@link Report#toChangelog(String, String)} renders the first two as a ready-to-apply changelog:
 * {@code addColumn} (with the Java field's initial value as the default of a {@code NOT NULL}
 * column: {@code is_active} true, the other flags false), the backfills the library's columns need
 * ({@code public_id} a random UUID per row, {@code email_normalized} through {@link
 * dev.gatehouse.jpa.changes.BackfillNormalizedEmails}, {@code username_normalized} lower-cased,
 * {@code modified_at} from the creation time), then the {@code NOT NULL} and unique constraints.
 *
 * <pre>{@code
 * SchemaAdoption.Report r = SchemaAdoption.check(dataSource, entities);
 * if (!r.ok()) {
 *   Files.writeString(Path.of("db/changelog/0002-adopt-gatehouse.xml"), r.toChangelog("acme", "acme-0002"));
 * }
 * }</pre>
 *
 * <p>Only reads the database. Thread-safe (stateless).
 */
public final class SchemaAdoption {
  /** The changelog property holding the timestamp type, defined at the top of the rendering. */
  static final String TIMESTAMP_PROPERTY = "gatehouse.adoption.timestamp";

  private SchemaAdoption() {}

  /**
   * A column the mapping needs and the table lacks.
   *
   * @param table the table
   * @param column the column
   * @param attribute the entity attribute mapped to it
   * @param type the Liquibase type to add it with
   * @param nullable whether the mapping allows null
   * @param unique whether the mapping declares it unique
   * @param defaultValue the value of a fresh entity's field (the column default), or {@code null}
   */
  public record MissingColumn(
      String table,
      String column,
      String attribute,
      String type,
      boolean nullable,
      boolean unique,
      Object defaultValue) {}

  /**
   * An existing {@code NOT NULL} column the mapping may write {@code null} into.
   *
   * @param table the table
   * @param column the column
   * @param type its current type, as Liquibase needs it to drop the constraint
   */
  public record NullableColumn(String table, String column, String type) {}

  /** What the check found. Immutable. */
  public static final class Report {
    private final List<MissingColumn> missing;
    private final List<NullableColumn> toRelax;
    private final List<String> unmapped;
    private final List<String> tablesToCreate;
    private final Map<String, Map<String, String>> columnsByAttribute;

    private Report(
        List<MissingColumn> missing,
        List<NullableColumn> toRelax,
        List<String> unmapped,
        List<String> tablesToCreate,
        Map<String, Map<String, String>> columnsByAttribute) {
      this.missing = List.copyOf(missing);
      this.toRelax = List.copyOf(toRelax);
      this.unmapped = List.copyOf(unmapped);
      this.tablesToCreate = List.copyOf(tablesToCreate);
      this.columnsByAttribute = columnsByAttribute;
    }

    /** Mapped columns absent from existing tables, in mapping order. */
    public List<MissingColumn> missingColumns() {
      return missing;
    }

    /** Existing {@code NOT NULL} columns the mapping may leave null. */
    public List<NullableColumn> columnsToMakeNullable() {
      return toRelax;
    }

    /** {@code table.column} of required columns no entity maps: inserts would fail. */
    public List<String> unmappedRequiredColumns() {
      return unmapped;
    }

    /** Entity tables that do not exist yet (the library changelog creates them). */
    public List<String> tablesToCreate() {
      return tablesToCreate;
    }

    /** Whether the existing tables already fit the mapping (nothing to add, relax or map). */
    public boolean ok() {
      return missing.isEmpty() && toRelax.isEmpty() && unmapped.isEmpty();
    }

    /**
     * A readable summary, one finding per line.
     *
     * @return the summary
     */
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      missing.forEach(
          m ->
              b.append("missing column ")
                  .append(m.table())
                  .append('.')
                  .append(m.column())
                  .append(" (")
                  .append(m.attribute())
                  .append(")\n"));
      toRelax.forEach(
          n ->
              b.append("NOT NULL but may be null: ")
                  .append(n.table())
                  .append('.')
                  .append(n.column())
                  .append('\n'));
      unmapped.forEach(u -> b.append("required but not mapped: ").append(u).append('\n'));
      return b.length() == 0 ? "schema fits the mapping" : b.toString().strip();
    }

    /**
     * Renders the forward changelog that adds the missing columns, backfills them, adds their
     * constraints and makes the listed columns nullable. Unmapped required columns are not
     * rendered: they need a mapping decision.
     *
     * @param author the changesets' author
     * @param idPrefix prefix of the changeset ids (e.g. {@code acme-0002}); ids get {@code
     *     -columns}, {@code -backfill}, {@code -constraints}
     * @return the XML document, with a fixed {@code logicalFilePath} of {@code <idPrefix>.xml}
     */
    public String toChangelog(String author, String idPrefix) {
      requireNonNull(author, "author");
      requireNonNull(idPrefix, "idPrefix");
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
  }

  /**
   * Compares the existing tables with the mapping.
   *
   * @param dataSource the host's database
   * @param entities the host's entities
   * @return the findings
   * @throws AuthInfrastructureException when the metadata cannot be read
   * @throws IllegalArgumentException when an entity has no public or protected no-argument
   *     constructor
   */
  public static Report check(DataSource dataSource, EntityClasses entities) {
    requireNonNull(dataSource, "dataSource");
    requireNonNull(entities, "entities");
    List<MissingColumn> missing = new ArrayList<>();
    List<NullableColumn> relax = new ArrayList<>();
    List<String> unmapped = new ArrayList<>();
    List<String> toCreate = new ArrayList<>();
    Map<String, Map<String, String>> byAttribute = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      for (Class<?> entity :
          List.of(
              entities.user(),
              entities.profile(),
              entities.device(),
              entities.otpCode(),
              entities.smsLog(),
              entities.emailLog())) {
        String table = GatehouseMigrations.tableOf(entity);
        Optional<Map<String, DbColumn>> existing = columns(c, md, table);
        if (existing.isEmpty()) {
          toCreate.add(table);
          continue;
        }
        List<Mapped> mapped = mappedColumns(entity);
        Map<String, String> attrs = new LinkedHashMap<>();
        mapped.forEach(m -> attrs.put(m.attribute(), m.column()));
        byAttribute.put(table, attrs);
        Map<String, DbColumn> db = existing.get();
        for (Mapped m : mapped) {
          DbColumn have = db.get(m.column().toLowerCase(Locale.ROOT));
          if (have == null) {
            missing.add(
                new MissingColumn(
                    table,
                    m.column(),
                    m.attribute(),
                    m.type(),
                    m.nullable(),
                    m.unique(),
                    m.defaultValue()));
          } else if (!m.id() && m.mayBeNull() && !have.nullable() && !have.hasDefault()) {
            relax.add(new NullableColumn(table, m.column(), have.type()));
          }
        }
        for (DbColumn have : db.values()) {
          boolean isMapped =
              mapped.stream().anyMatch(m -> m.column().equalsIgnoreCase(have.name()));
          if (!isMapped && !have.nullable() && !have.hasDefault()) {
            unmapped.add(table + "." + have.name());
          }
        }
      }
    } catch (SQLException e) {
      throw new AuthInfrastructureException(
          "schema_check_failed", "reading the table metadata failed: " + e.getMessage(), false, e);
    }
    return new Report(missing, relax, unmapped, toCreate, byAttribute);
  }

  // ---- the mapping ------------------------------------------------------------------------

  private record Mapped(
      String attribute,
      String column,
      String type,
      boolean nullable,
      boolean unique,
      boolean id,
      boolean mayBeNull,
      Object defaultValue) {}

  /** The entity's columns: its fields and its mapped superclasses', superclass first. */
  static List<Mapped> mappedColumns(Class<?> entity) {
    Map<String, Column> overrides = new LinkedHashMap<>();
    Deque<Class<?>> chain = new ArrayDeque<>();
    for (Class<?> k = entity; k != null && k != Object.class; k = k.getSuperclass()) {
      if (k.isAnnotationPresent(Entity.class) || k.isAnnotationPresent(MappedSuperclass.class)) {
        chain.push(k);
      }
    }
    // Overrides on the entity win over those on its superclasses.
    for (Class<?> k : chain) {
      AttributeOverrides many = k.getAnnotation(AttributeOverrides.class);
      if (many != null) {
        for (AttributeOverride o : many.value()) {
          overrides.put(o.name(), o.column());
        }
      }
      for (AttributeOverride o : k.getAnnotationsByType(AttributeOverride.class)) {
        overrides.put(o.name(), o.column());
      }
    }
    Object fresh = instantiate(entity);
    List<Mapped> out = new ArrayList<>();
    for (Class<?> k : chain) {
      for (Field f : k.getDeclaredFields()) {
        int mod = f.getModifiers();
        if (Modifier.isStatic(mod)
            || Modifier.isTransient(mod)
            || f.isSynthetic()
            || f.isAnnotationPresent(Transient.class)
            || java.util.Collection.class.isAssignableFrom(f.getType())) {
          continue;
        }
        boolean id = f.isAnnotationPresent(Id.class);
        String name = f.getName();
        int length = 255;
        boolean nullable = true;
        boolean unique = false;
        String columnName = name;
        String type;
        if (f.isAnnotationPresent(ManyToOne.class)) {
          JoinColumn j = f.getAnnotation(JoinColumn.class);
          columnName = j != null && !j.name().isEmpty() ? j.name() : name + "_id";
          nullable = j == null || j.nullable();
          type = "BIGINT";
        } else {
          Column col =
              overrides.containsKey(name) ? overrides.get(name) : f.getAnnotation(Column.class);
          if (col != null) {
            columnName = col.name().isEmpty() ? name : col.name();
            length = col.length();
            nullable = col.nullable();
            unique = col.unique();
          }
          type = liquibaseType(f.getType(), length);
        }
        boolean primitive = f.getType().isPrimitive();
        Object initial = fresh == null ? null : read(f, fresh);
        out.add(
            new Mapped(
                name,
                columnName,
                type,
                nullable && !primitive,
                unique,
                id,
                !primitive && nullable,
                initial));
      }
    }
    return out;
  }

  private static String liquibaseType(Class<?> t, int length) {
    if (t == boolean.class || t == Boolean.class) {
      return "BOOLEAN";
    }
    if (t == long.class || t == Long.class) {
      return "BIGINT";
    }
    if (t == int.class || t == Integer.class || t == short.class || t == Short.class) {
      return "INT";
    }
    if (t == Instant.class || t == OffsetDateTime.class) {
      return "${" + TIMESTAMP_PROPERTY + "}";
    }
    if (t == java.util.UUID.class) {
      return "VARCHAR(36)";
    }
    return "VARCHAR(" + length + ")";
  }

  private static Object instantiate(Class<?> entity) {
    try {
      Constructor<?> k = entity.getDeclaredConstructor();
      k.setAccessible(true);
      return k.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          entity.getName() + " needs a no-argument constructor, as JPA requires", e);
    }
  }

  private static Object read(Field f, Object o) {
    try {
      f.setAccessible(true);
      return f.get(o);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  // ---- the database -----------------------------------------------------------------------

  private record DbColumn(String name, boolean nullable, boolean hasDefault, String type) {}

  /** The table's columns keyed by lower-case name, or empty when the table does not exist. */
  private static Optional<Map<String, DbColumn>> columns(
      Connection c, DatabaseMetaData md, String table) throws SQLException {
    String catalog = c.getCatalog();
    String schema = c.getSchema();
    for (String name :
        List.of(table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT))) {
      Map<String, DbColumn> out = new LinkedHashMap<>();
      try (ResultSet rs = md.getColumns(catalog, schema, name, null)) {
        while (rs.next()) {
          String col = rs.getString("COLUMN_NAME");
          boolean nullable = rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
          String dflt = rs.getString("COLUMN_DEF");
          boolean auto = "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"));
          out.put(
              col.toLowerCase(Locale.ROOT),
              new DbColumn(
                  col.toLowerCase(Locale.ROOT),
                  nullable,
                  auto || (dflt != null && !dflt.equalsIgnoreCase("NULL")),
                  typeOf(
                      rs.getInt("DATA_TYPE"),
                      rs.getString("TYPE_NAME"),
                      rs.getInt("COLUMN_SIZE"))));
        }
      }
      if (!out.isEmpty()) {
        return Optional.of(out);
      }
    }
    return Optional.empty();
  }

  /** A database-neutral Liquibase type for an existing column. */
  private static String typeOf(int jdbcType, String typeName, int size) {
    switch (jdbcType) {
      case Types.VARCHAR, Types.NVARCHAR, Types.CHAR, Types.NCHAR:
        return "VARCHAR(" + size + ")";
      case Types.BOOLEAN, Types.BIT:
        return "BOOLEAN";
      case Types.BIGINT:
        return "BIGINT";
      case Types.INTEGER, Types.SMALLINT, Types.TINYINT:
        return "INT";
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE:
        return "${" + TIMESTAMP_PROPERTY + "}";
      default:
        return typeName.toUpperCase(Locale.ROOT);
    }
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
