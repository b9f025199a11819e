package dev.gatehouse.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.admin.AdminStatistics;
import dev.gatehouse.admin.AdminStatistics.Day;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Today's statistics of {@code auth-admin} (UTC) as Micrometer gauges, read through {@link
 * AdminStatistics#counts} at most once a minute whatever the scrape rate (the gauges share one
 * cached day, read again on the first scrape a minute or more after the last read, or on a new
 * day):
 *
 * <ul>
 *   <li>{@code gatehouse.statistics.sign-ins}, {@code gatehouse.statistics.sign-in-failures} and
 *       {@code gatehouse.statistics.lockouts}: today's, every method summed;
 *   <li>{@code gatehouse.statistics.codes} (tag {@code outcome}: {@code sent}, {@code verified},
 *       {@code expired}, {@code burned}, {@code replaced}): today's codes, every channel and
 *       purpose summed;
 *   <li>{@code gatehouse.statistics.deliveries} (tag {@code outcome}: {@code sent}, {@code failed},
 *       {@code blocked}): today's delivery attempts.
 * </ul>
 *
 * <p>The breakdown by method, channel, purpose and provider is the statistics route's. A read that
 * fails keeps the last day read (NaN before any), logged, and is tried again a minute later.
 * Thread-safe.
 */
final class StatisticsGauges {
  private static final Logger LOG = LoggerFactory.getLogger(StatisticsGauges.class);

  /** How long one read serves the gauges. */
  static final Duration FRESH = Duration.ofMinutes(1);

  private final AdminStatistics statistics;
  private final Clock clock;
  private @Nullable Day day;
  private @Nullable Instant readAt;

  private StatisticsGauges(AdminStatistics statistics, Clock clock) {
    this.statistics = requireNonNull(statistics, "statistics");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Registers the gauges.
   *
   * @param statistics the module's statistics
   * @param clock the Gatehouse's clock
   * @param registry the host's meter registry
   * @return the gauges' shared source
   */
  static StatisticsGauges register(
      AdminStatistics statistics, Clock clock, MeterRegistry registry) {
    StatisticsGauges g = new StatisticsGauges(statistics, clock);
    g.gauge(registry, "gatehouse.statistics.sign-ins", null, d -> sum(d.signIns().values()));
    g.gauge(
        registry, "gatehouse.statistics.sign-in-failures", null, d -> sum(d.failures().values()));
    g.gauge(registry, "gatehouse.statistics.lockouts", null, Day::lockouts);
    g.codes(registry, "sent", AdminStatistics.Codes::sent);
    g.codes(registry, "verified", AdminStatistics.Codes::verified);
    g.codes(registry, "expired", AdminStatistics.Codes::expired);
    g.codes(registry, "burned", AdminStatistics.Codes::burned);
    g.codes(registry, "replaced", AdminStatistics.Codes::replaced);
    for (String outcome : new String[] {"sent", "failed", "blocked"}) {
      g.gauge(
          registry,
          "gatehouse.statistics.deliveries",
          outcome,
          d ->
              d.deliveries().stream()
                  .filter(x -> x.outcome().equals(outcome))
                  .mapToLong(AdminStatistics.Delivery::count)
                  .sum());
    }
    return g;
  }

  private void codes(
      MeterRegistry registry,
      String outcome,
      java.util.function.ToLongFunction<AdminStatistics.Codes> count) {
    gauge(
        registry,
        "gatehouse.statistics.codes",
        outcome,
        d -> d.codes().stream().mapToLong(count).sum());
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      @Nullable String outcome,
      java.util.function.ToLongFunction<Day> value) {
    ToDoubleFunction<StatisticsGauges> read =
        g -> {
          Day d = g.today();
          return d == null ? Double.NaN : value.applyAsLong(d);
        };
    Gauge.Builder<StatisticsGauges> b =
        Gauge.builder(name, this, read).description("today's count (UTC), read once a minute");
    if (outcome != null) {
      b.tag("outcome", outcome);
    }
    b.register(registry);
  }

  private static long sum(java.util.Collection<Long> counts) {
    return counts.stream().mapToLong(Long::longValue).sum();
  }

  /** Today's counts, read again when the last read is a minute old or of another day. */
  synchronized @Nullable Day today() {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (readAt != null
        && now.isBefore(readAt.plus(FRESH))
        && (day == null || day.day().equals(today))) {
      return day;
    }
    readAt = now;
    try {
      day = statistics.counts(today);
    } catch (RuntimeException e) {
      // A scrape never fails for it: the last day read stands until the next try.
      LOG.warn("statistics for the gauges could not be read: {}", e.toString());
    }
    return day;
  }
}
