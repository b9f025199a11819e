package dev.gatehouse.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Library-owned rate-limit / lockout counter. Internal: not API. */
@Entity(name = "GatehouseCounter")
@Table(name = "gh_counter")
public class CounterRow {
  @Id
  @Column(name = "counter_key", length = 191)
  private String key;

  @Column(name = "hits", nullable = false)
  private long hits;

  @Column(name = "window_start", nullable = false)
  private Instant windowStart;

  @Column(name = "locked_until")
  private Instant lockedUntil;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected CounterRow() {}

  /**
   * @param key counter key
   * @param hits initial hits
   * @param now creation time
   */
  public CounterRow(String key, long hits, Instant now) {
    this.key = key;
    this.hits = hits;
    this.windowStart = now;
    this.updatedAt = now;
  }

  @Override
  public String toString() {
    return "CounterRow[" + key + "]";
  }
}
