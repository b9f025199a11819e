package dev.gatehouse.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.cohorts.CohortSignals;
import dev.gatehouse.cohorts.CohortState;
import dev.gatehouse.core.migration.LegacySyncStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cut-over by cohort's signals ({@code auth-cohorts}' {@link CohortSignals}) as Micrometer
 * gauges, tagged {@code cohort}, read at most once per {@link #FRESH} whatever the scrape rate:
 *
 * <ul>
 *   <li>{@code gatehouse.cohorts.state}: 0 on the legacy system, 1 moving, 2 on Gatehouse;
 *   <li>{@code gatehouse.cohorts.users} and {@code gatehouse.cohorts.moved}: accounts assigned, and
 *       those that moved in the current step of a moving cohort;
 *   <li>{@code gatehouse.cohorts.sign-ins} (tags {@code system}: {@code gatehouse}, {@code legacy};
 *       {@code outcome}: {@code accepted}, {@code refused}): this instance's, since it started;
 *   <li>{@code gatehouse.cohorts.legacy-unavailable}: the cohort's requests the forwarding answered
 *       503 because the legacy system could not be reached, this instance's, since it started;
 * </ul>
 *
 * <p>and, when the host has an {@code auth-import} {@code LegacySync} bean, the sync's: {@code
 * gatehouse.cohorts.sync.backlog} (changes not read yet), {@code gatehouse.cohorts.sync.delay}
 * (seconds the oldest of them has waited) and {@code gatehouse.cohorts.sync.conflicts} (counted
 * since the sync began). A read that fails keeps the last one (NaN before any), logged.
 * Thread-safe.
 */
final class CohortGauges {
  private static final Logger LOG = LoggerFactory.getLogger(CohortGauges.class);

  /** How long one read serves the gauges. */
  static final Duration FRESH = Duration.ofSeconds(10);

  private final @Nullable CohortSignals signals;
  private final @Nullable Supplier<LegacySyncStatus.Reading> sync;
  private final Clock clock;
  private @Nullable List<CohortSignals.Signal> read;
  private LegacySyncStatus.@Nullable Reading syncRead;
  private @Nullable Instant readAt;

  private CohortGauges(
      @Nullable CohortSignals signals,
      @Nullable Supplier<LegacySyncStatus.Reading> sync,
      Clock clock) {
    this.signals = signals;
    this.sync = sync;
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Registers the gauges of every cohort of the rule.
   *
   * @param signals the module's signals, or {@code null} when it is not installed (nothing is
   *     registered)
   * @param sync the host's sync from the legacy system's status, or {@code null}
   * @param clock the Gatehouse's clock
   * @param registry the host's meter registry
   * @return the gauges' shared source
   */
  static CohortGauges register(
      @Nullable CohortSignals signals,
      @Nullable Supplier<LegacySyncStatus.Reading> sync,
      Clock clock,
      MeterRegistry registry) {
    CohortGauges g = new CohortGauges(signals, sync, clock);
    if (signals == null) {
      return g;
    }
    for (String cohort : signals.cohorts()) {
      g.cohort(registry, "gatehouse.cohorts.state", cohort, null, null, s -> stateOf(s.state()));
      g.cohort(
          registry, "gatehouse.cohorts.users", cohort, null, null, CohortSignals.Signal::users);
      g.cohort(
          registry, "gatehouse.cohorts.moved", cohort, null, null, CohortSignals.Signal::moved);
      g.cohort(
          registry,
          "gatehouse.cohorts.sign-ins",
          cohort,
          "gatehouse",
          "accepted",
          CohortSignals.Signal::gatehouseSignIns);
      g.cohort(
          registry,
          "gatehouse.cohorts.sign-ins",
          cohort,
          "gatehouse",
          "refused",
          CohortSignals.Signal::gatehouseRefusals);
      g.cohort(
          registry,
          "gatehouse.cohorts.sign-ins",
          cohort,
          "legacy",
          "accepted",
          CohortSignals.Signal::legacySignIns);
      g.cohort(
          registry,
          "gatehouse.cohorts.sign-ins",
          cohort,
          "legacy",
          "refused",
          CohortSignals.Signal::legacyRefusals);
      g.cohort(
          registry,
          "gatehouse.cohorts.legacy-unavailable",
          cohort,
          null,
          null,
          CohortSignals.Signal::legacyUnavailable);
    }
    if (sync != null) {
      g.sync(registry, "gatehouse.cohorts.sync.backlog", LegacySyncStatus.Reading::backlog);
      g.sync(registry, "gatehouse.cohorts.sync.delay", r -> r.delay().toSeconds());
      g.sync(registry, "gatehouse.cohorts.sync.conflicts", LegacySyncStatus.Reading::conflicts);
    }
    return g;
  }

  private static long stateOf(CohortState state) {
    return switch (state) {
      case LEGACY -> 0;
      case MOVING -> 1;
      case GATEHOUSE -> 2;
    };
  }

  private void cohort(
      MeterRegistry registry,
      String name,
      String cohort,
      @Nullable String system,
      @Nullable String outcome,
      java.util.function.ToLongFunction<CohortSignals.Signal> value) {
    ToDoubleFunction<CohortGauges> read =
        g -> {
          List<CohortSignals.Signal> all = g.signals();
          if (all == null) {
            return Double.NaN;
          }
          return all.stream()
              .filter(s -> s.cohort().equals(cohort))
              .findFirst()
              .map(s -> (double) value.applyAsLong(s))
              .orElse(Double.NaN);
        };
    Gauge.Builder<CohortGauges> b =
        Gauge.builder(name, this, read).description("the cut-over by cohort").tag("cohort", cohort);
    if (system != null) {
      b.tag("system", system);
    }
    if (outcome != null) {
      b.tag("outcome", outcome);
    }
    b.register(registry);
  }

  private void sync(
      MeterRegistry registry,
      String name,
      java.util.function.ToLongFunction<LegacySyncStatus.Reading> value) {
    Gauge.builder(
            name,
            this,
            g -> {
              g.signals();
              LegacySyncStatus.Reading s = g.syncRead;
              return s == null ? Double.NaN : value.applyAsLong(s);
            })
        .description("the sync from the legacy system")
        .register(registry);
  }

  /** The signals (and the sync's status), read again when the last read is {@link #FRESH} old. */
  synchronized @Nullable List<CohortSignals.Signal> signals() {
    Instant now = clock.instant();
    if (signals == null || (readAt != null && now.isBefore(readAt.plus(FRESH)))) {
      return read;
    }
    readAt = now;
    try {
      read = signals.read();
      if (sync != null) {
        syncRead = sync.get();
      }
    } catch (RuntimeException e) {
      // A scrape never fails for it: the last read stands until the next try.
      LOG.warn("the cohorts' signals could not be read: {}", e.toString());
    }
    return read;
  }
}
