package dev.gatehouse.imports;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gatehouse.core.config.AuditSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.BatchListener;
import dev.gatehouse.imports.api.ImportRunInProgressException;
import dev.gatehouse.imports.api.ImportRunLockLostException;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.RollbackOptions;
import dev.gatehouse.imports.api.RollbackOptions.RollbackRefusedException;
import dev.gatehouse.imports.api.RollbackOptions.RollbackReport;
import dev.gatehouse.imports.internal.BeforeImages;
import dev.gatehouse.imports.internal.ImportBatchRow;
import dev.gatehouse.imports.internal.Ledger;
import dev.gatehouse.imports.internal.Rollbacks;
import dev.gatehouse.imports.internal.RunLock;
import dev.gatehouse.jpa.JpaAuthStore;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Takes users over from a legacy system: {@link #plan} (a dry run that writes nothing), {@link
 * #run} (batches, each its own transaction and checkpoint, resumable), {@link #rollbackBatch} /
 * {@link #rollbackRun} and {@link #resolve} (legacy id to the new account's public id).
 *
 * <pre>{@code
 * Importer importer = Importer.builder()
 *     .entityManagerFactory(GatehouseJpa.bootstrap(dataSource, entities, GatehouseImports.entityClasses()))
 *     .entities(entities).config(config).hashing(hashing)
 *     .build();
 * ImportOptions options = ImportOptions.builder("django").conflictPolicy(ConflictPolicy.MERGE).build();
 * PlanReport plan = importer.plan(source, options);
 * if (plan.passed()) {
 *   RunReport run = importer.run(source, options);   // call again after a crash: it resumes
 * }
 * }</pre>
 *
 * <p>The target's master changelog includes {@link GatehouseImports#CHANGELOG}. The bookkeeping
 * (checkpoints, legacy-id mappings, before-images) and the rollback go through the factory, so
 * through the host's entity mapping: renamed tables and columns and the host's key type need
 * nothing more.
 *
 * <p>Password hashes are stored as they are: the accounts service verifies legacy formats and
 * upgrades them at the user's first login. A user with no usable password becomes a passwordless
 * (code sign-in) account. Thread-safe, but one source name must not be run by two processes at
 * once.
 */
public final class Importer {
  private final Ledger ledger;
  private final EntityManagerFactory emf;
  private final Clock clock;
  private final Planner planner;
  private final BatchRunner runner;
  private final Rollbacks rollbacks;
  private final JpaAuthStore store;
  private final GatehouseConfig config;
  private final PasswordHashing hashing;

  private Importer(Builder b) {
    JpaAuthStore store = new JpaAuthStore(b.emf, b.entities);
    this.store = store;
    this.config = b.config;
    this.hashing = b.hashing;
    this.ledger = new Ledger(b.emf);
    this.emf = b.emf;
    this.clock = b.clock;
    BeforeImages images = new BeforeImages(b.emf.getMetamodel(), b.entities.user());
    this.planner = new Planner(store, ledger, b.hashing, b.clock);
    this.runner =
        new BatchRunner(
            store,
            ledger,
            images,
            b.config,
            b.hashing,
            b.clock,
            b.emf.getMetamodel().entity(b.entities.user()).getName());
    this.rollbacks = new Rollbacks(b.emf, b.entities, ledger, images, b.clock);
  }

  /** {@return the target's store, for the sync from the legacy system} */
  JpaAuthStore store() {
    return store;
  }

  /** {@return the hash formats the import takes, for the sync from the legacy system} */
  PasswordHashing hashing() {
    return hashing;
  }

  /** {@return the importer's clock} */
  Clock clock() {
    return clock;
  }

  /**
   * An entry of the importer's (actor {@code import}) for the audit trail, or empty when the trail
   * is off ({@code gatehouse.audit.enabled}): the one place its entries are made.
   */
  Optional<AuditEntry> auditEntry(
      Instant at, String event, @Nullable UUID subject, String reason, @Nullable String detail) {
    if (!config.get(AuditSettings.AUDIT_ENABLED)) {
      return Optional.empty();
    }
    return Optional.of(
        new AuditEntry(
            at,
            event,
            subject,
            "import",
            null,
            reason,
            detail,
            null,
            null,
            AuditEntry.correlationIdOf(config.get(AuditSettings.AUDIT_CORRELATION_KEY))));
  }

  /** {@return a new builder, with the system UTC clock as the only default} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the whole source and reports what a run would do, writing nothing. Holds the case-folded
   * emails and phones of the source in memory to find collisions within it (about 100 bytes per
   * user).
   *
   * @param source the legacy source
   * @param options the options the run would use
   * @return the report; {@link PlanReport#passed()} is false when a threshold is exceeded
   * @throws ImportSourceException when the source fails as a whole
   */
  public PlanReport plan(LegacySource source, ImportOptions options) {
    requireNonNull(source, "source");
    requireNonNull(options, "options");
    return planner.plan(source, options);
  }

  /**
   * As {@link #run(LegacySource, ImportOptions, BatchListener)} without a listener, so the run goes
   * on to the end of the source.
   *
   * @param source the legacy source, read in a stable order
   * @param options the options
   * @return the totals of the run
   */
  public RunReport run(LegacySource source, ImportOptions options) {
    return run(source, options, BatchListener.none());
  }

  /**
   * Imports the source in batches of {@link ImportOptions#batchSize()}, each its own transaction
   * that also records the batch (the checkpoint), the legacy-id mappings, the before-images and the
   * records set aside. If the last run of this source name did not complete, this call resumes it
   * after its last committed batch; records already mapped are skipped, so re-running a finished
   * import changes nothing.
   *
   * <p>A failure of the source or of a batch's transaction does not throw: the batch is rolled back
   * (no half-written user), the run is marked {@code FAILED} with the error and the report says so;
   * call again to resume.
   *
   * @param source the legacy source, read in a stable order
   * @param options the options
   * @param listener told after each commit; may stop the run
   * @return the totals of the run
   * @throws ImportRunInProgressException when another run of the same source name is in progress
   *     (nothing is changed; a run whose process died is not in progress and is resumed)
   * @throws ImportRunLockLostException when the database ended the connection holding the run's
   *     lock during the run (an idle timeout, a killed session): the run stopped before committing
   *     another batch and is resumed by the next call
   */
  public RunReport run(LegacySource source, ImportOptions options, BatchListener listener) {
    requireNonNull(source, "source");
    requireNonNull(options, "options");
    requireNonNull(listener, "listener");
    RunReport report;
    try (RunLock lock = RunLock.acquire(emf, options.sourceName(), clock)) {
      report = runner.run(source, options, listener, lock);
    }
    audit(
        "ImportRun",
        report.status().toLowerCase(java.util.Locale.ROOT),
        "run "
            + report.runId()
            + ": created "
            + report.created()
            + ", updated "
            + report.updated()
            + ", skipped "
            + report.skipped()
            + ", quarantined "
            + report.quarantined());
    return report;
  }

  /**
   * Keeps one entry of the importer in the audit trail ({@code gatehouse.audit.enabled}), in a
   * transaction of its own after the work it describes: a run spans many transactions.
   */
  private void audit(String event, String reason, String detail) {
    auditEntry(clock.instant(), event, null, reason, detail)
        .ifPresent(
            entry ->
                store.inTransaction(
                    tx -> {
                      tx.audit().append(entry);
                      return null;
                    }));
  }

  // ---- rollback and resolve -----------------------------------------------------------------

  /**
   * Undoes one batch: the accounts it created are deleted (with their profiles and devices), the
   * accounts it changed get their before-images back, its mappings are removed and it is marked
   * {@code ROLLED_BACK}, all in one transaction. Batches are undone last first: only the newest
   * committed batch of its run can be rolled back.
   *
   * @param batchId the batch
   * @return how many accounts were deleted and restored
   * @throws IllegalStateException when the batch is unknown, already rolled back or not the newest
   * @throws ImportSourceException when the database fails (nothing is changed)
   */
  public RollbackReport rollbackBatch(String batchId) {
    return rollbackBatch(batchId, RollbackOptions.defaults());
  }

  /**
   * Undoes one batch as {@link #rollbackBatch(String)}, with {@code options} deciding whether
   * dependent runs (rolled back first, whole) and used accounts stop it.
   *
   * @param batchId the batch
   * @param options what the rollback may also undo
   * @return totals over the batch and any dependent runs
   * @throws RollbackRefusedException when later runs depend on the batch or its accounts have been
   *     used, and the options do not allow it (nothing is changed)
   * @throws IllegalStateException when the batch is unknown, already rolled back or not the newest
   */
  public RollbackReport rollbackBatch(String batchId, RollbackOptions options) {
    requireNonNull(batchId, "batchId");
    requireNonNull(options, "options");
    RollbackReport report = rollbacks.rollbackBatch(batchId, options);
    audit("ImportRollback", "batch", "batch " + batchId + ": " + rolledBack(report));
    return report;
  }

  /**
   * Undoes every committed batch of a run, newest first, each in its own transaction, and marks the
   * run {@code ROLLED_BACK}.
   *
   * @param runId the run
   * @return totals over the batches
   * @throws IllegalStateException when the run is unknown
   */
  public RollbackReport rollbackRun(String runId) {
    return rollbackRun(runId, RollbackOptions.defaults());
  }

  /**
   * Undoes every committed batch of a run as {@link #rollbackRun(String)}, with {@code options}
   * deciding whether dependent runs and used accounts stop it.
   *
   * @param runId the run
   * @param options what the rollback may also undo
   * @return totals over the batches, dependent runs included
   * @throws RollbackRefusedException when later runs depend on this one or its accounts have been
   *     used, and the options do not allow it (nothing is changed)
   * @throws IllegalStateException when the run is unknown
   */
  public RollbackReport rollbackRun(String runId, RollbackOptions options) {
    requireNonNull(runId, "runId");
    requireNonNull(options, "options");
    RollbackReport report = rollbacks.rollbackRun(runId, options);
    audit("ImportRollback", "run", "run " + runId + ": " + rolledBack(report));
    return report;
  }

  private static String rolledBack(RollbackReport r) {
    return "batches "
        + r.batches()
        + ", deleted "
        + r.deletedUsers()
        + ", restored "
        + r.restoredUsers();
  }

  /**
   * The account a legacy id of a source became, so that content referring to old ids (a Mongo
   * collection's {@code user_id}) can be attached to the new accounts.
   *
   * @param sourceName the source name used for the import
   * @param legacyId the legacy id
   * @return the account's public id, or empty if the id was not imported (or was rolled back)
   */
  public Optional<UUID> resolve(String sourceName, String legacyId) {
    requireNonNull(sourceName, "sourceName");
    requireNonNull(legacyId, "legacyId");
    return ledger.read(r -> r.mappedUser(sourceName, legacyId)).map(UUID::fromString);
  }

  /**
   * The import runs recorded in the target, newest first, each with its batches: the runs and
   * batches to resume, roll back or audit.
   *
   * @param sourceName only the runs of this source, or {@code null} for every source
   * @return the runs; empty when nothing was imported
   * @throws ImportSourceException when the database fails
   */
  public List<ImportRunSummary> runs(@Nullable String sourceName) {
    List<ImportRunSummary> out = new ArrayList<>();
    for (Ledger.RunWithBatches r : ledger.runs(sourceName)) {
      List<ImportRunSummary.Batch> batches = new ArrayList<>();
      for (ImportBatchRow b : r.batches()) {
        batches.add(
            new ImportRunSummary.Batch(
                b.id(),
                b.seq(),
                b.firstPosition(),
                b.lastPosition(),
                b.createdCount(),
                b.updatedCount(),
                b.skippedCount(),
                b.quarantinedCount(),
                b.status(),
                b.committedAt(),
                b.rolledBackAt()));
      }
      out.add(
          new ImportRunSummary(
              r.run().id(),
              r.run().sourceName(),
              r.run().status(),
              r.run().startedAt(),
              r.run().finishedAt(),
              r.run().error(),
              batches));
    }
    return out;
  }

  static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  /**
   * Fail-fast, single-threaded builder; every setter but {@link #clock} and {@link #dataSource} is
   * required.
   */
  public static final class Builder {
    private DataSource dataSource;
    private EntityManagerFactory emf;
    private EntityClasses entities;
    private GatehouseConfig config;
    private PasswordHashing hashing;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The target database. Optional: the importer reads and writes its bookkeeping and the accounts
     * only through the {@link #entityManagerFactory factory} (and so through the host's entity
     * mapping); the setting stays so that existing builders compile.
     *
     * @param v the target data source; not null
     * @return this builder
     */
    public Builder dataSource(DataSource v) {
      this.dataSource = requireNonNull(v, "dataSource");
      return this;
    }

    /**
     * A factory over the host's entities and {@link GatehouseImports#entityClasses()}. Required.
     *
     * @param v the factory; not null
     * @return this builder
     */
    public Builder entityManagerFactory(EntityManagerFactory v) {
      this.emf = requireNonNull(v, "entityManagerFactory");
      return this;
    }

    /**
     * The host's entity classes. Required.
     *
     * @param v the entity classes; not null
     * @return this builder
     */
    public Builder entities(EntityClasses v) {
      this.entities = requireNonNull(v, "entities");
      return this;
    }

    /**
     * The configuration (the default profile's role). Required.
     *
     * @param v the configuration; not null
     * @return this builder
     */
    public Builder config(GatehouseConfig v) {
      this.config = requireNonNull(v, "config");
      return this;
    }

    /**
     * The password hashing whose formats decide which hashes are supported. Required.
     *
     * @param v the password hashing; not null
     * @return this builder
     */
    public Builder hashing(PasswordHashing v) {
      this.hashing = requireNonNull(v, "hashing");
      return this;
    }

    /**
     * The clock for the bookkeeping's timestamps (default UTC system clock).
     *
     * @param v the clock; not null
     * @return this builder
     */
    public Builder clock(Clock v) {
      this.clock = requireNonNull(v, "clock");
      return this;
    }

    /**
     * @return the importer
     * @throws IllegalStateException naming the first missing setting
     * @throws dev.gatehouse.core.error.AuthException.ConfigurationException when the factory lacks
     *     an entity
     */
    public Importer build() {
      require("entityManagerFactory", emf);
      require("entities", entities);
      require("config", config);
      require("hashing", hashing);
      return new Importer(this);
    }

    private static void require(String name, Object v) {
      if (v == null) {
        throw new IllegalStateException(name + " is required but was not set");
      }
    }
  }

  /**
   * The outcome of {@link Importer#run}: totals of the whole run (over every resumed attempt), so
   * {@code created + updated + skipped + quarantined == records} once it is complete.
   *
   * @param runId the run's id (to resume, roll back or audit it)
   * @param sourceName the source name
   * @param status {@code COMPLETED}, {@code FAILED} (resumable) or {@code STOPPED} (stopped by the
   *     batch listener; resumable)
   * @param resumedFromPosition the checkpoint this attempt started after (0 for a fresh run)
   * @param batches batches committed by the whole run
   * @param records source records accounted for by committed batches
   * @param created accounts created
   * @param updated records merged into an existing account
   * @param skipped records skipped (already imported, conflicts under {@code SKIP}, soft-deleted)
   * @param quarantined records quarantined (unreadable, no identifier, conflicts)
   * @param error why the run stopped, or {@code null}
   */
  public record RunReport(
      String runId,
      String sourceName,
      String status,
      long resumedFromPosition,
      int batches,
      long records,
      long created,
      long updated,
      long skipped,
      long quarantined,
      @Nullable String error) {

    private static final ObjectMapper JSON =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** {@return whether the run read its source to the end} */
    public boolean completed() {
      return "COMPLETED".equals(status);
    }

    /** {@return the report as indented JSON} */
    public String toJson() {
      try {
        return JSON.writeValueAsString(this);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write the run report", e);
      }
    }

    /** {@return a readable one-paragraph summary} */
    public String summary() {
      return "Run "
          + runId
          + " of "
          + sourceName
          + ": "
          + status
          + (resumedFromPosition > 0 ? " (resumed after record " + resumedFromPosition + ")" : "")
          + "\n  "
          + records
          + " records in "
          + batches
          + " batches: created "
          + created
          + ", updated "
          + updated
          + ", skipped "
          + skipped
          + ", quarantined "
          + quarantined
          + (error == null ? "" : "\n  error: " + error)
          + "\n";
    }
  }
}
