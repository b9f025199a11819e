package dev.gatehouse.imports.internal;

import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.imports.api.RollbackOptions;
import dev.gatehouse.imports.api.RollbackOptions.RollbackRefusedException;
import dev.gatehouse.imports.api.RollbackOptions.RollbackReport;
import dev.gatehouse.jpa.AccountSessions;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.Metamodel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes batches through JPA, one transaction per batch: the accounts a batch created are deleted
 * with their profiles and devices, the accounts it changed get their before-images back through the
 * entity. Every statement goes through the host's entity mapping (its table and column names, its
 * key type), never through column names written here. Thread-safe. Internal: not API.
 */
public final class Rollbacks {
  private static final Logger log = LoggerFactory.getLogger(Rollbacks.class);

  private final EntityManagerFactory emf;
  private final Ledger ledger;
  private final BeforeImages images;
  private final Clock clock;
  private final Class<?> deviceClass;
  private final String user;
  private final String profile;
  private final String device;

  /**
   * @param emf the factory over the host's entities and the import bookkeeping entities
   * @param entities the host's entity classes
   * @param ledger the bookkeeping over the same factory
   * @param images the before-images of the host's user entity
   * @param clock the clock for the rollback timestamps
   */
  public Rollbacks(
      EntityManagerFactory emf,
      EntityClasses entities,
      Ledger ledger,
      BeforeImages images,
      Clock clock) {
    Metamodel mm = emf.getMetamodel();
    this.emf = emf;
    this.ledger = ledger;
    this.images = images;
    this.clock = clock;
    this.deviceClass = entities.device();
    this.user = mm.entity(entities.user()).getName();
    this.profile = mm.entity(entities.profile()).getName();
    this.device = mm.entity(entities.device()).getName();
  }

  /**
   * Rolls back every committed batch of a run, newest first, and marks the run rolled back; with
   * {@link RollbackOptions#withDependents()} the dependent runs go first. Refuses, changing
   * nothing, when dependents or used accounts are not allowed by the options.
   */
  public RollbackReport rollbackRun(String runId, RollbackOptions options) {
    String source =
        ledger.inTransaction(
            "cannot read import run " + runId,
            em ->
                LedgerSql.of(em)
                    .run(runId)
                    .orElseThrow(() -> new IllegalStateException("no import run " + runId))
                    .sourceName());
    try (Locks locks = new Locks()) {
      locks.take(source);
      List<String> order =
          ledger.inTransaction(
              "cannot read import run " + runId, em -> checked(em, Scope.run(runId), options));
      locks.takeSourcesOf(order);
      RollbackReport total = new RollbackReport(0, 0, 0, 0);
      for (String run : order) {
        total = total.plus(undoRun(run, options.force()));
      }
      return total;
    }
  }

  /**
   * Rolls back one batch, which must be the newest committed batch of its run; with {@link
   * RollbackOptions#withDependents()} the dependent runs go first.
   */
  public RollbackReport rollbackBatch(String batchId, RollbackOptions options) {
    String source =
        ledger.inTransaction(
            "cannot read import batch " + batchId,
            em -> {
              LedgerSql sql = LedgerSql.of(em);
              ImportBatchRow batch =
                  sql.batch(batchId)
                      .orElseThrow(() -> new IllegalStateException("no import batch " + batchId));
              return sql.run(batch.runId()).orElseThrow().sourceName();
            });
    try (Locks locks = new Locks()) {
      locks.take(source);
      List<String> dependents =
          ledger.inTransaction(
              "cannot read import batch " + batchId,
              em -> {
                LedgerSql sql = LedgerSql.of(em);
                ImportBatchRow batch = sql.batch(batchId).orElseThrow();
                List<String> order = checked(em, Scope.batch(batchId, batch.runId()), options);
                return order.subList(0, order.size() - 1);
              });
      locks.takeSourcesOf(dependents);
      RollbackReport total = new RollbackReport(0, 0, 0, 0);
      for (String run : dependents) {
        total = total.plus(undoRun(run, options.force()));
      }
      RollbackReport r =
          ledger.inTransaction(
              "rollback of import batch " + batchId + " failed",
              em -> rollbackBatch(em, batchId, options.force()));
      log.info("Rolled back import batch {}: {}", batchId, r);
      return total.plus(r);
    }
  }

  /**
   * The run locks a rollback holds, one per source whose runs it undoes: a rollback does not undo a
   * run while it is committing batches, and a run of those sources does not start meanwhile.
   */
  private final class Locks implements AutoCloseable {
    private final Map<String, RunLock> held = new LinkedHashMap<>();

    /**
     * @throws dev.gatehouse.imports.api.ImportRunInProgressException when a run of it is going on
     */
    void take(String source) {
      if (!held.containsKey(source)) {
        held.put(source, RunLock.acquire(emf, source, clock));
      }
    }

    void takeSourcesOf(List<String> runs) {
      List<String> sources =
          ledger.inTransaction(
              "cannot read import runs",
              em -> {
                LedgerSql sql = LedgerSql.of(em);
                Set<String> names = new TreeSet<>();
                for (String run : runs) {
                  names.add(sql.run(run).orElseThrow().sourceName());
                }
                return List.copyOf(names);
              });
      sources.forEach(this::take);
    }

    @Override
    public void close() {
      held.values().forEach(RunLock::close);
    }
  }

  private RollbackReport undoRun(String runId, boolean force) {
    List<String> batches =
        ledger.inTransaction(
            "cannot read import run " + runId,
            em -> LedgerSql.of(em).committedBatchesNewestFirst(runId));
    RollbackReport total = new RollbackReport(0, 0, 0, 0);
    for (String b : batches) {
      RollbackReport r =
          ledger.inTransaction(
              "rollback of import batch " + b + " failed", em -> rollbackBatch(em, b, force));
      log.info("Rolled back import batch {}: {}", b, r);
      total = total.plus(r);
    }
    ledger.inTransaction(
        "cannot mark import run " + runId + " rolled back",
        em -> {
          LedgerSql sql = LedgerSql.of(em);
          ImportRunRow run = sql.run(runId).orElseThrow();
          sql.updateRun(runId, "ROLLED_BACK", run.error(), clock.instant());
          return null;
        });
    log.info("Rolled back import run {}: {}", runId, total);
    return total;
  }

  /** What a rollback undoes: a whole run, or one batch of it. */
  private record Scope(String runId, String batchId) {
    static Scope run(String runId) {
      return new Scope(runId, null);
    }

    static Scope batch(String batchId, String runId) {
      return new Scope(runId, batchId);
    }
  }

  /**
   * The runs to undo, dependents first and the scope's own run last, after checking that the
   * options allow them and their used accounts.
   */
  private List<String> checked(EntityManager em, Scope scope, RollbackOptions options) {
    List<String> order = new ArrayList<>();
    List<String> direct = dependentRuns(em, scope);
    if (!direct.isEmpty() && !options.withDependents()) {
      throw new RollbackRefusedException(
          "later import runs "
              + String.join(", ", direct)
              + " merged into or changed accounts this rollback would delete or restore;"
              + " roll them back first, or roll back with --with-dependents"
              + " (RollbackOptions.includingDependents()) to take them with it",
          direct,
          0);
    }
    Set<String> seen = new LinkedHashSet<>();
    seen.add(scope.runId());
    for (String d : direct) {
      collect(em, d, seen, order);
    }
    order.add(scope.runId());
    if (!options.force()) {
      Set<String> used = new LinkedHashSet<>();
      for (String run : order.subList(0, order.size() - 1)) {
        used.addAll(usedAccounts(em, Scope.run(run)));
      }
      used.addAll(usedAccounts(em, scope));
      if (!used.isEmpty()) {
        throw new RollbackRefusedException(
            used.size()
                + " accounts this rollback would delete or restore have signed in since the"
                + " import (they have sessions); nothing was changed. Roll back with --force"
                + " (RollbackOptions.forced()) to revoke their sessions and refresh tokens too",
            order.subList(0, order.size() - 1),
            used.size());
      }
    }
    return order;
  }

  /** The change kinds this build can undo; {@code USER_CREATED} is in ledgers of earlier builds. */
  private static final Set<String> KNOWN_CHANGES =
      Set.of(
          "USER_CREATED", "USER_UPDATED", "DEVICE_CREATED", ImportChangeRow.CREATIONS_IN_MAPPINGS);

  /** Post-order over the dependents of {@code run}: every run after those depending on it. */
  private void collect(EntityManager em, String run, Set<String> seen, List<String> order) {
    if (!seen.add(run)) {
      return;
    }
    for (String d : dependentRuns(em, Scope.run(run))) {
      collect(em, d, seen, order);
    }
    order.add(run);
  }

  /**
   * Other runs whose committed batches mapped a legacy id to an account the scope created, or
   * changed, after the scope, an account the scope changed.
   */
  private static List<String> dependentRuns(EntityManager em, Scope scope) {
    return List.copyOf(
        new TreeSet<>(LedgerSql.of(em).dependentRuns(scope.runId(), scope.batchId())));
  }

  /**
   * The accounts of the scope that have sessions since the import: any session of an account it
   * created, a session started at or after the batch of an account it changed.
   */
  private static Set<String> usedAccounts(EntityManager em, Scope scope) {
    AccountSessions sessions = AccountSessions.of(em);
    LedgerSql sql = LedgerSql.of(em);
    Set<String> used = new TreeSet<>();
    List<UUID> created =
        sql.createdByScope(scope.runId(), scope.batchId()).stream().map(UUID::fromString).toList();
    sessions.withSessions(created, null).forEach(u -> used.add(u.toString()));
    // An account the scope changed counts when it signed in at or after the batch that changed it.
    Map<Instant, List<UUID>> changedSince = new LinkedHashMap<>();
    for (Map.Entry<String, Instant> row : sql.changedByScope(scope.runId(), scope.batchId())) {
      changedSince
          .computeIfAbsent(row.getValue(), k -> new ArrayList<>())
          .add(UUID.fromString(row.getKey()));
    }
    changedSince.forEach(
        (since, accounts) ->
            sessions.withSessions(accounts, since).forEach(u -> used.add(u.toString())));
    return used;
  }

  private RollbackReport rollbackBatch(EntityManager em, String batchId, boolean force) {
    LedgerSql sql = LedgerSql.of(em);
    ImportBatchRow batch =
        sql.batch(batchId)
            .orElseThrow(() -> new IllegalStateException("no import batch " + batchId));
    if (!Ledger.COMMITTED.equals(batch.status())) {
      throw new IllegalStateException("import batch " + batchId + " is " + batch.status());
    }
    long later = sql.committedBatchesAfter(batch.runId(), batch.seq());
    if (later > 0) {
      throw new IllegalStateException(
          "import batch "
              + batchId
              + " is not the newest of its run: roll back the later batches first");
    }
    List<ImportChangeRow> changes = sql.changesNewestFirst(batchId);
    // The accounts the batch created: its CREATED mappings (and, in ledgers written by earlier
    // builds, the USER_CREATED change rows that repeat them).
    Set<String> created = new LinkedHashSet<>();
    created.addAll(sql.createdBy(batchId));
    for (ImportChangeRow ch : changes) {
      if ("USER_CREATED".equals(ch.kind())) {
        created.add(ch.userPublicId());
      }
    }
    for (ImportChangeRow ch : changes) {
      // A kind from a later build is refused before anything is changed (or a session ended).
      if (!KNOWN_CHANGES.contains(ch.kind())) {
        throw new IllegalStateException(
            "unknown change kind "
                + ch.kind()
                + " in import batch "
                + batchId
                + ": written by a later build; roll back with that build");
      }
    }
    int devices = 0;
    for (ImportChangeRow ch : changes) {
      if ("DEVICE_CREATED".equals(ch.kind())) {
        Object d = em.find(deviceClass, ch.rowId());
        if (d != null) {
          em.remove(d);
          devices++;
        }
      }
    }
    // Before the created owners' devices go by a bulk delete, whatever the factory's flush mode.
    em.flush();
    // Created accounts go before any change is undone: none existed before the batch, so none
    // holds an identifier a restored account had then, while one may hold an identifier that an
    // earlier change in the batch freed (an account's old email, taken by a new account).
    int deleted = 0;
    for (String publicId : created) {
      Optional<AuthUserBase> u = findUser(em, publicId);
      if (u.isPresent()) {
        endSessions(em, publicId, null, force);
        deleteOwned(em, profile, u.get());
        devices += deleteOwned(em, device, u.get());
        em.remove(u.get());
        AccountSessions.of(em).lastSignInWritten(UUID.fromString(publicId), null);
        deleted++;
      }
    }
    em.flush();
    int restored = 0;
    for (ImportChangeRow ch : changes) {
      switch (ch.kind()) {
        case "USER_CREATED", "DEVICE_CREATED", ImportChangeRow.CREATIONS_IN_MAPPINGS -> {
          continue;
        }
        case "USER_UPDATED" -> {
          if (created.contains(ch.userPublicId())) {
            // Created and then merged into by the same batch: deleted above, nothing to restore.
            continue;
          }
          Optional<AuthUserBase> u = findUser(em, ch.userPublicId());
          if (u.isPresent()) {
            endSessions(em, ch.userPublicId(), batch.committedAt(), force);
            images.restore(u.get(), ch.beforeImage());
            AccountSessions.of(em)
                .lastSignInWritten(UUID.fromString(ch.userPublicId()), u.get().getLastLoginAt());
            restored++;
          } else {
            log.warn(
                "Import batch {}: account {} changed by the import no longer exists",
                batchId,
                ch.userPublicId());
          }
        }
        default -> throw new IllegalStateException("unknown change kind " + ch.kind());
      }
      // Restored identifiers must be written before a later change frees or takes them again.
      em.flush();
    }
    sql.deleteMappings(batchId);
    sql.markBatchRolledBack(batchId, clock.instant());
    return new RollbackReport(1, deleted, restored, devices);
  }

  /**
   * Ends the sessions of an account the batch created (all of them: they are deleted with their
   * refresh tokens) or changed (those started since the batch: revoked, refresh tokens deleted).
   * Without {@code force} a session found here, one started after the check, refuses the batch.
   */
  private void endSessions(EntityManager em, String publicId, Instant since, boolean force) {
    AccountSessions sessions = AccountSessions.of(em);
    UUID account = UUID.fromString(publicId);
    if (sessions.withSessions(List.of(account), since).isEmpty()) {
      return;
    }
    if (!force) {
      throw new RollbackRefusedException(
          "an account this rollback would delete or restore signed in during the rollback;"
              + " nothing of this batch was changed. Roll back with --force to revoke its sessions",
          List.of(),
          1);
    }
    // A created account goes with its sessions; a changed one keeps the sessions it had before
    // the batch, and those started since are revoked.
    sessions.end(account, since, since == null, clock.instant(), "import_rollback");
  }

  private Optional<AuthUserBase> findUser(EntityManager em, String publicId) {
    return em.createQuery("select u from " + user + " u where u.publicId = :p", AuthUserBase.class)
        .setParameter("p", publicId)
        .getResultStream()
        .findFirst();
  }

  private static int deleteOwned(EntityManager em, String entity, AuthUserBase owner) {
    return em.createQuery("delete from " + entity + " x where x.user = :u")
        .setParameter("u", owner)
        .executeUpdate();
  }
}
