package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacyUser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Users of a Spring Security application kept by {@code JdbcUserDetailsManager}: its {@code users}
 * table ({@code username}, {@code password}, {@code enabled}) and {@code authorities} table ({@code
 * username}, {@code authority}), or tables of the same shape under other names.
 *
 * <ul>
 *   <li>The username is the legacy id; it becomes the account's email when it is an address, else
 *       its username.
 *   <li>The password is kept as stored: {@code DelegatingPasswordEncoder} strings ({@code
 *       {bcrypt}}, {@code {pbkdf2}}, {@code {scrypt}}, {@code {argon2}}, {@code {sha256}}, {@code
 *       {MD5}}, {@code {SHA-1}}, {@code {ldap}}, with Spring 5 and 6 parameters) verify as they are
 *       at the first login and are upgraded then; {@code {noop}} never verifies.
 *   <li>{@code enabled} is the account's active flag. Spring Security has no confirmation step, so
 *       every account counts as confirmed; whether its address was ever checked is unknown.
 *   <li>Each authority becomes a profile whose role is the authority without Spring's {@code ROLE_}
 *       prefix, lower-cased ({@code ROLE_ADMIN} is the role {@code admin}); the user's default
 *       profile is {@code user} when it has one, else its first authority in name order. Those
 *       roles must be among {@code gatehouse.profile.roles}. A user without an authority gets the
 *       default profile of a new account.
 * </ul>
 *
 * <pre>{@code
 * LegacySource spring = SpringSecurityJdbcSource.of(dataSource);
 * LegacySource renamed = SpringSecurityJdbcSource.of(dataSource, "app_users", "app_authorities");
 * }</pre>
 */
public final class SpringSecurityJdbcSource implements LegacySource {
  private final DataSource dataSource;
  private final String users;
  private final String authorities;

  private SpringSecurityJdbcSource(DataSource dataSource, String users, String authorities) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.users = requireNonNull(users, "users");
    this.authorities = authorities;
    JdbcRows.checkIdentifier(users);
    if (authorities != null) {
      JdbcRows.checkIdentifier(authorities);
    }
  }

  /**
   * The tables of Spring Security's default schema, {@code users} and {@code authorities}.
   *
   * @param dataSource the Spring application's database
   * @return the source
   */
  public static SpringSecurityJdbcSource of(DataSource dataSource) {
    return new SpringSecurityJdbcSource(dataSource, "users", "authorities");
  }

  /**
   * Tables of the default schema's shape under other names.
   *
   * @param dataSource the Spring application's database
   * @param usersTable the table with {@code username}, {@code password}, {@code enabled}
   * @param authoritiesTable the table with {@code username}, {@code authority}, or {@code null}
   *     when the application keeps none
   * @return the source
   * @throws IllegalArgumentException when a name is not a plain table name
   */
  public static SpringSecurityJdbcSource of(
      DataSource dataSource, String usersTable, @Nullable String authoritiesTable) {
    return new SpringSecurityJdbcSource(dataSource, usersTable, authoritiesTable);
  }

  @Override
  public String describe() {
    return "spring-security-jdbc:" + users;
  }

  @Override
  public RecordStream open() {
    Connection c = null;
    PreparedStatement roles = null;
    try {
      if (authorities != null) {
        // A second connection for each user's authorities, beside the streamed users.
        c = dataSource.getConnection();
        c.setReadOnly(true);
        roles =
            c.prepareStatement(
                "select authority from " + authorities + " where username = ? order by authority");
      }
    } catch (SQLException e) {
      closeQuietly(c);
      throw new ImportSourceException("cannot query the Spring Security table " + authorities, e);
    }
    PreparedStatement byUser = roles;
    RecordStream rows =
        JdbcRowStream.open(
            dataSource, users, "username", (position, row) -> read(position, row, byUser));
    Connection second = c;
    return new RecordStream() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public LegacyRecord next() {
        return rows.next();
      }

      @Override
      public void close() {
        rows.close();
        closeQuietly(byUser);
        closeQuietly(second);
      }
    };
  }

  private static LegacyRecord read(
      long position, Map<String, String> row, PreparedStatement roles) {
    String username = row.get("username");
    try {
      // Spring Security has no confirmation step: an account in the table could sign in (when
      // enabled), so it is confirmed; whether its address was checked is unknown.
      LegacyUser.Builder b =
          LegacyUser.builder(username)
              .passwordHash(row.get("password"))
              .active(JdbcRows.isTrue(row.get("enabled")))
              .verified(true);
      if (username != null && username.indexOf('@') > 0) {
        b.email(username);
      } else {
        b.username(username);
      }
      b.profiles(profiles(username, roles));
      return LegacyRecord.of(position, position, b.build());
    } catch (IllegalArgumentException | NullPointerException e) {
      return LegacyRecord.bad(position, position, username, e.getMessage());
    }
  }

  private static List<LegacyUser.LegacyProfile> profiles(String username, PreparedStatement roles) {
    if (roles == null) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    try {
      roles.setString(1, username);
      try (ResultSet r = roles.executeQuery()) {
        while (r.next()) {
          String authority = r.getString(1);
          if (authority != null && !authority.isBlank()) {
            names.add(role(authority));
          }
        }
      }
    } catch (SQLException e) {
      throw new ImportSourceException("reading the authorities failed", e);
    }
    String first = names.contains("user") ? "user" : names.stream().findFirst().orElse(null);
    List<LegacyUser.LegacyProfile> out = new ArrayList<>();
    for (String role : names) {
      out.add(new LegacyUser.LegacyProfile(role, null, role.equals(first), true, null, null));
    }
    return out;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // read-only source
      }
    }
  }

  /** {@code ROLE_ADMIN} is the role {@code admin}. */
  static String role(String authority) {
    String a = authority.strip();
    if (a.startsWith("ROLE_")) {
      a = a.substring("ROLE_".length());
    }
    return a.toLowerCase(Locale.ROOT);
  }
}
