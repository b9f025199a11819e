package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.SessionStore.NewSession;
import dev.gatehouse.core.store.SessionStore.RefreshTokenState;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The refresh statements ({@link LibrarySql}) write and read the session's and tokens' instants as
 * Hibernate does for the same columns, whatever the database session's time zone: written through
 * JPA and read by the rotation, or written by the rotation and read through JPA, an instant stays
 * the same instant. On H2 a zone far from UTC (Tokyo, nine hours ahead) would shift a value bound
 * or read without the column's own mapping by nine hours, and an idle expiry an hour away would
 * hold for ten or have passed eight hours ago.
 */
class SessionTimeZoneTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void rotationAndTouchKeepEveryInstantInAnotherSessionTimeZone() {
    roundTrips();
  }

  /** The JVM in Tokyo too: Java's own conversions of a {@code Timestamp} use its zone. */
  @Test
  void rotationAndTouchKeepEveryInstantOnAJvmInAnotherTimeZone() {
    TimeZone jvm = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
    try {
      roundTrips();
    } finally {
      TimeZone.setDefault(jvm);
    }
  }

  private static void roundTrips() {
    try (JpaFixture f = JpaFixture.create(DatabaseKind.H2, CounterTimeZoneTest::inTokyo)) {
      String id = UUID.randomUUID().toString();
      UUID owner = UUID.randomUUID();
      Instant idle = NOW.plus(Duration.ofHours(1));
      Instant absolute = NOW.plus(Duration.ofDays(30));
      f.store.inTransaction(
          tx -> {
            tx.sessions()
                .createSession(
                    new NewSession(
                        id,
                        owner,
                        "web",
                        null,
                        List.of("pwd"),
                        null,
                        "203.0.113.0",
                        "agent",
                        NOW,
                        NOW,
                        absolute,
                        idle),
                    "hash-0");
            return null;
          });

      // Past the idle expiry: the rotation's own comparison must see the hour, not ten.
      Instant late = idle.plusSeconds(1);
      Optional<SessionState> expired =
          f.store.inTransaction(
              tx -> tx.sessions().rotateRefreshToken("hash-0", "hash-late", late));
      assertThat(expired).isEmpty();

      Instant at = NOW.plus(Duration.ofMinutes(50));
      SessionState read =
          f.store
              .inTransaction(tx -> tx.sessions().rotateRefreshToken("hash-0", "hash-1", at))
              .orElseThrow();
      assertThat(read.createdAt()).isEqualTo(NOW);
      assertThat(read.lastUsedAt()).isEqualTo(NOW);
      assertThat(read.idleExpiresAt()).isEqualTo(idle);
      assertThat(read.expiresAt()).isEqualTo(absolute);
      assertThat(read.revokedAt()).isNull();
      assertThat(read.amr()).containsExactly("pwd");
      assertThat(read.userPublicId()).isEqualTo(owner);

      Instant nextIdle = at.plus(Duration.ofHours(1));
      f.store.inTransaction(
          tx -> {
            tx.sessions().recordUse(id, at, nextIdle, null, "agent 2");
            return null;
          });

      // Read back through JPA: what the statements wrote is what Hibernate reads.
      SessionState touched =
          f.store.inTransaction(tx -> tx.sessions().findSession(id)).orElseThrow();
      assertThat(touched.lastUsedAt()).isEqualTo(at);
      assertThat(touched.idleExpiresAt()).isEqualTo(nextIdle);
      assertThat(touched.coarseIp()).isEqualTo("203.0.113.0");
      assertThat(touched.userAgent()).isEqualTo("agent 2");
      Optional<RefreshTokenState> rotated =
          f.store.inTransaction(tx -> tx.sessions().findRefreshToken("hash-0"));
      assertThat(rotated.orElseThrow().rotatedAt()).isEqualTo(at);
      assertThat(rotated.orElseThrow().successorHash()).isEqualTo("hash-1");
      RefreshTokenState successor =
          f.store.inTransaction(tx -> tx.sessions().findRefreshToken("hash-1")).orElseThrow();
      assertThat(successor.createdAt()).isEqualTo(at);
      assertThat(successor.rotatedAt()).isNull();
    }
  }
}
