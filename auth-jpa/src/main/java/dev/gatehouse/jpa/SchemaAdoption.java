package dev.gatehouse.jpa;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.jpa.ExistingColumns.DbColumn;
import dev.gatehouse.jpa.MappedColumns.Mapped;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

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
      @Nullable Object defaultValue) {}

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

    /** {@return the mapped columns absent from existing tables, in mapping order; never null} */
    public List<MissingColumn> missingColumns() {
      return missing;
    }

    /** {@return the existing {@code NOT NULL} columns the mapping may leave null; never null} */
    public List<NullableColumn> columnsToMakeNullable() {
      return toRelax;
    }

    /**
     * {@return {@code table.column} of each required column no entity maps (inserts would fail);
     * never null}
     */
    public List<String> unmappedRequiredColumns() {
      return unmapped;
    }

    /**
     * {@return the entity tables that do not exist yet (the library changelog creates them); never
     * null}
     */
    public List<String> tablesToCreate() {
      return tablesToCreate;
    }

    /**
     * {@return whether the existing tables already fit the mapping (nothing to add, relax or map)}
     */
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
      return new AdoptionChangelog(missing, toRelax, columnsByAttribute).render(author, idPrefix);
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
      for (Class<?> entity : entities.all()) {
        String table = GatehouseMigrations.tableOf(entity);
        Optional<Map<String, DbColumn>> existing = ExistingColumns.of(c, md, table);
        if (existing.isEmpty()) {
          toCreate.add(table);
          continue;
        }
        List<Mapped> mapped = MappedColumns.of(entity);
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
          ErrorCode.SCHEMA_CHECK_FAILED,
          "reading the table metadata failed: " + e.getMessage(),
          false,
          e);
    }
    return new Report(missing, relax, unmapped, toCreate, byAttribute);
  }
}
