package dev.gatehouse.jpa;

import dev.gatehouse.core.store.SecondFactorStore;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link SecondFactorStore} over the library's {@code gh_totp_factor}, {@code gh_recovery_code},
 * {@code gh_remembered_device} and {@code gh_mfa_policy} tables. Single use rests on conditional
 * updates: the database re-checks the condition of an update that waited for a concurrent one on
 * the same row, so exactly one of them changes it.
 */
final class JpaSecondFactorStore implements SecondFactorStore {
  private static final String DEVICE_COLUMNS =
      "select id, user_public_id, label, created_at, last_used_at, expires_at, revoked_at"
          + " from gh_remembered_device ";

  private final LibrarySql sql;
  private final Runnable writing;

  JpaSecondFactorStore(LibrarySql sql, Runnable writing) {
    this.sql = sql;
    this.writing = writing;
  }

  @Override
  public boolean savePendingTotp(UUID userId, String sealedSecret, Instant now) {
    writing.run();
    String user = userId.toString();
    if (sql.number(
            "select count(*) from gh_totp_factor where user_public_id = ?"
                + " and confirmed_at is not null",
            user)
        > 0) {
      return false;
    }
    sql.update(
        "delete from gh_totp_factor where user_public_id = ? and confirmed_at is null", user);
    sql.update(
        "insert into gh_totp_factor (user_public_id, sealed_secret, created_at) values (?, ?, ?)",
        user,
        sealedSecret,
        now);
    return true;
  }

  @Override
  public Optional<TotpFactor> totp(UUID userId) {
    return sql.first(
        "select sealed_secret, confirmed_at, last_step, created_at from gh_totp_factor"
            + " where user_public_id = ?",
        r -> new TotpFactor(userId, r.text(1), r.instant(2), r.number(3), r.instant(4)),
        userId.toString());
  }

  @Override
  public boolean confirmTotp(UUID userId, String sealedSecret, long step, Instant now) {
    writing.run();
    return sql.update(
            "update gh_totp_factor set confirmed_at = ?, last_step = ? where user_public_id = ?"
                + " and sealed_secret = ? and confirmed_at is null",
            now,
            step,
            userId.toString(),
            sealedSecret)
        == 1;
  }

  @Override
  public boolean advanceTotpStep(UUID userId, long step) {
    writing.run();
    return sql.update(
            "update gh_totp_factor set last_step = ? where user_public_id = ?"
                + " and confirmed_at is not null and (last_step is null or last_step < ?)",
            step,
            userId.toString(),
            step)
        == 1;
  }

  @Override
  public boolean deleteTotp(UUID userId) {
    writing.run();
    return sql.update("delete from gh_totp_factor where user_public_id = ?", userId.toString()) > 0;
  }

  @Override
  public void replaceRecoveryCodes(UUID userId, List<String> codeHashes, Instant now) {
    deleteRecoveryCodes(userId);
    String user = userId.toString();
    sql.work(
        connection -> {
          try (PreparedStatement insert =
              sql.prepare(
                  connection,
                  "insert into gh_recovery_code (user_public_id, code_hash, created_at)"
                      + " values (?, ?, ?)")) {
            for (String hash : codeHashes) {
              insert.setString(1, user);
              insert.setString(2, hash);
              sql.dialect().bindInstant(insert, 3, now);
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  @Override
  public boolean useRecoveryCode(UUID userId, String codeHash, Instant now) {
    writing.run();
    return sql.update(
            "update gh_recovery_code set used_at = ? where code_hash = ? and user_public_id = ?"
                + " and used_at is null",
            now,
            codeHash,
            userId.toString())
        == 1;
  }

  @Override
  public int unusedRecoveryCodes(UUID userId) {
    return (int)
        sql.number(
            "select count(*) from gh_recovery_code where user_public_id = ? and used_at is null",
            userId.toString());
  }

  @Override
  public int deleteRecoveryCodes(UUID userId) {
    writing.run();
    return sql.update("delete from gh_recovery_code where user_public_id = ?", userId.toString());
  }

  @Override
  public void rememberDevice(
      UUID userId, String tokenHash, String label, Instant expiresAt, Instant now) {
    writing.run();
    sql.update(
        "insert into gh_remembered_device (user_public_id, token_hash, label, created_at,"
            + " expires_at) values (?, ?, ?, ?, ?)",
        userId.toString(),
        tokenHash,
        label,
        now,
        expiresAt);
  }

  @Override
  public Optional<RememberedDevice> rememberedDevice(String tokenHash) {
    return sql.first(
        DEVICE_COLUMNS + "where token_hash = ?", JpaSecondFactorStore::device, tokenHash);
  }

  @Override
  public List<RememberedDevice> rememberedDevices(UUID userId, Instant now) {
    return sql.list(
        DEVICE_COLUMNS
            + "where user_public_id = ? and revoked_at is null and expires_at > ?"
            + " order by created_at desc, id desc",
        JpaSecondFactorStore::device,
        userId.toString(),
        now);
  }

  private static RememberedDevice device(LibrarySql.Columns r) throws SQLException {
    return new RememberedDevice(
        r.number(1),
        UUID.fromString(r.text(2)),
        r.text(3),
        r.instant(4),
        r.instant(5),
        r.instant(6),
        r.instant(7));
  }

  @Override
  public void rememberedDeviceUsed(long id, Instant now) {
    writing.run();
    sql.update("update gh_remembered_device set last_used_at = ? where id = ?", now, id);
  }

  @Override
  public int revokeRememberedDevices(UUID userId, Long id, Instant now) {
    writing.run();
    String revoke =
        "update gh_remembered_device set revoked_at = ? where user_public_id = ?"
            + " and revoked_at is null";
    return id == null
        ? sql.update(revoke, now, userId.toString())
        : sql.update(revoke + " and id = ?", now, userId.toString(), id);
  }

  @Override
  public Instant secondFactorPolicySince(UUID userId, Instant now) {
    String user = userId.toString();
    Optional<Instant> since = policySince(user);
    if (since.isPresent()) {
      return since.get();
    }
    writing.run();
    if (insertPolicyRow(user, now)) {
      return now;
    }
    // A concurrent first login of the same account created the row first. Under a snapshot that
    // began before its commit (MariaDB's repeatable read) the row stays invisible here; both
    // moments are this same instant of contention, so "now" is the answer then.
    return policySince(user).orElse(now);
  }

  private Optional<Instant> policySince(String user) {
    return sql.first(
        "select applies_since from gh_mfa_policy where user_public_id = ?",
        r -> r.instant(1),
        user);
  }

  /**
   * Inserts the account's policy row behind a savepoint, so that a concurrent first login's row (a
   * duplicate key) rolls back only the savepoint: PostgreSQL would otherwise abort the whole
   * transaction, the host's own when Gatehouse joined it, and the login would fail.
   *
   * @return whether this call created the row
   */
  private boolean insertPolicyRow(String user, Instant now) {
    return sql.work(
        connection -> {
          Savepoint savepoint = connection.setSavepoint();
          try (PreparedStatement insert =
              sql.prepare(
                  connection,
                  "insert into gh_mfa_policy (user_public_id, applies_since) values (?, ?)",
                  user,
                  now)) {
            insert.executeUpdate();
          } catch (SQLException e) {
            connection.rollback(savepoint);
            // Class 23 is an integrity violation: the concurrent login's row. Anything else (a
            // lock timeout, a lost connection) is a real failure.
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
              throw e;
            }
            return false;
          }
          connection.releaseSavepoint(savepoint);
          return true;
        });
  }
}
