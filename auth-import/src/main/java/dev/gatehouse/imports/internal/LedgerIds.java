package dev.gatehouse.imports.internal;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids of ledger rows (mappings, changes, issues): version 7 UUIDs (RFC 9562), whose first 48 bits
 * are the time in milliseconds. A run appends hundreds of thousands of rows; random (version 4)
 * keys scatter those inserts over the whole primary-key index, while time-ordered ones append at
 * its end, so the index pages a batch touches stay in memory however large the ledger grows. The
 * ids are internal row keys: nothing outside the ledger sees them, and their order says no more
 * than the rows' own {@code created_at}. Thread-safe.
 */
public final class LedgerIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private LedgerIds() {}

  /** {@return a new version 7 UUID as its canonical string} */
  public static String next() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    long millis = System.currentTimeMillis();
    for (int i = 0; i < 6; i++) {
      b[i] = (byte) (millis >>> (40 - 8 * i));
    }
    b[6] = (byte) ((b[6] & 0x0f) | 0x70);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (b[i] & 0xff);
      lsb = (lsb << 8) | (b[i + 8] & 0xff);
    }
    return new UUID(msb, lsb).toString();
  }
}
