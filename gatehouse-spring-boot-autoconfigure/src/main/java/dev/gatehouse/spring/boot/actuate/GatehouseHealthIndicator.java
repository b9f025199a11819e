package dev.gatehouse.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.migration.LegacySyncStatus;
import dev.gatehouse.core.observe.GatehouseStatus;
import dev.gatehouse.jpa.JpaConnections;
import dev.gatehouse.legacy.LegacySettings;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code gatehouse} health component. DOWN only for what breaks authentication: a Gatehouse
 * table that cannot be read, or a signing key that cannot sign a token it then verifies. Providers
 * (named, never called), the outbox backlog (messages waiting, the oldest one's age) and, once a
 * request came through a local proxy the host does not trust ({@code
 * GatehouseStatus#untrustedProxy()}), {@code forwardedHeaders} naming the setting to change are
 * details; so is {@code statements}: which path each statement on the host's tables takes (plain
 * SQL on which tables, or JPQL and why), as logged when the store resolved the host's mapping
 * ({@code GatehouseStatus#statementPaths()}). Details carry table names, the key's id and
 * algorithm, provider names and counts; never key material, an address, a message or an exception
 * message (only its class).
 *
 * <p>Each check costs one {@code select 1 ... } limited to one row per Gatehouse table, one
 * throwaway token signed and verified in memory, and two aggregate queries on the outbox.
 */
final class GatehouseHealthIndicator implements HealthIndicator {
  private final Gatehouse gatehouse;
  private final EntityManagerFactory emf;
  private final List<Class<?>> entities;
  private final List<String> libraryTables;
  private final java.util.function.@Nullable Supplier<LegacySyncStatus.Reading> sync;

  GatehouseHealthIndicator(
      Gatehouse gatehouse,
      EntityManagerFactory emf,
      List<Class<?>> entities,
      List<String> libraryTables,
      java.util.function.@Nullable Supplier<LegacySyncStatus.Reading> sync) {
    this.gatehouse = requireNonNull(gatehouse, "gatehouse");
    this.sync = sync;
    this.emf = requireNonNull(emf, "emf");
    this.entities = List.copyOf(entities);
    this.libraryTables = List.copyOf(libraryTables);
  }

  @Override
  public Health health() {
    boolean up = true;
    Map<String, String> tables = new LinkedHashMap<>();
    for (Class<?> entity : entities) {
      String problem = probe(entity);
      tables.put(tableOf(entity), problem == null ? "reachable" : problem);
      up &= problem == null;
    }
    for (String table : libraryTables) {
      String problem = probe(table);
      tables.put(table, problem == null ? "reachable" : problem);
      up &= problem == null;
    }
    Health.Builder health = new Health.Builder().withDetail("tables", tables);
    GatehouseStatus status;
    try {
      status = gatehouse.status();
    } catch (RuntimeException e) {
      return health.down().withDetail("error", e.getClass().getName()).build();
    }
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("kid", status.signingKeyId());
    key.put("algorithm", status.signingAlgorithm());
    key.put("usable", status.signingKeyUsable());
    if (!status.signingKeyUsable()) {
      key.put("problem", status.signingKeyProblem());
      up = false;
    }
    health.withDetail("signingKey", key);
    health.withDetail(
        "providers",
        Map.of(
            "sms", provider(status.smsProvider(), status.smsDevelopmentOnly()),
            "email", provider(status.emailProvider(), status.emailDevelopmentOnly())));
    if (!status.statementPaths().isEmpty()) {
      // The store's plain statements or their JPQL forms on the host's tables, as logged at start.
      health.withDetail("statements", status.statementPaths());
    }
    Map<String, Object> outbox = new LinkedHashMap<>();
    outbox.put("pending", status.outboxPending());
    outbox.put("oldestPendingAgeSeconds", status.oldestPendingAge().toSeconds());
    health.withDetail("outbox", outbox);
    if ((LEGACY && WriteBackWindow.set(gatehouse.config()))
        || status.writeBackPending() > 0
        || status.writeBackFailed() > 0) {
      // The transition's write-back to the legacy store: a backlog to watch, and conflicts to
      // resolve by hand before going back. Neither takes Gatehouse down. Shown whenever it is
      // configured, at zero too, so that a drained journal does not look like none (issue 58).
      health.withDetail(
          "legacyWriteBack",
          Map.of("pending", status.writeBackPending(), "failed", status.writeBackFailed()));
    }
    if (COHORTS) {
      CohortsDetail.of(gatehouse).ifPresent(c -> health.withDetail("cohorts", c));
    }
    if (sync != null) {
      // The sync from the legacy system: a backlog and a delay to watch before the next step.
      try {
        LegacySyncStatus.Reading r = sync.get();
        health.withDetail(
            "legacySync",
            Map.of(
                "backlog",
                r.backlog(),
                "delaySeconds",
                r.delay().toSeconds(),
                "conflicts",
                r.conflicts()));
      } catch (RuntimeException e) {
        health.withDetail("legacySync", Map.of("error", e.getClass().getName()));
      }
    }
    if (status.untrustedProxy()) {
      // Every client behind that proxy counts as one network for the per-network limits; a
      // warning to act on, not an outage.
      Map<String, Object> forwarded = new LinkedHashMap<>();
      forwarded.put("untrustedProxy", true);
      forwarded.put(
          "setting",
          "server.forward-headers-strategy (and server.tomcat.remoteip.internal-proxies)");
      health.withDetail("forwardedHeaders", forwarded);
    }
    return (up ? health.up() : health.down()).build();
  }

  private static Map<String, Object> provider(String name, boolean developmentOnly) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", name);
    p.put("developmentOnly", developmentOnly);
    return p;
  }

  /** One cheap read of the entity's table; the exception's class when it fails. */
  private String probe(Class<?> entity) {
    EntityManager em = null;
    try {
      em = emf.createEntityManager();
      String name = em.getMetamodel().entity(entity).getName();
      em.createQuery("select 1 from " + name + " e").setMaxResults(1).getResultList();
      return null;
    } catch (RuntimeException e) {
      return "unreachable: " + e.getClass().getName();
    } finally {
      if (em != null) {
        em.close();
      }
    }
  }

  /** One cheap read of a library table, which is no entity; the exception's class when it fails. */
  private String probe(String table) {
    EntityManager em = null;
    try {
      em = emf.createEntityManager();
      JpaConnections.onConnection(
          em,
          connection -> {
            try (var statement = connection.createStatement()) {
              statement.executeQuery("select 1 from " + table + " where 1 = 0").close();
            }
            return null;
          });
      return null;
    } catch (RuntimeException e) {
      return "unreachable: " + e.getClass().getName();
    } finally {
      if (em != null) {
        em.close();
      }
    }
  }

  private static String tableOf(Class<?> entity) {
    for (Class<?> c = entity; c != null && c != Object.class; c = c.getSuperclass()) {
      Table table = c.getAnnotation(Table.class);
      if (table != null && !table.name().isBlank()) {
        return table.name();
      }
    }
    return entity.getSimpleName();
  }

  @Override
  public String toString() {
    return "GatehouseHealthIndicator";
  }

  /** Whether {@code auth-legacy} is on the class path: its settings are read only then. */
  private static final boolean LEGACY =
      org.springframework.util.ClassUtils.isPresent(
          "dev.gatehouse.legacy.LegacySettings", GatehouseHealthIndicator.class.getClassLoader());

  /** Whether {@code auth-cohorts} is on the class path: its signals are read only then. */
  private static final boolean COHORTS =
      org.springframework.util.ClassUtils.isPresent(
          "dev.gatehouse.cohorts.CohortSignals", GatehouseHealthIndicator.class.getClassLoader());

  /**
   * Each cohort's state, users and moved users, when the module is installed (its counts are two
   * indexed counts per cohort); loaded only with {@code auth-cohorts} on the class path.
   */
  private static final class CohortsDetail {
    static java.util.Optional<Map<String, Object>> of(Gatehouse gatehouse) {
      return gatehouse
          .findFeature(dev.gatehouse.cohorts.CohortSignals.class)
          .map(
              signals -> {
                Map<String, Object> cohorts = new LinkedHashMap<>();
                for (var s : signals.read()) {
                  cohorts.put(
                      s.cohort(),
                      Map.of("state", s.state().name(), "users", s.users(), "moved", s.moved()));
                }
                return cohorts;
              });
    }
  }

  /** The write-back window's setting, loaded only with {@code auth-legacy} on the class path. */
  private static final class WriteBackWindow {
    static boolean set(GatehouseConfig config) {
      return config.get(LegacySettings.LEGACY_WRITE_BACK_UNTIL) != null;
    }
  }
}
