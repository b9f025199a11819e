package dev.gatehouse.imports.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.imports.ImportSourceException;
import dev.gatehouse.imports.RollbackReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes batches with plain JDBC in one transaction per batch: created accounts are deleted with
 * their profiles and devices, changed accounts get their before-images back. Internal: not API.
 */
public final class Rollbacks {
  private static final Logger log = LoggerFactory.getLogger(Rollbacks.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final String userTable;
  private final String profileTable;
  private final String deviceTable;
  private final Clock clock;

  /** Over the host's table names (validated identifiers from the entity mapping). */
  public Rollbacks(
      DataSource dataSource,
      String userTable,
      String profileTable,
      String deviceTable,
      Clock clock) {
    this.dataSource = dataSource;
    this.userTable = userTable;
    this.profileTable = profileTable;
    this.deviceTable = deviceTable;
    this.clock = clock;
  }

  /** A UTC calendar for JDBC timestamps. */
  public static Calendar utc() {
    return Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
  }

  /**
   * The columns of a user an import may change, as JSON; hashes are stored as they were (this goes
   * to the database only, never to a log).
   */
  public static String beforeImage(AuthUserBase u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("email", u.getEmail());
    m.put("email_normalized", u.getEmailNormalized());
    m.put("phone", u.getPhone());
    m.put("username", u.getUsername());
    m.put("username_normalized", u.getUsernameNormalized());
    m.put("password_hash", u.getPasswordHash());
    m.put("is_active", u.isActive());
    m.put("is_verified", u.isVerified());
    m.put("email_verified", u.isEmailVerified());
    m.put("phone_verified", u.isPhoneVerified());
    m.put("modified_at", u.getModifiedAt() == null ? null : u.getModifiedAt().toString());
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a before-image", e);
    }
  }

  /** Rolls back every committed batch of a run, newest first. */
  public RollbackReport rollbackRun(String runId) {
    List<String> batches = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement("select count(*) from gh_import_run where id = ?")) {
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) == 0) {
            throw new IllegalStateException("no import run " + runId);
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "select id from gh_import_batch where run_id = ? and status = 'COMMITTED' order by"
                  + " seq desc")) {
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            batches.add(rs.getString(1));
          }
        }
      }
    } catch (SQLException e) {
      throw new ImportSourceException("cannot read import run " + runId, e);
    }
    RollbackReport total = new RollbackReport(0, 0, 0, 0);
    for (String b : batches) {
      total = total.plus(rollbackBatch(b));
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "update gh_import_run set status = 'ROLLED_BACK', finished_at = ? where id = ?")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant()), utc());
      ps.setString(2, runId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new ImportSourceException("cannot mark import run " + runId + " rolled back", e);
    }
    log.info("Rolled back import run {}: {}", runId, total);
    return total;
  }

  /** Rolls back one batch, which must be the newest committed batch of its run. */
  public RollbackReport rollbackBatch(String batchId) {
    try (Connection c = dataSource.getConnection()) {
      boolean mariadb =
          c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("maria")
              || c.getMetaData()
                  .getDatabaseProductName()
                  .toLowerCase(Locale.ROOT)
                  .contains("mysql");
      c.setAutoCommit(false);
      try {
        RollbackReport r = rollbackBatch(c, batchId, mariadb);
        c.commit();
        log.info("Rolled back import batch {}: {}", batchId, r);
        return r;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new ImportSourceException("rollback of import batch " + batchId + " failed", e);
    }
  }

  private RollbackReport rollbackBatch(Connection c, String batchId, boolean mariadb)
      throws SQLException {
    String runId;
    int seq;
    try (PreparedStatement ps =
        c.prepareStatement("select run_id, seq, status from gh_import_batch where id = ?")) {
      ps.setString(1, batchId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no import batch " + batchId);
        }
        if (!"COMMITTED".equals(rs.getString(3))) {
          throw new IllegalStateException("import batch " + batchId + " is " + rs.getString(3));
        }
        runId = rs.getString(1);
        seq = rs.getInt(2);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "select count(*) from gh_import_batch where run_id = ? and seq > ? and status ="
                + " 'COMMITTED'")) {
      ps.setString(1, runId);
      ps.setInt(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getLong(1) > 0) {
          throw new IllegalStateException(
              "import batch "
                  + batchId
                  + " is not the newest of its run: roll back the later batches first");
        }
      }
    }
    int deleted = 0;
    int restored = 0;
    int devices = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "select kind, user_public_id, row_id, before_image from gh_import_change where"
                + " batch_id = ? order by seq desc")) {
      ps.setString(1, batchId);
      try (ResultSet rs = ps.executeQuery()) {
        List<Object[]> changes = new ArrayList<>();
        while (rs.next()) {
          long rowId = rs.getLong(3);
          changes.add(
              new Object[] {
                rs.getString(1), rs.getString(2), rs.wasNull() ? null : rowId, rs.getString(4)
              });
        }
        for (Object[] ch : changes) {
          String kind = (String) ch[0];
          String publicId = (String) ch[1];
          switch (kind) {
            case "USER_CREATED":
              deleteChildren(c, profileTable, publicId);
              deleteChildren(c, deviceTable, publicId);
              update(c, "delete from " + userTable + " where public_id = ?", publicId);
              deleted++;
              break;
            case "DEVICE_CREATED":
              try (PreparedStatement d =
                  c.prepareStatement("delete from " + deviceTable + " where id = ?")) {
                d.setLong(1, (Long) ch[2]);
                devices += d.executeUpdate();
              }
              break;
            case "USER_UPDATED":
              restore(c, publicId, (String) ch[3], mariadb);
              restored++;
              break;
            default:
              throw new IllegalStateException("unknown change kind " + kind);
          }
        }
      }
    }
    update(c, "delete from gh_import_mapping where batch_id = ?", batchId);
    try (PreparedStatement ps =
        c.prepareStatement(
            "update gh_import_batch set status = 'ROLLED_BACK', rolled_back_at = ? where id = ?")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant()), utc());
      ps.setString(2, batchId);
      ps.executeUpdate();
    }
    return new RollbackReport(1, deleted, restored, devices);
  }

  private void deleteChildren(Connection c, String table, String publicId) throws SQLException {
    update(
        c,
        "delete from "
            + table
            + " where user_id in (select id from "
            + userTable
            + " where public_id = ?)",
        publicId);
  }

  private static void update(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      ps.executeUpdate();
    }
  }

  private void restore(Connection c, String publicId, String image, boolean mariadb)
      throws SQLException {
    JsonNode m;
    try {
      m = JSON.readTree(image);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable before-image of " + publicId, e);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "update "
                + userTable
                + " set email = ?, email_normalized = ?, phone = ?, username = ?,"
                + " username_normalized = ?, password_hash = ?, is_active = ?, is_verified = ?,"
                + " email_verified = ?, phone_verified = ?, modified_at = ? where public_id = ?")) {
      int i = 1;
      for (String col :
          List.of(
              "email",
              "email_normalized",
              "phone",
              "username",
              "username_normalized",
              "password_hash")) {
        JsonNode v = m.get(col);
        if (v == null || v.isNull()) {
          ps.setNull(i++, Types.VARCHAR);
        } else {
          ps.setString(i++, v.asText());
        }
      }
      for (String col : List.of("is_active", "is_verified", "email_verified", "phone_verified")) {
        ps.setBoolean(i++, m.get(col).asBoolean());
      }
      Instant modified = Instant.parse(m.get("modified_at").asText());
      if (mariadb) {
        ps.setObject(i++, LocalDateTime.ofInstant(modified, ZoneOffset.UTC));
      } else {
        ps.setObject(i++, OffsetDateTime.ofInstant(modified, ZoneOffset.UTC));
      }
      ps.setString(i, publicId);
      ps.executeUpdate();
    }
  }
}
