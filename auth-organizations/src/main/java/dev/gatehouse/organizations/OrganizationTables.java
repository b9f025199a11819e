package dev.gatehouse.organizations;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.organizations.entity.AbstractMembership;
import dev.gatehouse.organizations.entity.AbstractOrganization;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one mapping of the organisation and membership tables, for {@link JdbcOrganizationStore}: the
 * table and column names of the host's entities ({@link AbstractOrganization}, {@link
 * AbstractMembership} subclasses) read from their public JPA annotations (the subclass's
 * {@code @Table}, the bases' {@code @Column}s, the subclass's {@code @AttributeOverride}s), then
 * checked once against the database's metadata. Anything it cannot use as it is (no explicit table
 * name, an identifier that would need quoting, a table or column the database does not have) is a
 * {@link ConfigurationException} naming it: no guess, no fallback. The statements on the two tables
 * are built here once; the module's own tables ({@code gh_org_invitation}, {@code gh_org_domain},
 * {@code gh_org_sso}, {@code gh_org_policy}) keep their names. Immutable; thread-safe.
 */
final class OrganizationTables {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The organisation's attributes, in the order of the statements' columns. */
  private static final List<String> ORGANIZATION =
      List.of("id", "name", "slug", "settings", "createdAt", "modifiedAt");

  /** The membership's attributes, in the order of the statements' columns. */
  private static final List<String> MEMBERSHIP =
      List.of("organizationId", "userId", "role", "joinedAt", "invitedBy");

  final String insertOrganization;
  final String findOrganization;
  final String findBySlug;
  final String lockOrganization;
  final String updateOrganization;
  final String deleteOrganization;
  final String insertMember;
  final String member;
  final String members;
  final String membershipsOf;
  final String updateRole;
  final String deleteMember;
  final String deleteMembers;
  final String activeMember;
  private final String description;

  private OrganizationTables(Mapped o, Mapped m) {
    String oc = o.columns();
    insertOrganization = "insert into " + o.table + " (" + oc + ") values (?, ?, ?, ?, ?, ?)";
    findOrganization = "select " + oc + " from " + o.table + " where " + o.col("id") + " = ?";
    findBySlug = "select " + oc + " from " + o.table + " where " + o.col("slug") + " = ?";
    lockOrganization = findOrganization + " for update";
    updateOrganization =
        "update "
            + o.table
            + " set "
            + o.col("name")
            + " = ?, "
            + o.col("settings")
            + " = ?, "
            + o.col("modifiedAt")
            + " = ? where "
            + o.col("id")
            + " = ?";
    deleteOrganization = "delete from " + o.table + " where " + o.col("id") + " = ?";
    String mc = m.columns();
    String org = m.col("organizationId");
    String user = m.col("userId");
    String joined = m.col("joinedAt");
    insertMember = "insert into " + m.table + " (" + mc + ") values (?, ?, ?, ?, ?)";
    member = "select " + mc + " from " + m.table + " where " + org + " = ? and " + user + " = ?";
    members =
        "select "
            + mc
            + " from "
            + m.table
            + " where "
            + org
            + " = ? order by "
            + joined
            + ", "
            + user;
    membershipsOf =
        "select "
            + mc
            + " from "
            + m.table
            + " where "
            + user
            + " = ? order by "
            + joined
            + ", "
            + org;
    updateRole =
        "update "
            + m.table
            + " set "
            + m.col("role")
            + " = ? where "
            + org
            + " = ? and "
            + user
            + " = ?";
    deleteMember = "delete from " + m.table + " where " + org + " = ? and " + user + " = ?";
    deleteMembers = "delete from " + m.table + " where " + org + " = ?";
    activeMember =
        "select "
            + m.columns("m.")
            + ", p.mfa_required, p.sign_in_methods, p.session_lifetime from "
            + m.table
            + " m left join gh_org_policy p on p.org_id = m."
            + org
            + " where m."
            + org
            + " = ? and m."
            + user
            + " = ?";
    description = o.type.getName() + " on " + o.table + ", " + m.type.getName() + " on " + m.table;
  }

  @Override
  public String toString() {
    return "OrganizationTables[" + description + "]";
  }

  /** One entity's table and its columns by attribute. */
  private record Mapped(Class<?> type, String table, Map<String, String> byAttribute) {
    String col(String attribute) {
      return byAttribute.get(attribute);
    }

    String columns() {
      return columns("");
    }

    String columns(String alias) {
      return String.join(", ", byAttribute.values().stream().map(c -> alias + c).toList());
    }
  }

  /**
   * The table whose presence says the module's changelog ran ({@code gh_org_invitation}, made by
   * either changelog of the module), for {@link dev.gatehouse.core.store.ModuleTables#has}.
   */
  static final String MARKER = "gh_org_invitation";

  /**
   * Reads the two entities' mapping and checks it against the database of {@code c}.
   *
   * @throws ConfigurationException when a name cannot be used or the database lacks a table or
   *     column
   */
  static OrganizationTables resolve(
      Class<? extends AbstractOrganization> organization,
      Class<? extends AbstractMembership> membership,
      Connection c)
      throws SQLException {
    Mapped o = read(organization, AbstractOrganization.class, ORGANIZATION);
    Mapped m = read(membership, AbstractMembership.class, MEMBERSHIP);
    DatabaseMetaData md = c.getMetaData();
    check(o, organization, c, md);
    check(m, membership, c, md);
    return new OrganizationTables(o, m);
  }

  private static Mapped read(Class<?> type, Class<?> base, List<String> attributes) {
    Entity entity = type.getAnnotation(Entity.class);
    Table table = type.getDeclaredAnnotation(Table.class);
    if (entity == null || table == null || table.name().isBlank()) {
      throw new ConfigurationException(
          type.getName()
              + " must be an @Entity with @Table(name = ...) of its own: the organisations"
              + " module names its table in plain SQL");
    }
    String name = plain(type, table.name());
    String qualified = table.schema().isBlank() ? name : plain(type, table.schema()) + "." + name;
    Map<String, String> overrides = new HashMap<>();
    for (Class<?> k = type; k != base && k != null; k = k.getSuperclass()) {
      List<AttributeOverride> found =
          new ArrayList<>(List.of(k.getAnnotationsByType(AttributeOverride.class)));
      AttributeOverrides many = k.getAnnotation(AttributeOverrides.class);
      if (many != null) {
        found.addAll(List.of(many.value()));
      }
      // The override nearest the host's entity wins, as in JPA.
      found.forEach(a -> overrides.putIfAbsent(a.name(), a.column().name()));
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (String attribute : attributes) {
      String column = overrides.get(attribute);
      if (column == null || column.isBlank()) {
        column = declared(base, attribute).name();
      }
      columns.put(attribute, plain(type, column));
    }
    return new Mapped(type, qualified, columns);
  }

  private static Column declared(Class<?> base, String attribute) {
    try {
      Field f = base.getDeclaredField(attribute);
      return f.getAnnotation(Column.class);
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(base.getName() + " has no " + attribute, e);
    }
  }

  private static String plain(Class<?> type, String identifier) {
    if (!PLAIN.matcher(identifier).matches()) {
      throw new ConfigurationException(
          type.getName()
              + ": the organisations module uses plain identifiers only (letters, digits and"
              + " underscores, unquoted), not "
              + identifier);
    }
    return identifier;
  }

  /** Checks that the table and every mapped column exist, whatever case the database keeps. */
  private static void check(Mapped t, Class<?> type, Connection c, DatabaseMetaData md)
      throws SQLException {
    String[] parts = t.table().split("\\.");
    String schema = parts.length == 2 ? parts[0] : null;
    String table = parts[parts.length - 1];
    Set<String> found = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (String name : variants(table)) {
      for (String s :
          schema == null
              ? java.util.Collections.<@Nullable String>singletonList(null)
              : variants(schema)) {
        // MariaDB's tables are in catalogs; the others' in schemas of the connection's catalog.
        try (ResultSet r = md.getColumns(c.getCatalog(), s, name, null)) {
          while (r.next()) {
            found.add(r.getString("COLUMN_NAME"));
          }
        }
      }
      if (!found.isEmpty()) {
        break;
      }
    }
    if (found.isEmpty()) {
      throw new ConfigurationException(
          "the table "
              + t.table()
              + " of "
              + type.getName()
              + " is not in this database; create it (the host owns it) before Gatehouse uses it");
    }
    for (String column : t.byAttribute().values()) {
      if (!found.contains(column)) {
        throw new ConfigurationException(
            "the column "
                + column
                + " of "
                + t.table()
                + " ("
                + type.getName()
                + ") is not in"
                + " this database");
      }
    }
  }

  private static List<String> variants(String name) {
    return List.copyOf(
        new java.util.LinkedHashSet<>(
            List.of(name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))));
  }
}
