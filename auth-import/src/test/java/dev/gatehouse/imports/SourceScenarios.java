package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.RollbackOptions.RollbackReport;
import dev.gatehouse.imports.internal.HashCheck;
import dev.gatehouse.imports.internal.LoginReplay;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The checks every legacy source goes through (plan predicts run, a second run changes nothing, a
 * run that dies resumes without gap or duplicate, rollback restores the tables, known passwords log
 * in through the real login and are upgraded), shared by the per-source tests.
 */
final class SourceScenarios {
  private SourceScenarios() {}

  /** The source, failing like a lost connection or an unreadable file after {@code n} records. */
  static LegacySource failingAfter(LegacySource real, int n) {
    return new LegacySource() {
      @Override
      public String describe() {
        return real.describe();
      }

      @Override
      public RecordStream open() {
        RecordStream s = real.open();
        return new RecordStream() {
          int read;

          @Override
          public boolean hasNext() {
            if (read >= n) {
              throw new ImportSourceException("connection lost", new java.io.IOException("reset"));
            }
            return s.hasNext();
          }

          @Override
          public LegacyRecord next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            read++;
            return s.next();
          }

          @Override
          public void close() {
            s.close();
          }
        };
      }
    };
  }

  /**
   * Plans, runs, runs again and rolls back, checking that the plan predicted the run, that the
   * second run changed nothing and that the rollback left the account tables as they were.
   *
   * @return the plan and the first run, for source-specific checks made by the caller before this
   *     returns is not possible; the caller checks the tables through {@code afterRun}
   */
  static RunReport planRunRerunRollback(
      ImportFixture f, LegacySource source, ImportOptions options, TableCheck afterRun)
      throws Exception {
    List<String> before = f.accountTables();
    PlanReport plan = f.importer.plan(source, options);
    assertThat(plan.unreadable()).as(plan.summary()).isZero();
    assertThat(plan.passed()).as(plan.summary()).isTrue();

    RunReport run = f.importer.run(source, options);
    assertThat(run.status()).isEqualTo("COMPLETED");
    assertThat(run.records()).isEqualTo(plan.records());
    assertThat(List.of(run.created(), run.updated(), run.skipped(), run.quarantined()))
        .as(plan.summary())
        .isEqualTo(List.of(plan.create(), plan.update(), plan.skip(), plan.quarantine()));
    assertThat(f.count("select count(*) from gh_import_mapping"))
        .isEqualTo(run.created() + run.updated());
    afterRun.check(plan, run);

    List<String> afterFirst = f.accountTables();
    RunReport again = f.importer.run(source, options);
    assertThat(again.runId()).isNotEqualTo(run.runId());
    assertThat(again.created()).isZero();
    assertThat(again.updated()).isZero();
    assertThat(f.accountTables()).isEqualTo(afterFirst);

    f.importer.rollbackRun(again.runId());
    RollbackReport undone = f.importer.rollbackRun(run.runId());
    assertThat(undone.deletedUsers()).isEqualTo((int) run.created());
    assertThat(f.accountTables()).isEqualTo(before);
    assertThat(f.count("select count(*) from gh_import_mapping")).isZero();
    return run;
  }

  /** Source-specific checks on the tables after the first run. */
  @FunctionalInterface
  interface TableCheck {
    void check(PlanReport plan, RunReport run) throws Exception;
  }

  /**
   * A run that dies after {@code failAfter} records and is run again ends exactly as the plan said:
   * no account twice, none missing.
   */
  static void resumesAfterInterruption(
      ImportFixture f, LegacySource source, ImportOptions options, int failAfter) throws Exception {
    PlanReport plan = f.importer.plan(source, options);
    RunReport first = f.importer.run(failingAfter(source, failAfter), options);
    assertThat(first.status()).isEqualTo("FAILED");
    assertThat(first.error()).contains("connection lost");
    long committed = failAfter / options.batchSize() * (long) options.batchSize();
    assertThat(first.records()).isEqualTo(committed);
    assertThat(f.count("select count(*) from gh_import_mapping"))
        .isEqualTo(first.created() + first.updated());

    RunReport second = f.importer.run(source, options);
    assertThat(second.runId()).isEqualTo(first.runId());
    assertThat(second.status()).isEqualTo("COMPLETED");
    assertThat(second.resumedFromPosition()).isEqualTo(committed);
    assertThat(second.records()).isEqualTo(plan.records());
    assertThat(List.of(second.created(), second.updated(), second.skipped(), second.quarantined()))
        .isEqualTo(List.of(plan.create(), plan.update(), plan.skip(), plan.quarantine()));
    assertThat(f.count("select count(*) from gh_user")).isEqualTo(plan.create());
    assertThat(f.count("select count(distinct legacy_id) from gh_import_mapping"))
        .isEqualTo(plan.create() + plan.update());
  }

  /**
   * Logs every known (login, password) in through the application's real login after an import,
   * with the given hashing, and checks that each accepted login upgraded its stored hash to the
   * current argon2id.
   *
   * @param inactive logins whose accounts are inactive: those must be refused
   * @return the logins refused
   */
  static List<String> replayKnownLogins(
      ImportFixture f, PasswordHashing hashing, Path knownPasswords, List<String> inactive)
      throws Exception {
    GatehouseConfig config =
        GatehouseConfig.builder()
            .clock(f.clock)
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .set(GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
            .set(AccountSettings.REQUIRE_VERIFIED, false)
            // Keycloak users sign in by username as often as by email.
            .set(
                AccountSettings.LOGIN_IDENTIFIER,
                dev.gatehouse.core.config.AccountSettings.LoginIdentifier.BOTH)
            .build();
    Gatehouse gatehouse = Gatehouse.builder(config, f.store).passwordHashing(hashing).build();
    HashCheck tally = new HashCheck(hashing);
    LoginReplay replay =
        new LoginReplay(
            gatehouse.accounts(),
            f.store,
            dev.gatehouse.core.identity.PhoneNumbers.forRegion("US"),
            tally);
    List<List<String>> known = VerificationTest.known(knownPasswords);
    List<String> refused = new ArrayList<>();
    for (List<String> row : known) {
      String before = storedHash(f, row.get(2));
      assertThat(before).as("hash of %s", row.get(0)).isNotNull();
      if (replay.replay(row.get(0), row.get(1))) {
        String after = storedHash(f, row.get(2));
        assertThat(after).as("upgraded hash of %s", row.get(0)).startsWith("$argon2id$");
        assertThat(after).isNotEqualTo(before);
      } else {
        refused.add(row.get(0));
      }
    }
    assertThat(tally.result().checked()).isEqualTo(known.size());
    assertThat(refused)
        .as(replay.failures().toString())
        .containsExactlyInAnyOrderElementsOf(inactive);
    return refused;
  }

  /** The stored password hash of the account a legacy id was imported into. */
  static String storedHash(ImportFixture f, String legacyId) throws Exception {
    try (Connection c = f.db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select u.password_hash from gh_user u join gh_import_mapping m"
                    + " on m.user_public_id = u.public_id where m.legacy_id = ?")) {
      ps.setString(1, legacyId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** A boolean column of the account a legacy id was imported into. */
  static boolean flag(ImportFixture f, String legacyId, String column) throws Exception {
    return Boolean.parseBoolean(
        value(f, legacyId, "case when u." + column + " then 'true' else 'false' end"));
  }

  /** An SQL expression over the account ({@code u}) a legacy id was imported into, as text. */
  static String value(ImportFixture f, String legacyId, String expression) throws Exception {
    try (Connection c = f.db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select "
                    + expression
                    + " from gh_user u join gh_import_mapping m"
                    + " on m.user_public_id = u.public_id where m.legacy_id = ?")) {
      ps.setString(1, legacyId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("account of %s", legacyId).isTrue();
        return rs.getString(1);
      }
    }
  }

  /** The reasons recorded for a legacy id in the issue table. */
  static List<String> issues(ImportFixture f, String legacyId) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = f.db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select outcome, reason from gh_import_issue where legacy_id = ? order by outcome")) {
      ps.setString(1, legacyId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + ":" + rs.getString(2));
        }
      }
    }
    return out;
  }
}
