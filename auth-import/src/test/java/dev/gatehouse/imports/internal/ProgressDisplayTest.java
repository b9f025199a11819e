package dev.gatehouse.imports.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-05T10:00:00Z"));
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainLinesShowDoneRateAndEtaAtMostOncePerInterval() {
    ProgressDisplay p = new ProgressDisplay(out, false, 10_000, clock, Duration.ofSeconds(10));

    assertThat(p.committed(1, 1_000)).isTrue();
    clock.advance(Duration.ofSeconds(4));
    assertThat(p.committed(2, 2_000)).isTrue(); // within the interval: no line
    clock.advance(Duration.ofSeconds(6));
    p.committed(3, 3_000);
    clock.advance(Duration.ofSeconds(1));
    p.committed(4, 3_500);
    p.finish();

    assertThat(printed().lines())
        .containsExactly(
            "progress: batch 1, 1,000 of 10,000 records (10.0%)",
            // 2,000 records in 10 s since the first batch; 7,000 left
            "progress: batch 3, 3,000 of 10,000 records (30.0%), 200 records/s, ETA 0:00:35",
            "progress: batch 4, 3,500 of 10,000 records (35.0%), 227 records/s, ETA 0:00:29");
    assertThat(printed()).doesNotContain("\r");
  }

  @Test
  void anUnknownTotalGivesNoShareAndNoEstimate() {
    ProgressDisplay p = new ProgressDisplay(out, false, -1, clock, Duration.ZERO);

    p.committed(7, 60_000); // a resumed run: the rate counts from here
    clock.advance(Duration.ofSeconds(2));
    p.committed(8, 70_000);
    p.finish();

    assertThat(printed().lines())
        .containsExactly(
            "progress: batch 7, 60,000 records",
            "progress: batch 8, 70,000 records, 5,000 records/s");
  }

  @Test
  void aTerminalGetsOneRedrawnBarAndALineBreakAtTheEnd() {
    ProgressDisplay p = new ProgressDisplay(out, true, 4_000, clock, Duration.ofSeconds(10));

    p.committed(1, 1_000);
    clock.advance(Duration.ofSeconds(1));
    p.committed(2, 2_000);
    p.finish();

    String s = printed();
    assertThat(s).startsWith("\r[#######-----------------------]  25.0% 1,000/4,000 records");
    assertThat(s)
        .contains(
            "\r[###############---------------]  50.0% 2,000/4,000 records  1,000/s  ETA 0:00:02");
    assertThat(s.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    assertThat(s).endsWith(System.lineSeparator());
  }

  @Test
  void nothingIsPrintedWhenNoBatchCommitted() {
    new ProgressDisplay(out, false, 10, clock, Duration.ZERO).finish();

    assertThat(printed()).isEmpty();
  }
}
