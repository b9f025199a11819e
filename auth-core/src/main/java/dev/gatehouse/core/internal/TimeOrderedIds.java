package dev.gatehouse.core.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Row keys that sort by creation time: UUID version 7 (RFC 9562, section 5.7), the milliseconds
 * since the epoch in the first 48 bits, then the version, 12 random bits, the variant and 62 random
 * bits. A B-tree keyed by them takes each insert at its right-hand end, where the pages being
 * written stay in memory, instead of on a random leaf. The key tells its creation time to the
 * millisecond to whoever sees it; its 74 random bits make it no easier to guess than a shorter
 * random id, but it is an identifier, never a secret: a token's secret stays fully random. The
 * clock is the caller's (the injected one). Thread-safe.
 */
public final class TimeOrderedIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TimeOrderedIds() {}

  /**
   * @param at the row's creation time
   * @return a version 7 UUID of that millisecond
   */
  public static UUID at(Instant at) {
    long random = RANDOM.nextLong();
    long high = (at.toEpochMilli() << 16) | 0x7000L | (random & 0x0FFFL);
    long low = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
