package dev.gatehouse.core.config;

import java.time.Duration;

/**
 * The settings of delivery through the outbox: workers, polling, attempts, lease. Each is read with
 * {@link GatehouseConfig#get(Setting)} and set like every other setting (its key, its {@code
 * GATEHOUSE_*} variable, or {@link GatehouseConfig.Builder#set(Setting, Object)}); {@link
 * GatehouseConfig#settings()} lists them all.
 */
public final class DeliverySettings {
  private DeliverySettings() {}

  /**
   * Threads that send messages from the outbox, interactive ones (codes and links) first; requests
   * never wait for them. Each instance runs one more thread beside them that sends interactive
   * messages only, so a code never waits for notices.
   */
  public static final Setting<Integer> DELIVERY_WORKERS =
      Setting.ofInt("gatehouse.delivery.workers", 2, 1, 64);

  /**
   * How often the outbox is checked for messages nobody woke a worker for (after a crash or a
   * restart, or retries that came due).
   */
  public static final Setting<Duration> DELIVERY_POLL_INTERVAL =
      Setting.ofDuration(
          "gatehouse.delivery.poll-interval",
          Duration.ofSeconds(15),
          Duration.ofMillis(100),
          Duration.ofHours(1));

  /**
   * Sending attempts for a link email before it is marked failed (each attempt already goes through
   * the whole failover chain). A one-time code gets one: it expires within minutes, so a failed
   * code is dropped and the user may ask again at once.
   */
  public static final Setting<Integer> DELIVERY_MAX_ATTEMPTS =
      Setting.ofInt("gatehouse.delivery.max-attempts", 3, 1, 20);

  /**
   * How long a dispatcher owns a claimed message; after that another may take it over. Longer than
   * any provider timeout, so two instances do not both send it.
   */
  public static final Setting<Duration> DELIVERY_LEASE =
      Setting.ofDuration(
          "gatehouse.delivery.lease",
          Duration.ofMinutes(5),
          Duration.ofSeconds(10),
          Duration.ofHours(1));
}
