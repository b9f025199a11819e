package dev.gatehouse.imports.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.imports.internal.CsvReader;
import dev.gatehouse.organizations.OrganizationImports;
import dev.gatehouse.organizations.OrganizationImports.ImportResult;
import dev.gatehouse.organizations.OrganizationImports.ImportedMember;
import dev.gatehouse.organizations.OrganizationImports.ImportedOrganization;
import dev.gatehouse.organizations.OrganizationRole;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Brings organisations and their memberships into {@code auth-organizations} ({@link
 * OrganizationImports}) from a CSV file or from a Django database's groups. The accounts must be
 * there already (imported first, by {@link dev.gatehouse.imports.Importer}): a member is found by
 * the address, and an address without an account is reported, not created. The whole source is read
 * before anything is written; each organisation is then written in one transaction, found by its
 * slug, so a second run adds only what is new. Not thread-safe: one import at a time per instance.
 *
 * <pre>{@code
 * OrganizationImporter importer = new OrganizationImporter(gatehouse);
 * Report r = importer.fromCsv(Files.newBufferedReader(csv), "admin@acme.example");
 * Report d = importer.fromDjangoGroups(connection, DjangoTables.DEFAULT, "admin@acme.example");
 * }</pre>
 */
public final class OrganizationImporter {
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final List<String> CSV_COLUMNS = List.of("organization", "slug", "email", "role");

  private final OrganizationImports imports;

  /**
   * An importer into the organisations module installed on {@code gatehouse}.
   *
   * @param gatehouse the instance, with {@code auth-organizations} installed
   * @throws IllegalStateException when the module is not installed
   */
  public OrganizationImporter(Gatehouse gatehouse) {
    this.imports = requireNonNull(gatehouse, "gatehouse").feature(OrganizationImports.class);
  }

  /**
   * Imports a CSV file whose header row names the columns {@code organization} (the name), {@code
   * slug}, {@code email} and {@code role} (empty: {@code member}), one row per membership; the rows
   * of one slug make one organisation, named by its first row.
   *
   * @param csv the file
   * @param owner the address of an account made the owner of every organisation whose rows name no
   *     owner, or {@code null} (such an organisation is then refused, {@code last_owner})
   * @return what was imported and what was refused
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not such a CSV file (nothing was written)
   */
  public Report fromCsv(Reader csv, @Nullable String owner) throws IOException {
    Map<String, Source> found = new LinkedHashMap<>();
    try (CsvReader rows = new CsvReader(requireNonNull(csv, "csv"))) {
      List<String> header = rows.next();
      if (header == null
          || !header.stream()
              .map(h -> h.strip().toLowerCase(Locale.ROOT))
              .toList()
              .equals(CSV_COLUMNS)) {
        throw new IllegalArgumentException(
            "the first row must name the columns " + String.join(",", CSV_COLUMNS));
      }
      List<String> row;
      while ((row = rows.next()) != null) {
        if (row.size() != CSV_COLUMNS.size()) {
          throw new IllegalArgumentException(
              "line " + rows.recordLine() + ": " + CSV_COLUMNS.size() + " columns expected");
        }
        String name = row.get(0).strip();
        String role = row.get(3).strip();
        found
            .computeIfAbsent(row.get(1).strip(), slug -> new Source(name, slug))
            .members
            .add(
                new ImportedMember(
                    row.get(2).strip(), role.isEmpty() ? OrganizationRole.MEMBER : role));
      }
    } catch (CsvReader.MalformedRecord e) {
      throw new IllegalArgumentException("malformed CSV: " + e.getMessage(), e);
    }
    return write(found.values(), owner);
  }

  /**
   * The tables of a Django project's users and their groups: {@code auth_user} and {@code
   * auth_user_groups} for Django's own user model, {@code <app>_user} and {@code <app>_user_groups}
   * for a custom one.
   *
   * @param userTable the user model's table
   * @param userGroupsTable the table of its {@code groups} field ({@code user_id}, {@code
   *     group_id})
   */
  public record DjangoTables(String userTable, String userGroupsTable) {
    /** Django's own user model. */
    public static final DjangoTables DEFAULT = new DjangoTables("auth_user", "auth_user_groups");

    /**
     * Checks the names.
     *
     * @param userTable see the record description
     * @param userGroupsTable see the record description
     * @throws IllegalArgumentException when a name is not a plain table name
     */
    public DjangoTables {
      for (String t : List.of(userTable, userGroupsTable)) {
        if (!TABLE.matcher(requireNonNull(t, "table")).matches()) {
          throw new IllegalArgumentException("not a plain table name: " + t);
        }
      }
    }

    /**
     * {@return the tables of a custom user model named {@code User} in the app}
     *
     * @param app the app's label, e.g. {@code accounts}
     */
    public static DjangoTables ofApp(String app) {
      return new DjangoTables(app + "_user", app + "_user_groups");
    }
  }

  /**
   * Imports a Django database's groups ({@code auth_group}): each group becomes an organisation of
   * its name, whose slug is made of the name's letters and digits and the group's id ({@code Sales
   * team}, id 3: {@code sales-team-3}), and each of its users ({@code auth_user_groups}) a member
   * with the role {@code member}. Django's groups have no owner: {@code owner} is made the owner of
   * each.
   *
   * @param django a connection to the Django database, read only; not closed
   * @param tables the user model's tables
   * @param owner the address of the account that owns every imported organisation
   * @return what was imported and what was refused
   * @throws SQLException when the database cannot be read (nothing was written)
   */
  public Report fromDjangoGroups(Connection django, DjangoTables tables, String owner)
      throws SQLException {
    requireNonNull(django, "django");
    requireNonNull(tables, "tables");
    requireNonNull(owner, "owner");
    Map<Long, Source> groups = new LinkedHashMap<>();
    String sql =
        "select g.id, g.name, u.email from auth_group g"
            + " left join "
            + tables.userGroupsTable()
            + " ug on ug.group_id = g.id left join "
            + tables.userTable()
            + " u on u.id = ug.user_id order by g.id, ug.id";
    try (PreparedStatement s = django.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        long id = r.getLong(1);
        String name = r.getString(2);
        Source g = groups.computeIfAbsent(id, k -> new Source(name, slug(name, k)));
        String email = r.getString(3);
        if (email != null && !email.isBlank()) {
          g.members.add(new ImportedMember(email.strip(), OrganizationRole.MEMBER));
        }
      }
    }
    return write(groups.values(), owner);
  }

  /** The slug of a Django group: its name's ASCII letters and digits, then its id. */
  static String slug(String name, long id) {
    String ascii =
        Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    if (ascii.length() > 48) {
      ascii = ascii.substring(0, 48).replaceAll("-+$", "");
    }
    return (ascii.isEmpty() ? "group" : ascii) + "-" + id;
  }

  private Report write(Iterable<Source> sources, @Nullable String owner) {
    List<ImportResult> imported = new ArrayList<>();
    List<Refused> refused = new ArrayList<>();
    for (Source s : sources) {
      List<ImportedMember> members = new ArrayList<>();
      boolean named = s.members.stream().anyMatch(m -> m.role().equals(OrganizationRole.OWNER));
      if (!named && owner != null) {
        members.add(new ImportedMember(owner, OrganizationRole.OWNER));
      }
      members.addAll(s.members);
      try {
        imported.add(imports.importOrganization(new ImportedOrganization(s.name, s.slug, members)));
      } catch (AuthException e) {
        refused.add(new Refused(s.slug, e.error()));
      }
    }
    return new Report(imported, refused);
  }

  /** An organisation as read from the source. */
  private static final class Source {
    final String name;
    final String slug;
    final List<ImportedMember> members = new ArrayList<>();

    Source(String name, String slug) {
      this.name = name;
      this.slug = slug;
    }
  }

  /**
   * What an import did.
   *
   * @param imported each organisation imported (created or found), in the source's order
   * @param refused each organisation refused, with why; nothing of it was written
   */
  public record Report(List<ImportResult> imported, List<Refused> refused) {
    /**
     * Copies the lists.
     *
     * @param imported see the record description
     * @param refused see the record description
     */
    public Report {
      imported = List.copyOf(imported);
      refused = List.copyOf(refused);
    }
  }

  /**
   * An organisation the import refused.
   *
   * @param slug its slug
   * @param error why: {@code invalid_name}, {@code invalid_role}, {@code last_owner} (no owner)
   */
  public record Refused(String slug, ErrorCode error) {}
}
