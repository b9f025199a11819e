package dev.gatehouse.imports.internal;

import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.store.EntityClasses;
import dev.gatehouse.imports.RollbackReport;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.Metamodel;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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
    this.ledger = ledger;
    this.images = images;
    this.clock = clock;
    this.deviceClass = entities.device();
    this.user = mm.entity(entities.user()).getName();
    this.profile = mm.entity(entities.profile()).getName();
    this.device = mm.entity(entities.device()).getName();
  }

  /** Rolls back every committed batch of a run, newest first, and marks the run rolled back. */
  public RollbackReport rollbackRun(String runId) {
    List<String> batches =
        ledger.inTransaction(
            "cannot read import run " + runId,
            em -> {
              if (em.find(ImportRunRow.class, runId) == null) {
                throw new IllegalStateException("no import run " + runId);
              }
              return em.createQuery(
                      "select b.id from GatehouseImportBatch b"
                          + " where b.runId = :r and b.status = :c order by b.seq desc",
                      String.class)
                  .setParameter("r", runId)
                  .setParameter("c", Ledger.COMMITTED)
                  .getResultList();
            });
    RollbackReport total = new RollbackReport(0, 0, 0, 0);
    for (String b : batches) {
      total = total.plus(rollbackBatch(b));
    }
    ledger.inTransaction(
        "cannot mark import run " + runId + " rolled back",
        em -> {
          ImportRunRow run = em.find(ImportRunRow.class, runId);
          run.setStatus("ROLLED_BACK");
          run.setFinishedAt(clock.instant());
          return null;
        });
    log.info("Rolled back import run {}: {}", runId, total);
    return total;
  }

  /** Rolls back one batch, which must be the newest committed batch of its run. */
  public RollbackReport rollbackBatch(String batchId) {
    RollbackReport r =
        ledger.inTransaction(
            "rollback of import batch " + batchId + " failed", em -> rollbackBatch(em, batchId));
    log.info("Rolled back import batch {}: {}", batchId, r);
    return r;
  }

  private RollbackReport rollbackBatch(EntityManager em, String batchId) {
    ImportBatchRow batch = em.find(ImportBatchRow.class, batchId);
    if (batch == null) {
      throw new IllegalStateException("no import batch " + batchId);
    }
    if (!Ledger.COMMITTED.equals(batch.status())) {
      throw new IllegalStateException("import batch " + batchId + " is " + batch.status());
    }
    long later =
        em.createQuery(
                "select count(b) from GatehouseImportBatch b"
                    + " where b.runId = :r and b.seq > :s and b.status = :c",
                Long.class)
            .setParameter("r", batch.runId())
            .setParameter("s", batch.seq())
            .setParameter("c", Ledger.COMMITTED)
            .getSingleResult();
    if (later > 0) {
      throw new IllegalStateException(
          "import batch "
              + batchId
              + " is not the newest of its run: roll back the later batches first");
    }
    List<ImportChangeRow> changes =
        em.createQuery(
                "select c from GatehouseImportChange c where c.batchId = :b order by c.seq desc",
                ImportChangeRow.class)
            .setParameter("b", batchId)
            .getResultList();
    int deleted = 0;
    int restored = 0;
    int devices = 0;
    for (ImportChangeRow ch : changes) {
      switch (ch.kind()) {
        case "USER_CREATED" -> {
          Optional<AuthUserBase> u = findUser(em, ch.userPublicId());
          if (u.isPresent()) {
            deleteOwned(em, profile, u.get());
            deleteOwned(em, device, u.get());
            em.remove(u.get());
            deleted++;
          }
        }
        case "DEVICE_CREATED" -> {
          Object d = em.find(deviceClass, ch.rowId());
          if (d != null) {
            em.remove(d);
            devices++;
          }
        }
        case "USER_UPDATED" -> {
          Optional<AuthUserBase> u = findUser(em, ch.userPublicId());
          if (u.isPresent()) {
            images.restore(u.get(), ch.beforeImage());
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
    em.createQuery("delete from GatehouseImportMapping m where m.batchId = :b")
        .setParameter("b", batchId)
        .executeUpdate();
    batch.setStatus("ROLLED_BACK");
    batch.setRolledBackAt(clock.instant());
    return new RollbackReport(1, deleted, restored, devices);
  }

  private Optional<AuthUserBase> findUser(EntityManager em, String publicId) {
    return em.createQuery("select u from " + user + " u where u.publicId = :p", AuthUserBase.class)
        .setParameter("p", publicId)
        .getResultStream()
        .findFirst();
  }

  private static void deleteOwned(EntityManager em, String entity, AuthUserBase owner) {
    em.createQuery("delete from " + entity + " x where x.user = :u")
        .setParameter("u", owner)
        .executeUpdate();
  }
}
