package dev.gatehouse.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.event.AuthEvent.MembershipChanged;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every change of a membership (issue 60 item 8) is counted by its change, and by nothing that
 * names the member, the organisation or who made it.
 */
class MembershipMetricsTest {
  @Test
  void everyMembershipChangeIsCountedByItsChangeAlone() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GatehouseMetrics metrics = new GatehouseMetrics(registry);
    UUID org = UUID.randomUUID();
    List<String> changes =
        List.of(
            MembershipChanged.JOINED,
            MembershipChanged.JOINED,
            MembershipChanged.ROLE_CHANGED,
            MembershipChanged.LEFT,
            MembershipChanged.REMOVED,
            MembershipChanged.ORGANIZATION_DELETED);
    for (String change : changes) {
      metrics.on(
          new MembershipChanged(
              Instant.EPOCH, UUID.randomUUID(), org, change, "member", UUID.randomUUID()));
    }
    assertThat(
            registry
                .get(GatehouseMetrics.MEMBERSHIPS)
                .tag("change", MembershipChanged.JOINED)
                .counter()
                .count())
        .isEqualTo(2.0);
    for (String change : List.of("role_changed", "left", "removed", "organization_deleted")) {
      assertThat(registry.get(GatehouseMetrics.MEMBERSHIPS).tag("change", change).counter().count())
          .as(change)
          .isEqualTo(1.0);
    }
    registry
        .get(GatehouseMetrics.MEMBERSHIPS)
        .meters()
        .forEach(m -> assertThat(m.getId().getTags()).hasSize(1));
  }
}
