package dev.gatehouse.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  /** The worked example of RFC 9562, appendix A.6: its time in the first 48 bits. */
  @Test
  void theTimeIsTheFirst48BitsAsInTheRfcsExample() {
    Instant at = Instant.ofEpochMilli(0x017F22E279B0L); // 2022-02-22T19:22:22Z
    UUID id = TimeOrderedIds.at(at);
    assertThat(id.toString()).startsWith("017f22e2-79b0-7");
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
  }

  /** Later ids sort after earlier ones, as text and as numbers; ids of one millisecond differ. */
  @Test
  void idsSortByTimeAndThoseOfOneMillisecondDiffer() {
    Instant at = Instant.parse("2026-11-28T07:00:00.123Z");
    Set<UUID> same = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      UUID id = TimeOrderedIds.at(at);
      assertThat(same.add(id)).isTrue();
      UUID later = TimeOrderedIds.at(at.plusMillis(1));
      assertThat(later.toString()).isGreaterThan(id.toString());
      assertThat(Long.compareUnsigned(later.getMostSignificantBits(), id.getMostSignificantBits()))
          .isPositive();
    }
    // 74 random bits: the 10,000 ids of one millisecond vary in every random position.
    long orHigh = 0;
    long andHigh = -1;
    for (UUID id : same) {
      orHigh |= id.getMostSignificantBits();
      andHigh &= id.getMostSignificantBits();
    }
    assertThat((orHigh & ~andHigh) & 0x0FFFL).isEqualTo(0x0FFFL);
  }
}
