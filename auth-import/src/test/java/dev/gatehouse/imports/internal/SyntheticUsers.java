package dev.gatehouse.imports.internal;

import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacyUser;
import java.time.Instant;
import java.util.NoSuchElementException;

/**
 * A source of {@code count} plain users generated on the fly (legacy ids 1..count, an email, a
 * username and one Django hash each), for the throughput harness and for tests that need many
 * records: memory does not grow with the count. Internal: not API.
 */
public final class SyntheticUsers implements LegacySource {
  /**
   * The Django hash every synthetic user has (its format is classified, never verified, by the
   * import).
   */
  public static final String HASH =
      "pbkdf2_sha256$260000$irnUjf3UARWJzo9JwqT44U$M/tqed+EQIfwWYYDh0plePb2hYdSXYDxhPDtc7X7XQE=";

  private final long users;

  /**
   * @param users how many users the source yields
   */
  public SyntheticUsers(long users) {
    this.users = users;
  }

  @Override
  public String describe() {
    return "synthetic:" + users;
  }

  @Override
  public RecordStream open() {
    return new RecordStream() {
      private long next = 1;

      @Override
      public boolean hasNext() {
        return next <= users;
      }

      @Override
      public LegacyRecord next() {
        if (next > users) {
          throw new NoSuchElementException();
        }
        long i = next++;
        LegacyUser u =
            LegacyUser.builder(Long.toString(i))
                .email("user" + i + "@example.com")
                .username("user" + i)
                .passwordHash(HASH)
                .verified(true)
                .createdAt(Instant.ofEpochSecond(1_600_000_000L + i))
                .build();
        return LegacyRecord.of(i, i, u);
      }

      @Override
      public void close() {}
    };
  }
}
