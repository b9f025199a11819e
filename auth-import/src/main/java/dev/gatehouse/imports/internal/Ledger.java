package dev.gatehouse.imports.internal;

import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.jpa.JpaConnections;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The importer's bookkeeping (runs, batches as checkpoints, the legacy-id mapping), read and
 * written by {@link LedgerSql} on the importer's own tables. Each call is its own short transaction
 * of the factory's; {@link #read} holds one open for a batch's lookups. Thread-safe. Internal: not
 * API.
 */
public final class Ledger {
  static final String COMMITTED = "COMMITTED";

  /**
   * Values per {@code in} list: well below every supported database's parameter limit, and a whole
   * batch of the default size, so a batch's lookup of one kind of key is one query (each query may
   * scan a table whose statistics lag behind the import).
   */
  private static final int IN_CHUNK = 1000;

  private static final List<String> UNFINISHED = List.of("RUNNING", "FAILED", "STOPPED");

  /**
   * Records a run writes before its first {@link #refreshMappingStatistics}; then again each time
   * it has written twice as many.
   */
  public static final long FIRST_STATISTICS_REFRESH = 5_000;

  private static final Logger log = LoggerFactory.getLogger(Ledger.class);

  private final EntityManagerFactory emf;

  /**
   * @param emf a factory over the database that holds the import bookkeeping tables
   */
  public Ledger(EntityManagerFactory emf) {
    this.emf = emf;
  }

  /** Where a run starts: a new run, or the unfinished run of the source after its checkpoint. */
  public record Start(String runId, long resumeAfter, int lastSeq, boolean resumed) {}

  /** The committed batches' totals of a run. */
  public record Totals(int batches, long created, long updated, long skipped, long quarantined) {}

  /** Lookups of the legacy-id mapping, inside one read transaction. */
  public static final class Reader {
    private final EntityManager em;
    private final LedgerSql sql;

    private Reader(EntityManager em) {
      this.em = em;
      this.sql = LedgerSql.of(em);
    }

    /** The account a legacy id of a source was imported into (committed batches only). */
    public Optional<String> mappedUser(String source, String legacyId) {
      return sql.mappedUser(source, legacyId);
    }

    /**
     * Whether the issue log already has a row for this record, outcome and reason: the record is
     * known by its legacy id, or by its line when it has none (an unreadable row).
     */
    public boolean hasIssue(
        String source, String legacyId, long line, String outcome, String reason) {
      return sql.hasIssue(source, legacyId, line, outcome, reason);
    }

    /**
     * The accounts the given legacy ids of a source were imported into (committed batches only),
     * with one query per {@value #IN_CHUNK} ids; ids not imported are absent from the map.
     */
    public Map<String, String> mappedUsers(String source, Collection<String> legacyIds) {
      Map<String, String> found = new HashMap<>();
      for (List<String> chunk : chunks(legacyIds)) {
        // One mapping per (source, legacy id): the table's unique key.
        found.putAll(sql.mappedUsers(source, chunk));
      }
      return found;
    }

    /**
     * The accounts of the host's user entity whose {@code attribute} (an attribute of {@code
     * AuthUserBase}: {@code emailNormalized}, {@code phone}, {@code usernameNormalized}) is one of
     * {@code values}, with one query per {@value #IN_CHUNK} values: through the entity mapping, so
     * renamed columns and the host's key type need nothing.
     *
     * @param userEntity the user entity's name
     * @return per account: public id, canonical email, phone, canonical username, verified, whether
     *     it has a password, last login, creation time
     */
    public List<UserKeys> users(String userEntity, String attribute, Collection<String> values) {
      List<UserKeys> found = new ArrayList<>();
      for (List<String> chunk : chunks(values)) {
        List<Object[]> rows =
            em.createQuery(
                    "select u.publicId, u.emailNormalized, u.phone, u.usernameNormalized,"
                        + " u.verified, case when u.passwordHash is null then false else true end,"
                        + " u.lastLoginAt, u.createdAt from "
                        + userEntity
                        + " u where u."
                        + attribute
                        + " in :v",
                    Object[].class)
                .setParameter("v", chunk)
                .getResultList();
        for (Object[] r : rows) {
          found.add(
              new UserKeys(
                  String.valueOf(r[0]),
                  (String) r[1],
                  (String) r[2],
                  (String) r[3],
                  (Boolean) r[4],
                  (Boolean) r[5],
                  (Instant) r[6],
                  (Instant) r[7]));
        }
      }
      return found;
    }

    /** The smallest legacy id of a source that was imported into an account. */
    public Optional<String> legacyIdOf(String source, String publicId) {
      return sql.smallestLegacyId(source, publicId);
    }
  }

  /**
   * An account's identifiers and what a merge decision needs of it.
   *
   * @param publicId its public id
   * @param emailCanonical its canonical email, or null
   * @param phone its phone, or null
   * @param usernameCanonical its canonical username, or null
   * @param verified whether it is verified
   * @param hasPassword whether it has a password hash
   * @param lastLoginAt its last login, or null
   * @param createdAt when it was created
   */
  public record UserKeys(
      String publicId,
      String emailCanonical,
      String phone,
      String usernameCanonical,
      boolean verified,
      boolean hasPassword,
      Instant lastLoginAt,
      Instant createdAt) {

    /** {@return the public id only: identifiers are personal data} */
    @Override
    public String toString() {
      return "UserKeys[" + publicId + "]";
    }
  }

  private static List<List<String>> chunks(Collection<String> values) {
    List<String> all = new ArrayList<>(values);
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
    }
    return out;
  }

  /**
   * Runs {@code work} with a reader whose transaction sees every batch committed before the call (a
   * new snapshot per call, also under MariaDB's repeatable read).
   */
  public <T> T read(Function<Reader, T> work) {
    return inTransaction(
        "cannot read the import mapping",
        em -> {
          // The reader's lookups bind hundreds of legacy ids in one IN list; a cached generic plan
          // of PostgreSQL's scanned the whole mapping table for each (seen: 120 ms per 500 ids at
          // 10,000 rows, growing with the table).
          dev.gatehouse.jpa.GatehouseJpa.preferCustomPlans(em);
          return work.apply(new Reader(em));
        });
  }

  /**
   * On PostgreSQL, refreshes the planner's statistics of the mapping table ({@code ANALYZE}, in a
   * short transaction of its own, after a batch committed). The table is the import's own and grows
   * from empty during a run; without statistics the planner keeps reading its {@code (source,
   * legacy id)} index as if the table were small, and each batch's lookup scans every mapping of
   * the source. Autovacuum would analyse it too, but it may be off or late. Only this table: the
   * host's tables are the host's to analyse. A refusal (not the table's owner) or failure is logged
   * and ignored: statistics are an optimisation. No-op on other databases (InnoDB recalculates its
   * persistent statistics itself after 10% of a table changed).
   */
  public void refreshMappingStatistics() {
    try {
      inTransaction(
          "cannot analyse the import mapping",
          em -> {
            String table = LedgerSql.MAPPING_TABLE;
            JpaConnections.onConnection(
                em,
                connection -> {
                  if ("PostgreSQL"
                      .equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())) {
                    try (Statement analyze = connection.createStatement()) {
                      // Never wait long behind another ANALYZE, a vacuum or DDL on the table.
                      analyze.execute("set local lock_timeout = '5s'");
                      analyze.execute("analyze " + table);
                      // A user who does not own the table gets a warning, not an error.
                      if (analyze.getWarnings() != null) {
                        log.warn(
                            "Import mapping statistics not refreshed: {}",
                            analyze.getWarnings().getMessage());
                      }
                    }
                  }
                  return null;
                });
            return null;
          });
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.warn(
          "Import mapping statistics not refreshed ({}: {}); lookups may slow down as it grows",
          cause.getClass().getSimpleName(),
          cause.getMessage());
    }
  }

  /**
   * Resumes the newest unfinished run of {@code source} after its last committed batch (marking it
   * running again), or records {@code fresh} as a new run.
   */
  public Start startOrResume(String source, ImportRunRow fresh) {
    return inTransaction(
        "cannot read the import bookkeeping tables",
        em -> {
          LedgerSql sql = LedgerSql.of(em);
          Optional<ImportRunRow> unfinished = sql.newestRun(source, UNFINISHED);
          if (unfinished.isEmpty()) {
            sql.insertRun(fresh);
            return new Start(fresh.id(), 0, 0, false);
          }
          String run = unfinished.get().id();
          long last = sql.lastCommittedPosition(run);
          int seq = sql.lastSeq(run);
          sql.updateRun(run, "RUNNING", null, null);
          return new Start(run, last, seq, true);
        });
  }

  /** A run and its batches, in the order they were written. */
  public record RunWithBatches(ImportRunRow run, List<ImportBatchRow> batches) {}

  /**
   * The runs of {@code source} (every source when null), newest first, each with its batches: two
   * queries however many runs there are.
   */
  public List<RunWithBatches> runs(String source) {
    return inTransaction(
        "cannot read the import runs",
        em -> {
          LedgerSql sql = LedgerSql.of(em);
          List<ImportRunRow> runs = sql.runs(source);
          Map<String, List<ImportBatchRow>> batches = new HashMap<>();
          if (!runs.isEmpty()) {
            for (ImportBatchRow b : sql.batchesOfRuns(source)) {
              batches.computeIfAbsent(b.runId(), k -> new ArrayList<>()).add(b);
            }
          }
          List<RunWithBatches> out = new ArrayList<>();
          for (ImportRunRow r : runs) {
            out.add(new RunWithBatches(r, batches.getOrDefault(r.id(), List.of())));
          }
          return out;
        });
  }

  /** The sources with mappings, in order. */
  public List<String> mappedSources() {
    return inTransaction("cannot read the import mapping", em -> LedgerSql.of(em).mappedSources());
  }

  /** Receives one mapping of a legacy id. */
  @FunctionalInterface
  public interface MappingVisitor {
    /**
     * @param legacyId the legacy id
     * @param userPublicId the account it became
     * @param action {@code CREATED} or {@code MERGED}
     * @throws IOException when the visitor cannot take it; the walk stops
     */
    void visit(String legacyId, String userPublicId, String action) throws IOException;
  }

  /**
   * Walks the mappings of a source by legacy id, in one read transaction, without holding them in
   * memory.
   *
   * @throws IOException what the visitor threw
   */
  public void eachMapping(String source, MappingVisitor visitor) throws IOException {
    try {
      inTransaction(
          "cannot read the import mapping",
          em -> {
            LedgerSql.of(em)
                .eachMapping(
                    source,
                    row -> {
                      try {
                        visitor.visit(row.getString(1), row.getString(2), row.getString(3));
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                      return null;
                    });
            return null;
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Records how a run ended; {@code finishedAt} is null while it can still be resumed. */
  public void finishRun(String runId, String status, String error, Instant finishedAt) {
    inTransaction(
        "cannot record the end of import run " + runId,
        em -> LedgerSql.of(em).updateRun(runId, status, error, finishedAt));
  }

  /** The totals over a run's committed batches. */
  public Totals totals(String runId) {
    return inTransaction("cannot read import run " + runId, em -> LedgerSql.of(em).totals(runId));
  }

  /**
   * Runs {@code work} in its own transaction. A failure of the database becomes an {@link
   * ImportSourceException} with {@code failure} as its message; any other exception (a refused
   * rollback) passes unchanged. Either way the transaction is rolled back.
   */
  <T> T inTransaction(String failure, Function<EntityManager, T> work) {
    EntityManager em = emf.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      T result = work.apply(em);
      tx.commit();
      return result;
    } catch (RuntimeException e) {
      if (tx.isActive()) {
        try {
          tx.rollback();
        } catch (RuntimeException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
      }
      if (e instanceof PersistenceException) {
        throw new ImportSourceException(failure, e);
      }
      throw e;
    } finally {
      em.close();
    }
  }
}
