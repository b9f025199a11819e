package dev.gatehouse.imports.internal;

import dev.gatehouse.jpa.JpaAuthStore.BulkTransaction;
import dev.gatehouse.jpa.SqlDialect;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The importer's bookkeeping tables ({@code gh_import_run}, {@code gh_import_batch}, {@code
 * gh_import_mapping}, {@code gh_import_change}, {@code gh_import_issue}, {@code gh_import_lock}) in
 * plain SQL, one method per statement. They are the importer's own tables, not JPA entities: every
 * statement runs on the connection of the transaction in force (the ledger's own, or the batch's
 * store transaction) through {@code auth-jpa}'s public seams ({@link LedgerJdbc}), so it commits
 * and rolls back with that transaction. Instants are bound as {@link SqlDialect} binds them. One
 * instance per transaction; not thread-safe. Internal: not API.
 */
public final class LedgerSql {
  /** The mapping table, whose planner statistics the ledger refreshes. */
  static final String MAPPING_TABLE = "gh_import_mapping";

  private static final String RUN_COLUMNS =
      "id, source_name, status, options, started_at, finished_at, error";
  private static final String BATCH_COLUMNS =
      "id, run_id, seq, first_position, last_position, created_count, updated_count,"
          + " skipped_count, quarantined_count, status, committed_at, rolled_back_at";

  private final LedgerJdbc jdbc;
  private final SqlDialect dialect;

  private LedgerSql(LedgerJdbc jdbc) {
    this.jdbc = jdbc;
    this.dialect = jdbc.dialect();
  }

  /** The ledger in {@code em}'s current transaction. */
  static LedgerSql of(EntityManager em) {
    return new LedgerSql(LedgerJdbc.of(em));
  }

  /** The ledger in a batch's store transaction. */
  public static LedgerSql of(BulkTransaction tx) {
    return new LedgerSql(LedgerJdbc.of(tx));
  }

  // ---- runs ------------------------------------------------------------------------------------

  void insertRun(ImportRunRow r) {
    jdbc.update(
        "insert into gh_import_run (" + RUN_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)",
        r.id(),
        r.sourceName(),
        r.status(),
        r.options(),
        r.startedAt(),
        r.finishedAt(),
        r.error());
  }

  Optional<ImportRunRow> run(String id) {
    return jdbc.first("select " + RUN_COLUMNS + " from gh_import_run where id = ?", this::run, id);
  }

  /** The newest run of a source with one of {@code statuses}. */
  Optional<ImportRunRow> newestRun(String source, List<String> statuses) {
    List<Object> values = new ArrayList<>();
    values.add(source);
    values.addAll(statuses);
    return jdbc.first(
        dialect.limit(
            "select "
                + RUN_COLUMNS
                + " from gh_import_run where source_name = ? and status in ("
                + LedgerJdbc.marks(statuses.size())
                + ") order by started_at desc",
            1),
        this::run,
        values.toArray());
  }

  /** The runs of a source (every source when null), newest first. */
  List<ImportRunRow> runs(String source) {
    String sql = "select " + RUN_COLUMNS + " from gh_import_run";
    String order = " order by started_at desc, id";
    return source == null
        ? jdbc.list(sql + order, this::run)
        : jdbc.list(sql + " where source_name = ?" + order, this::run, source);
  }

  /** Records a run's status, error and end; answers whether the run exists. */
  boolean updateRun(String id, String status, String error, Instant finishedAt) {
    return jdbc.update(
            "update gh_import_run set status = ?, error = ?, finished_at = ? where id = ?",
            status,
            error,
            finishedAt,
            id)
        == 1;
  }

  private ImportRunRow run(ResultSet r) throws SQLException {
    return new ImportRunRow(
        r.getString(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        dialect.readInstant(r, 5),
        dialect.readInstant(r, 6),
        r.getString(7));
  }

  // ---- batches ---------------------------------------------------------------------------------

  Optional<ImportBatchRow> batch(String id) {
    return jdbc.first(
        "select " + BATCH_COLUMNS + " from gh_import_batch where id = ?", this::batch, id);
  }

  /** The batches of a source's runs (every source's when null), by run and sequence. */
  List<ImportBatchRow> batchesOfRuns(String source) {
    String sql = "select " + BATCH_COLUMNS + " from gh_import_batch";
    String order = " order by run_id, seq";
    return source == null
        ? jdbc.list(sql + order, this::batch)
        : jdbc.list(
            sql + " where run_id in (select id from gh_import_run where source_name = ?)" + order,
            this::batch,
            source);
  }

  /** The source position of a run's last committed record, 0 when none. */
  long lastCommittedPosition(String runId) {
    return jdbc.number(
        "select max(last_position) from gh_import_batch where run_id = ? and status = ?",
        runId,
        Ledger.COMMITTED);
  }

  /** The sequence number of a run's last batch, 0 when none. */
  int lastSeq(String runId) {
    return (int) jdbc.number("select max(seq) from gh_import_batch where run_id = ?", runId);
  }

  /** The totals over a run's committed batches. */
  Ledger.Totals totals(String runId) {
    return jdbc.first(
            "select count(*), coalesce(sum(created_count), 0), coalesce(sum(updated_count), 0),"
                + " coalesce(sum(skipped_count), 0), coalesce(sum(quarantined_count), 0)"
                + " from gh_import_batch where run_id = ? and status = ?",
            r ->
                new Ledger.Totals(
                    r.getInt(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)),
            runId,
            Ledger.COMMITTED)
        .orElseThrow();
  }

  /** A run's committed batches, newest first. */
  List<String> committedBatchesNewestFirst(String runId) {
    return jdbc.list(
        "select id from gh_import_batch where run_id = ? and status = ? order by seq desc",
        r -> r.getString(1),
        runId,
        Ledger.COMMITTED);
  }

  /** How many committed batches of a run come after {@code seq}. */
  long committedBatchesAfter(String runId, int seq) {
    return jdbc.number(
        "select count(*) from gh_import_batch where run_id = ? and seq > ? and status = ?",
        runId,
        seq,
        Ledger.COMMITTED);
  }

  void markBatchRolledBack(String id, Instant at) {
    jdbc.update(
        "update gh_import_batch set status = 'ROLLED_BACK', rolled_back_at = ? where id = ?",
        at,
        id);
  }

  private ImportBatchRow batch(ResultSet r) throws SQLException {
    return new ImportBatchRow(
        r.getString(1),
        r.getString(2),
        r.getInt(3),
        r.getLong(4),
        r.getLong(5),
        r.getInt(6),
        r.getInt(7),
        r.getInt(8),
        r.getInt(9),
        r.getString(10),
        dialect.readInstant(r, 11),
        dialect.readInstant(r, 12));
  }

  /** The mapping table's column types on PostgreSQL, for its insert of arrays. */
  private static final String[] MAPPING_TYPES = {
    "varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "timestamptz"
  };

  /**
   * Writes a batch's row and then its ledger rows (mappings, changes, issues), in JDBC batches of
   * {@value LedgerJdbc#BATCH} rows; on PostgreSQL the mappings, a row per imported record, as
   * arrays, {@value LedgerJdbc#BATCH} rows a statement.
   */
  public void insertBatch(
      ImportBatchRow b,
      List<ImportMappingRow> mappings,
      List<ImportChangeRow> changes,
      List<ImportIssueRow> issues) {
    jdbc.insertAll(
        "insert into gh_import_batch (" + BATCH_COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?,?,?)",
        List.of(b),
        x ->
            new Object[] {
              x.id(),
              x.runId(),
              x.seq(),
              x.firstPosition(),
              x.lastPosition(),
              x.createdCount(),
              x.updatedCount(),
              x.skippedCount(),
              x.quarantinedCount(),
              x.status(),
              x.committedAt(),
              x.rolledBackAt()
            });
    jdbc.insertAll(
        "insert into gh_import_mapping (id, source_name, legacy_id, user_public_id, action,"
            + " batch_id, created_at) values (?, ?, ?, ?, ?, ?, ?)",
        MAPPING_TYPES,
        mappings,
        m ->
            new Object[] {
              m.id(),
              m.sourceName(),
              m.legacyId(),
              m.userPublicId(),
              m.action(),
              m.batchId(),
              m.createdAt()
            });
    jdbc.insertAll(
        "insert into gh_import_change (id, batch_id, seq, kind, user_public_id, row_id,"
            + " before_image) values (?, ?, ?, ?, ?, ?, ?)",
        changes,
        c ->
            new Object[] {
              c.id(), c.batchId(), c.seq(), c.kind(), c.userPublicId(), c.rowId(), c.beforeImage()
            });
    jdbc.insertAll(
        "insert into gh_import_issue (id, run_id, batch_id, source_name, legacy_id, source_line,"
            + " outcome, reason, detail, existing_user_public_id, existing_legacy_id, created_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        issues,
        i ->
            new Object[] {
              i.id(),
              i.runId(),
              i.batchId(),
              i.sourceName(),
              i.legacyId(),
              i.sourceLine(),
              i.outcome(),
              i.reason(),
              i.detail(),
              i.existingUserPublicId(),
              i.existingLegacyId(),
              i.createdAt()
            });
  }

  // ---- mappings and issues ---------------------------------------------------------------------

  /** The account a legacy id of a source was imported into. */
  Optional<String> mappedUser(String source, String legacyId) {
    return jdbc.first(
        "select user_public_id from gh_import_mapping where source_name = ? and legacy_id = ?",
        r -> r.getString(1),
        source,
        legacyId);
  }

  /** The accounts some legacy ids of a source were imported into, by legacy id. */
  Map<String, String> mappedUsers(String source, Collection<String> legacyIds) {
    Map<String, String> found = new HashMap<>();
    if (legacyIds.isEmpty()) {
      return found;
    }
    List<Object> values = new ArrayList<>(legacyIds.size() + 1);
    values.add(source);
    values.addAll(legacyIds);
    for (String[] pair :
        jdbc.list(
            "select legacy_id, user_public_id from gh_import_mapping where source_name = ?"
                + " and legacy_id in ("
                + LedgerJdbc.marks(legacyIds.size())
                + ")",
            r -> new String[] {r.getString(1), r.getString(2)},
            values.toArray())) {
      found.put(pair[0], pair[1]);
    }
    return found;
  }

  /** The smallest legacy id of a source that was imported into an account. */
  Optional<String> smallestLegacyId(String source, String publicId) {
    return jdbc.first(
        "select min(legacy_id) from gh_import_mapping where source_name = ?"
            + " and user_public_id = ?",
        r -> r.getString(1),
        source,
        publicId);
  }

  /** The sources with mappings, in order. */
  List<String> mappedSources() {
    return jdbc.list(
        "select distinct source_name from gh_import_mapping order by source_name",
        r -> r.getString(1));
  }

  /** Each mapping of a source by legacy id: legacy id, account, action; streamed. */
  void eachMapping(String source, LedgerJdbc.Row<Void> visitor) {
    jdbc.run(
        c -> {
          try (PreparedStatement s =
              jdbc.prepare(
                  c,
                  "select legacy_id, user_public_id, action from gh_import_mapping"
                      + " where source_name = ? order by legacy_id",
                  source)) {
            s.setFetchSize(LedgerJdbc.BATCH);
            try (ResultSet rows = s.executeQuery()) {
              while (rows.next()) {
                visitor.read(rows);
              }
            }
          }
          return null;
        });
  }

  /**
   * Whether the issue log has a row for this record (by legacy id, else by line), outcome, reason.
   */
  boolean hasIssue(String source, String legacyId, long line, String outcome, String reason) {
    return jdbc.first(
            dialect.limit(
                "select id from gh_import_issue where source_name = ?"
                    + (legacyId == null
                        ? " and legacy_id is null and source_line = ?"
                        : " and legacy_id = ?")
                    + " and outcome = ? and reason = ?",
                1),
            r -> r.getString(1),
            source,
            legacyId == null ? (Object) line : legacyId,
            outcome,
            reason)
        .isPresent();
  }

  // ---- what a rollback reads and removes -------------------------------------------------------

  /** A batch's change rows, newest first. */
  List<ImportChangeRow> changesNewestFirst(String batchId) {
    return jdbc.list(
        "select id, batch_id, seq, kind, user_public_id, row_id, before_image"
            + " from gh_import_change where batch_id = ? order by seq desc",
        r -> {
          long rowId = r.getLong(6);
          return new ImportChangeRow(
              r.getString(1),
              r.getString(2),
              r.getInt(3),
              r.getString(4),
              r.getString(5),
              r.wasNull() ? null : rowId,
              r.getString(7));
        },
        batchId);
  }

  /** The accounts a batch created, by its {@code CREATED} mappings, newest row id first. */
  List<String> createdBy(String batchId) {
    return jdbc.list(
        "select user_public_id from gh_import_mapping where batch_id = ? and action = 'CREATED'"
            + " order by id desc",
        r -> r.getString(1),
        batchId);
  }

  void deleteMappings(String batchId) {
    jdbc.update("delete from gh_import_mapping where batch_id = ?", batchId);
  }

  /**
   * The accounts a scope's committed batches created, from their mapping rows (action {@code
   * CREATED}); the scope is a run's batches ({@code batchId} null) or one batch. Every build has
   * written this mapping for a creation; earlier builds also wrote a {@code USER_CREATED} change
   * row beside it, which a creation no longer writes (one ledger row per created account, not two).
   */
  List<String> createdByScope(String runId, String batchId) {
    return jdbc.list(
        "select m.user_public_id from gh_import_mapping m, gh_import_batch b"
            + " where m.batch_id = b.id and m.action = 'CREATED' and "
            + scope(batchId),
        r -> r.getString(1),
        Ledger.COMMITTED,
        batchId == null ? runId : batchId);
  }

  /** The accounts a scope's committed batches changed, each with its batch's commit time. */
  List<Map.Entry<String, Instant>> changedByScope(String runId, String batchId) {
    return jdbc.list(
        "select c.user_public_id, b.committed_at from gh_import_change c, gh_import_batch b"
            + " where c.batch_id = b.id and c.kind = 'USER_UPDATED' and "
            + scope(batchId),
        r -> Map.entry(r.getString(1), dialect.readInstant(r, 2)),
        Ledger.COMMITTED,
        batchId == null ? runId : batchId);
  }

  /**
   * Other runs whose committed batches mapped a legacy id to an account the scope created, or
   * changed, after the scope, an account the scope changed.
   */
  List<String> dependentRuns(String runId, String batchId) {
    String key = batchId == null ? runId : batchId;
    List<String> runs = new ArrayList<>();
    runs.addAll(
        jdbc.list(
            "select distinct b2.run_id from gh_import_mapping m, gh_import_batch b2"
                + " where m.batch_id = b2.id and b2.status = ? and b2.run_id <> ?"
                + " and m.user_public_id in (select mc.user_public_id from gh_import_mapping mc,"
                + " gh_import_batch b where mc.batch_id = b.id and mc.action = 'CREATED' and "
                + scope(batchId)
                + ")",
            r -> r.getString(1),
            Ledger.COMMITTED,
            runId,
            Ledger.COMMITTED,
            key));
    runs.addAll(
        jdbc.list(
            "select distinct b2.run_id from gh_import_change c2, gh_import_batch b2,"
                + " gh_import_change c, gh_import_batch b"
                + " where c2.batch_id = b2.id and b2.status = ? and b2.run_id <> ?"
                + " and c.batch_id = b.id and c.kind = 'USER_UPDATED'"
                + " and c2.user_public_id = c.user_public_id and b2.committed_at > b.committed_at"
                + " and "
                + scope(batchId),
            r -> r.getString(1),
            Ledger.COMMITTED,
            runId,
            Ledger.COMMITTED,
            key));
    return runs;
  }

  /** The condition on the batch alias {@code b} selecting a scope's committed batches. */
  private static String scope(String batchId) {
    return "b.status = ? and " + (batchId == null ? "b.run_id = ?" : "b.id = ?");
  }

  // ---- the run lock ----------------------------------------------------------------------------

  /** Whether the source has a lock row. */
  boolean hasLockRow(String source) {
    return jdbc.first(
            "select source_name from gh_import_lock where source_name = ?",
            r -> r.getString(1),
            source)
        .isPresent();
  }

  void insertLockRow(String source, Instant at) {
    jdbc.update("insert into gh_import_lock (source_name, created_at) values (?, ?)", source, at);
  }

  /** Locks the source's lock row without waiting: fails at once when another holds it. */
  void lockNoWait(String source) {
    jdbc.first(
        dialect.lockNoWait("select source_name from gh_import_lock where source_name = ?"),
        r -> r.getString(1),
        source);
  }
}
