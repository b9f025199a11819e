package dev.gatehouse.jpa.changes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.SetupException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;
import org.jspecify.annotations.Nullable;

/**
 * A Liquibase custom change that fills a normalised-email column from an email column, for a host
 * adopting Gatehouse on an existing user table:
 *
 * <pre>{@code
 * <customChange class="dev.gatehouse.jpa.changes.BackfillNormalizedEmails">
 *   <param name="tableName" value="accounts_user"/>
 *   <param name="targetColumn" value="email_normalized"/>
 * </customChange>
 * }</pre>
 *
 * <p>This class is named by hosts' migration histories, so its name is public API: if it ever
 * moves, a deprecated shim stays here.
 */
public class BackfillNormalizedEmails implements CustomTaskChange {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private String tableName;
  private String idColumn = "id";
  private String sourceColumn = "email";
  private String targetColumn = "email_normalized";
  private int updated;

  /** Required by Liquibase. */
  public BackfillNormalizedEmails() {}

  /**
   * @param tableName the user table
   */
  public void setTableName(String tableName) {
    this.tableName = tableName;
  }

  /**
   * @param idColumn the user table's key column (default {@code id})
   */
  public void setIdColumn(String idColumn) {
    this.idColumn = idColumn;
  }

  /**
   * @param sourceColumn the column holding the email as typed (default {@code email})
   */
  public void setSourceColumn(String sourceColumn) {
    this.sourceColumn = sourceColumn;
  }

  /**
   * @param targetColumn the column to fill (default {@code email_normalized})
   */
  public void setTargetColumn(String targetColumn) {
    this.targetColumn = targetColumn;
  }

  /**
   * Canonical form used for uniqueness: trimmed and lower-cased in the root locale.
   *
   * @param email an address
   * @return its canonical form, or {@code null} for a blank address
   */
  static @Nullable String canonical(String email) {
    if (email == null || email.isBlank()) {
      return null;
    }
    return email.trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public void execute(Database database) throws CustomChangeException {
    Connection c = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
    String select =
        "SELECT "
            + idColumn
            + ", "
            + sourceColumn
            + " FROM "
            + tableName
            + " WHERE "
            + sourceColumn
            + " IS NOT NULL AND "
            + targetColumn
            + " IS NULL";
    String update =
        "UPDATE " + tableName + " SET " + targetColumn + " = ? WHERE " + idColumn + " = ?";
    try {
      List<Object[]> rows = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(select);
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new Object[] {rs.getObject(1), rs.getString(2)});
        }
      }
      try (PreparedStatement u = c.prepareStatement(update)) {
        for (Object[] r : rows) {
          String canonical = canonical((String) r[1]);
          if (canonical == null) {
            continue;
          }
          u.setString(1, canonical);
          u.setObject(2, r[0]);
          u.addBatch();
          updated++;
        }
        u.executeBatch();
      }
    } catch (SQLException e) {
      throw new CustomChangeException(
          "backfilling " + tableName + "." + targetColumn + " failed", e);
    }
  }

  @Override
  public String getConfirmationMessage() {
    return "filled " + targetColumn + " for " + updated + " rows of " + tableName;
  }

  @Override
  public void setUp() throws SetupException {}

  @Override
  public void setFileOpener(ResourceAccessor resourceAccessor) {}

  @Override
  public ValidationErrors validate(Database database) {
    ValidationErrors errors = new ValidationErrors();
    check(errors, "tableName", tableName);
    check(errors, "idColumn", idColumn);
    check(errors, "sourceColumn", sourceColumn);
    check(errors, "targetColumn", targetColumn);
    return errors;
  }

  private static void check(ValidationErrors errors, String name, String value) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      errors.addError(name + " must be a plain SQL identifier, was '" + value + "'");
    }
  }
}
