package dev.gatehouse.imports.internal;

import dev.gatehouse.imports.api.ImportSourceException;
import dev.gatehouse.jpa.JpaConnections;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Table;
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
 * The importer's bookkeeping (runs, batches as checkpoints, the legacy-id mapping) read and written
 * through JPA, over the library-owned entities of {@code GatehouseImports.entityClasses()}: no SQL
 * here names a table or a column. Each call is its own short transaction; {@link #read} holds one
 * open for a batch's lookups. Thread-safe. Internal: not API.
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
   * @param emf a factory whose unit holds the import bookkeeping entities
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

    private Reader(EntityManager em) {
      this.em = em;
    }

    /** The account a legacy id of a source was imported into (committed batches only). */
    public Optional<String> mappedUser(String source, String legacyId) {
      return em.createQuery(
              "select m.userPublicId from GatehouseImportMapping m"
                  + " where m.sourceName = :s and m.legacyId = :l",
              String.class)
          .setParameter("s", source)
          .setParameter("l", legacyId)
          .getResultStream()
          .findFirst();
    }

    /**
     * Whether the issue log already has a row for this record, outcome and reason: the record is
     * known by its legacy id, or by its line when it has none (an unreadable row).
     */
    public boolean hasIssue(
        String source, String legacyId, long line, String outcome, String reason) {
      return !em.createQuery(
              "select i.id from GatehouseImportIssue i where i.sourceName = :s"
                  + (legacyId == null
                      ? " and i.legacyId is null and i.sourceLine = :n"
                      : " and i.legacyId = :l")
                  + " and i.outcome = :o and i.reason = :r",
              String.class)
          .setParameter("s", source)
          .setParameter(legacyId == null ? "n" : "l", legacyId == null ? line : legacyId)
          .setParameter("o", outcome)
          .setParameter("r", reason)
          .setMaxResults(1)
          .getResultList()
          .isEmpty();
    }

    /**
     * The accounts the given legacy ids of a source were imported into (committed batches only),
     * with one query per {@value #IN_CHUNK} ids; ids not imported are absent from the map.
     */
    public Map<String, String> mappedUsers(String source, Collection<String> legacyIds) {
      Map<String, String> found = new HashMap<>();
      for (List<String> chunk : chunks(legacyIds)) {
        List<Object[]> rows =
            em.createQuery(
                    "select m.legacyId, m.userPublicId from GatehouseImportMapping m"
                        + " where m.sourceName = :s and m.legacyId in :l",
                    Object[].class)
                .setParameter("s", source)
                .setParameter("l", chunk)
                .getResultList();
        for (Object[] r : rows) {
          found.putIfAbsent((String) r[0], (String) r[1]);
        }
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
      return Optional.ofNullable(
          em.createQuery(
                  "select min(m.legacyId) from GatehouseImportMapping m"
                      + " where m.sourceName = :s and m.userPublicId = :p",
                  String.class)
              .setParameter("s", source)
              .setParameter("p", publicId)
              .getSingleResult());
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
            // The importer's own table, named by its mapping alone (no naming strategy applies
            // to an explicit @Table name).
            String table = ImportMappingRow.class.getAnnotation(Table.class).name();
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
          Optional<ImportRunRow> unfinished =
              em.createQuery(
                      "select r from GatehouseImportRun r"
                          + " where r.sourceName = :s and r.status in :st order by r.startedAt desc",
                      ImportRunRow.class)
                  .setParameter("s", source)
                  .setParameter("st", UNFINISHED)
                  .setMaxResults(1)
                  .getResultStream()
                  .findFirst();
          if (unfinished.isEmpty()) {
            em.persist(fresh);
            return new Start(fresh.id(), 0, 0, false);
          }
          ImportRunRow run = unfinished.get();
          Long last =
              em.createQuery(
                      "select max(b.lastPosition) from GatehouseImportBatch b"
                          + " where b.runId = :r and b.status = :c",
                      Long.class)
                  .setParameter("r", run.id())
                  .setParameter("c", COMMITTED)
                  .getSingleResult();
          Integer seq =
              em.createQuery(
                      "select max(b.seq) from GatehouseImportBatch b where b.runId = :r",
                      Integer.class)
                  .setParameter("r", run.id())
                  .getSingleResult();
          run.setStatus("RUNNING");
          run.setError(null);
          run.setFinishedAt(null);
          return new Start(run.id(), last == null ? 0 : last, seq == null ? 0 : seq, true);
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
          var runQuery =
              em.createQuery(
                  "select r from GatehouseImportRun r"
                      + (source == null ? "" : " where r.sourceName = :s")
                      + " order by r.startedAt desc, r.id",
                  ImportRunRow.class);
          if (source != null) {
            runQuery.setParameter("s", source);
          }
          List<ImportRunRow> runs = runQuery.getResultList();
          Map<String, List<ImportBatchRow>> batches = new HashMap<>();
          if (!runs.isEmpty()) {
            var batchQuery =
                em.createQuery(
                    "select b from GatehouseImportBatch b"
                        + (source == null
                            ? ""
                            : " where b.runId in (select r.id from GatehouseImportRun r"
                                + " where r.sourceName = :s)")
                        + " order by b.runId, b.seq",
                    ImportBatchRow.class);
            if (source != null) {
              batchQuery.setParameter("s", source);
            }
            for (ImportBatchRow b : batchQuery.getResultList()) {
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

  /** Records how a run ended; {@code finishedAt} is null while it can still be resumed. */
  public void finishRun(String runId, String status, String error, Instant finishedAt) {
    inTransaction(
        "cannot record the end of import run " + runId,
        em -> {
          ImportRunRow run = em.find(ImportRunRow.class, runId);
          run.setStatus(status);
          run.setError(error);
          run.setFinishedAt(finishedAt);
          return null;
        });
  }

  /** The totals over a run's committed batches. */
  public Totals totals(String runId) {
    return inTransaction(
        "cannot read import run " + runId,
        em -> {
          Object[] r =
              em.createQuery(
                      "select count(b), coalesce(sum(b.createdCount), 0),"
                          + " coalesce(sum(b.updatedCount), 0), coalesce(sum(b.skippedCount), 0),"
                          + " coalesce(sum(b.quarantinedCount), 0) from GatehouseImportBatch b"
                          + " where b.runId = :r and b.status = :c",
                      Object[].class)
                  .setParameter("r", runId)
                  .setParameter("c", COMMITTED)
                  .getSingleResult();
          return new Totals(
              ((Number) r[0]).intValue(),
              ((Number) r[1]).longValue(),
              ((Number) r[2]).longValue(),
              ((Number) r[3]).longValue(),
              ((Number) r[4]).longValue());
        });
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
