package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.AbstractEmailLog;
import dev.gatehouse.core.entity.AbstractSmsLog;
import dev.gatehouse.core.entity.DeliveryLogBase;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.store.DeliveryLogStore;
import dev.gatehouse.core.store.DeliveryLogStore.DeliveryStatus;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;

/** The host's SMS and email logs, in one transaction's entity manager. */
final class JpaDeliveryLogStore implements DeliveryLogStore {
  private final EntityManager em;
  private final EntityClasses entities;
  private final EntityNames names;
  private final Runnable writing;

  JpaDeliveryLogStore(
      EntityManager em, EntityClasses entities, EntityNames names, Runnable writing) {
    this.em = em;
    this.entities = entities;
    this.names = names;
    this.writing = writing;
  }

  @Override
  public void record(Entry e) {
    writing.run();
    DeliveryLogBase row;
    if ("sms".equals(e.channel())) {
      AbstractSmsLog sms = EntityClasses.instantiate(entities.smsLog());
      sms.setMessage(e.text());
      row = sms;
    } else {
      AbstractEmailLog email = EntityClasses.instantiate(entities.emailLog());
      email.setSubject(e.text());
      row = email;
    }
    row.setMaskedDestination(e.maskedDestination());
    row.setTemplateName(e.template());
    row.setProvider(e.provider());
    row.setStatus(e.status());
    row.setProviderMessageId(e.providerMessageId());
    row.setError(e.error());
    row.setCreatedAt(e.createdAt());
    em.persist(row);
  }

  @Override
  public List<DeliveryCount> count(String channel, Instant from, Instant to) {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to must be after from");
    }
    String entityName = "sms".equals(channel) ? names.smsLog() : names.emailLog();
    return em.createQuery(
            "select l.templateName, l.provider, l.status, count(l) from "
                + entityName
                + " l where l.createdAt >= :from and l.createdAt < :to"
                + " group by l.templateName, l.provider, l.status",
            Object[].class)
        .setParameter("from", from)
        .setParameter("to", to)
        .getResultStream()
        .map(
            r ->
                new DeliveryCount(
                    (String) r[0],
                    (String) r[1],
                    (DeliveryStatus) r[2],
                    ((Number) r[3]).longValue()))
        .toList();
  }

  /** Selects a batch of keys, then deletes by key: portable, and bounded on every database. */
  @Override
  public int deleteBefore(String channel, Instant cutoff, int batchSize) {
    writing.run();
    String entityName = "sms".equals(channel) ? names.smsLog() : names.emailLog();
    List<Long> ids =
        em.createQuery(
                "select l.id from " + entityName + " l where l.createdAt < :cutoff order by l.id",
                Long.class)
            .setParameter("cutoff", cutoff)
            .setMaxResults(batchSize)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("delete from " + entityName + " l where l.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }
}
