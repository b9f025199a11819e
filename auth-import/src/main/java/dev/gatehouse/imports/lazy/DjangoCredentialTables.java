package dev.gatehouse.imports.lazy;

import dev.gatehouse.legacy.LegacyCredentials;
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
 * token_blacklist_blacklistedtoken}, {@code django_session} and the user table's {@code password}.
 * Each lookup is one indexed read on a connection of its own, returned at once. A project without
 * the blacklist app has no blacklist tables: nothing is blacklisted then. Any other failure (the
 * database unreachable) is thrown, and the credential is refused. Thread-safe.
 */
public final class DjangoCredentialTables implements LegacyCredentials {
  private static final java.util.regex.Pattern TABLE =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private final DataSource dataSource;
  private final String userTable;

  /**
   * The tables of a project on Django's own user model ({@code auth_user}).
   *
   * @param dataSource the Django database (read-only access suffices)
   */
  public DjangoCredentialTables(DataSource dataSource) {
    this(dataSource, "auth_user");
  }

  /**
   * The tables of a project with a custom user model.
   *
   * @param dataSource the Django database (read-only access suffices)
   * @param userTable the user model's table ({@code authentication_user} for {@code
   *     authentication.User}), read for a session user's password hash
   * @throws IllegalArgumentException when {@code userTable} is not a plain table name
   */
  public DjangoCredentialTables(DataSource dataSource, String userTable) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    if (!TABLE.matcher(Objects.requireNonNull(userTable, "userTable")).matches()) {
      throw new IllegalArgumentException("not a table name: " + userTable);
    }
    this.userTable = userTable;
  }

  @Override
  public Optional<StoredSession> djangoSession(String sessionKey) {
    Objects.requireNonNull(sessionKey, "sessionKey");
    return read(
        "django_session",
        c ->
            firstRow(
                c,
                "select session_data, expire_date from django_session where session_key = ?",
                sessionKey,
                rs -> new StoredSession(rs.getString(1), expiry(rs))));
  }

  @Override
  public Optional<String> djangoPasswordHash(String legacyUserId) {
    Objects.requireNonNull(legacyUserId, "legacyUserId");
    // Django's default key is an integer: PostgreSQL compares it with a number only.
    Object id =
        legacyUserId.matches("[0-9]{1,18}") ? (Object) Long.parseLong(legacyUserId) : legacyUserId;
    return read(
        userTable,
        c ->
            firstRow(
                c,
                "select password from " + userTable + " where id = ?",
                id,
                rs -> rs.getString(1)));
  }

  /**
   * Django stores {@code expire_date} in UTC ({@code USE_TZ}): PostgreSQL as {@code timestamptz},
   * MySQL/MariaDB as a naive {@code DATETIME} holding UTC, SQLite as text ({@code 2026-12-08
   * 21:25:00.481348}). Read by the column's type, never through the JVM's time zone.
   */
  private static java.time.Instant expiry(ResultSet rs) throws SQLException {
    if (rs.getObject(2) instanceof String) {
      String text = rs.getString(2).trim().replace(' ', 'T');
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
      }
    }
    String type = rs.getMetaData().getColumnTypeName(2).toLowerCase(java.util.Locale.ROOT);
    if (type.contains("tz") || type.contains("time zone")) {
      return rs.getObject(2, java.time.OffsetDateTime.class).toInstant();
    }
    return rs.getObject(2, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC);
  }

  @Override
  public Optional<String> drfTokenOwner(String key) {
    Objects.requireNonNull(key, "key");
    return read(
        "authtoken_token",
        c ->
            firstRow(
                c,
                "select user_id from authtoken_token where " + quoted(c, "key") + " = ?",
                key,
                rs -> rs.getString(1)));
  }

  @Override
  public boolean simpleJwtBlacklisted(String jti) {
    Objects.requireNonNull(jti, "jti");
    return read(
        "simplejwt's blacklist",
        c ->
            hasTable(c, "token_blacklist_blacklistedtoken")
                && firstRow(
                        c,
                        "select 1 from token_blacklist_blacklistedtoken b"
                            + " join token_blacklist_outstandingtoken o on o.id = b.token_id"
                            + " where o.jti = ?",
                        jti,
                        rs -> Boolean.TRUE)
                    .isPresent());
  }

  /** Work on a connection of its own. */
  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Reads one row. */
  @FunctionalInterface
  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Runs {@code work} on a connection returned at once; a failure names what was read. */
  private <T> T read(String what, SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + what + ": " + e.getMessage(), e);
    }
  }

  /** The first row {@code sql} answers for its one parameter, read by {@code row}. */
  private static <T> Optional<T> firstRow(Connection c, String sql, Object parameter, Row<T> row)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, parameter);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
      }
    }
  }

  /** {@code key} is a reserved word in MySQL/MariaDB: quoted as the database quotes names. */
  private static String quoted(Connection c, String name) throws SQLException {
    String q = c.getMetaData().getIdentifierQuoteString();
    return q == null || q.isBlank() ? name : q + name + q;
  }

  private static boolean hasTable(Connection c, String table) throws SQLException {
    return dev.gatehouse.jpa.JpaConnections.reaches(c, table);
  }

  @Override
  public String toString() {
    return "DjangoCredentialTables";
  }
}
