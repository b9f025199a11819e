package dev.gatehouse.imports.lazy;

import dev.gatehouse.core.migration.LegacyCredentials;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A Django project's credential tables, read over JDBC during the transition window: {@code
 * authtoken_token} (djangorestframework's {@code Token}: {@code key}, {@code user_id}) and
 * djangorestframework-simplejwt's {@code token_blacklist_outstandingtoken} / {@code
 * token_blacklist_blacklistedtoken}. Each lookup is one indexed read on a connection of its own,
 * returned at once. A project without the blacklist app has no blacklist tables: nothing is
 * blacklisted then. Any other failure (the database unreachable) is thrown, and the credential is
 * refused. Thread-safe.
 */
public final class DjangoCredentialTables implements LegacyCredentials {
  private final DataSource dataSource;

  /**
   * @param dataSource the Django database (read-only access suffices)
   */
  public DjangoCredentialTables(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public Optional<String> drfTokenOwner(String key) {
    Objects.requireNonNull(key, "key");
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select user_id from authtoken_token where " + quoted(c, "key") + " = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read authtoken_token: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean simpleJwtBlacklisted(String jti) {
    Objects.requireNonNull(jti, "jti");
    try (Connection c = dataSource.getConnection()) {
      if (!hasTable(c, "token_blacklist_blacklistedtoken")) {
        return false;
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "select 1 from token_blacklist_blacklistedtoken b"
                  + " join token_blacklist_outstandingtoken o on o.id = b.token_id"
                  + " where o.jti = ?")) {
        s.setString(1, jti);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read simplejwt's blacklist: " + e.getMessage(), e);
    }
  }

  /** {@code key} is a reserved word in MySQL/MariaDB: quoted as the database quotes names. */
  private static String quoted(Connection c, String name) throws SQLException {
    String q = c.getMetaData().getIdentifierQuoteString();
    return q == null || q.isBlank() ? name : q + name + q;
  }

  private static boolean hasTable(Connection c, String table) throws SQLException {
    for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
      try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, name, null)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "DjangoCredentialTables";
  }
}
