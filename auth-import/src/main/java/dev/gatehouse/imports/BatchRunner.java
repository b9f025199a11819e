package dev.gatehouse.imports;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.BatchListener;
import dev.gatehouse.imports.api.ImportRunLockLostException;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.internal.BeforeImages;
import dev.gatehouse.imports.internal.Decider;
import dev.gatehouse.imports.internal.ImportBatchRow;
import dev.gatehouse.imports.internal.ImportRunRow;
import dev.gatehouse.imports.internal.Ledger;
import dev.gatehouse.imports.internal.PreparedUser;
import dev.gatehouse.imports.internal.RunLock;
import dev.gatehouse.jpa.JpaAuthStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run: starts or resumes it at its checkpoint, reads the source in batches and writes each batch
 * in its own transaction together with its checkpoint row, and records how the run ended.
 * Thread-safe.
 */
final class BatchRunner {
  private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

  private final JpaAuthStore store;
  private final Ledger ledger;
  private final BeforeImages images;
  private final GatehouseConfig config;
  private final PasswordHashing hashing;
  private final Clock clock;
  private final String userEntity;

  BatchRunner(
      JpaAuthStore store,
      Ledger ledger,
      BeforeImages images,
      GatehouseConfig config,
      PasswordHashing hashing,
      Clock clock,
      String userEntity) {
    this.store = store;
    this.ledger = ledger;
    this.images = images;
    this.config = config;
    this.hashing = hashing;
    this.clock = clock;
    this.userEntity = userEntity;
  }

  /**
   * See {@link Importer#run(LegacySource, ImportOptions, BatchListener)}; {@code lock} is the
   * source's run lock, checked before each batch commits and before the run's end is recorded.
   */
  RunReport run(LegacySource source, ImportOptions options, BatchListener listener, RunLock lock) {
    Ledger.Start start =
        ledger.startOrResume(
            options.sourceName(),
            new ImportRunRow(
                UUID.randomUUID().toString(),
                options.sourceName(),
                "RUNNING",
                Importer.truncate(options.toString(), 2000),
                clock.instant(),
                null,
                null));
    String runId = start.runId();
    if (start.resumed()) {
      log.info(
          "Resuming import run {} of {} after record {}",
          runId,
          options.sourceName(),
          start.resumeAfter());
    } else {
      log.info(
          "Starting import run {} of {} from {}", runId, options.sourceName(), source.describe());
    }
    long resumeAfter = start.resumeAfter();
    int seq = start.lastSeq();
    String status = "COMPLETED";
    String error = null;
    Decider decider = new Decider(options);
    long writtenThisRun = 0;
    long nextStatisticsAt = Ledger.FIRST_STATISTICS_REFRESH;
    try (LegacySource.RecordStream stream = source.open()) {
      List<LegacyRecord> batch = new ArrayList<>(options.batchSize());
      while (true) {
        batch.clear();
        try {
          while (batch.size() < options.batchSize() && stream.hasNext()) {
            LegacyRecord r = stream.next();
            if (r.position() > resumeAfter) {
              batch.add(r);
            }
          }
        } catch (RuntimeException e) {
          // The source failed: keep what was read before the failure out of the database, so the
          // checkpoint stays exactly at the last committed batch.
          status = "FAILED";
          error = "source failed: " + describe(e);
          log.warn("Import run {} stopped: the source failed ({})", runId, describe(e));
          break;
        }
        if (batch.isEmpty()) {
          break;
        }
        seq++;
        try {
          writeBatch(runId, seq, List.copyOf(batch), options, decider, lock);
        } catch (RuntimeException e) {
          ImportRunLockLostException lost = lockLost(e);
          if (lost != null) {
            // Another run may own the run now: leave it as a killed process would, untouched.
            log.warn("Import run {} stopped: batch {} rolled back, {}", runId, seq, describe(lost));
            throw lost;
          }
          status = "FAILED";
          error = "batch " + seq + " failed: " + describe(e);
          log.warn("Import run {} stopped: batch {} rolled back ({})", runId, seq, describe(e));
          break;
        }
        writtenThisRun += batch.size();
        if (writtenThisRun >= nextStatisticsAt) {
          // PostgreSQL without autovacuum (or before it runs) plans the next batches' mapping
          // lookups from a table it still believes empty: a scan of the whole source that grows
          // with the import (2,000 users/s instead of 3,800 by the millionth). Doubling intervals
          // keep the refreshes few (eight for a million users in batches of 1,000) and cheap (a
          // sample).
          ledger.refreshMappingStatistics();
          nextStatisticsAt = writtenThisRun * 2;
        }
        if (!listener.committed(seq, batch.get(batch.size() - 1).position())) {
          status = "STOPPED";
          break;
        }
      }
    } catch (ImportRunLockLostException e) {
      throw e;
    } catch (RuntimeException e) {
      status = "FAILED";
      error = "source failed: " + describe(e);
    }
    boolean done = "COMPLETED".equals(status);
    lock.verifyHeld(runId);
    ledger.finishRun(runId, status, Importer.truncate(error, 1000), done ? clock.instant() : null);
    Ledger.Totals t = ledger.totals(runId);
    RunReport report =
        new RunReport(
            runId,
            options.sourceName(),
            status,
            resumeAfter,
            t.batches(),
            t.created() + t.updated() + t.skipped() + t.quarantined(),
            t.created(),
            t.updated(),
            t.skipped(),
            t.quarantined(),
            error);
    log.info(
        "Import run {} {}: created {}, updated {}, skipped {}, quarantined {}",
        runId,
        status,
        report.created(),
        report.updated(),
        report.skipped(),
        report.quarantined());
    return report;
  }

  private void writeBatch(
      String runId,
      int seq,
      List<LegacyRecord> records,
      ImportOptions options,
      Decider decider,
      RunLock lock) {
    dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation.run(
        options.observer(),
        dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation.IMPORT_BATCH,
        java.util.Map.of("source", options.sourceName()),
        r -> "success",
        () -> {
          writeBatchObserved(runId, seq, records, options, decider, lock);
          return Boolean.TRUE;
        });
  }

  private void writeBatchObserved(
      String runId,
      int seq,
      List<LegacyRecord> records,
      ImportOptions options,
      Decider decider,
      RunLock lock) {
    // Lookups in the batch must not dirty-check the whole batch each time (that made the import
    // quadratic in the batch size); merges flush themselves before the next lookup. What earlier
    // batches imported is read in a read transaction of its own that begins after they committed.
    ledger.read(
        reader ->
            store.inBulkTransaction(
                tx -> {
                  Instant now = clock.instant();
                  ImportBatchRow batch =
                      new ImportBatchRow(
                          UUID.randomUUID().toString(),
                          runId,
                          seq,
                          records.get(0).position(),
                          records.get(records.size() - 1).position(),
                          0,
                          0,
                          0,
                          0,
                          "COMMITTED",
                          now,
                          null);
                  BatchWriter w =
                      new BatchWriter(
                          tx, reader, config, hashing, images, batch, options, now, userEntity);
                  List<PreparedUser> prepared = new ArrayList<>(records.size());
                  List<PreparedUser> readable = new ArrayList<>(records.size());
                  for (LegacyRecord r : records) {
                    PreparedUser u = w.prepare(r);
                    prepared.add(u);
                    if (u != null) {
                      readable.add(u);
                    }
                  }
                  w.prefetch(readable);
                  for (int i = 0; i < records.size(); i++) {
                    w.write(records.get(i), prepared.get(i), decider);
                  }
                  w.finish();
                  tx.flush();
                  // Last thing before the commit: a run that lost its lock commits nothing more.
                  lock.verifyHeld(runId);
                  return null;
                }));
  }

  /** The lock loss behind a batch's failure (the store wraps what fails in its transaction). */
  private static ImportRunLockLostException lockLost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ImportRunLockLostException lost) {
        return lost;
      }
    }
    return null;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + Importer.truncate(m, 300));
  }
}
