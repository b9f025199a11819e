package dev.gatehouse.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The audited refusal of any module operation (issue 95, item 5): a refusal with a code the module
 * declares audited is kept in the trail as {@code OperationRefused} naming the account, the
 * operation and the code, in a transaction of its own, and handed to the listeners; one with a code
 * that is not audited is only answered, as a sign-in's is.
 */
class ModuleOperationRefusalTest {
  private static final ErrorCode OVER_QUOTA =
      ErrorCode.auditedRefusal(
          "widget_quota", ErrorCode.Kind.REJECTED_INPUT, "The account has its widgets.");
  private static final ErrorCode BAD_NAME =
      ErrorCode.of("widget_name", ErrorCode.Kind.REJECTED_INPUT, "A widget's name is wrong.");

  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  private Gatehouse gatehouse() {
    return Gatehouse.builder(
            GatehouseConfig.builder()
                .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
                .build(),
            new InMemoryAuthStore())
        .listener(events::add)
        .install(
            new GatehouseModule() {
              @Override
              public String name() {
                return "widgets";
              }

              @Override
              public ModuleManifest manifest() {
                return ModuleManifest.of("widgets").errorCodes(OVER_QUOTA, BAD_NAME).build();
              }

              @Override
              public void installInto(Gatehouse.Builder builder) {
                builder.feature(
                    ModuleAudit.class, context -> context.capability(ModuleAudit.class));
              }
            })
        .build();
  }

  @Test
  void anAuditedRefusalIsKeptWithTheAccountTheOperationAndTheCode() {
    Gatehouse g = gatehouse();
    UUID account = UUID.randomUUID();
    RejectedInputException refusal = new RejectedInputException(OVER_QUOTA, "over quota");

    RejectedInputException answered =
        g.feature(ModuleAudit.class)
            .refusedOperation("widgets.create", account, refusal, ClientInfo.web("198.51.100.7"));

    assertThat(answered).isSameAs(refusal);
    List<AuditEntry> trail = g.audit().forUser(account, 10);
    assertThat(trail).hasSize(1);
    assertThat(trail.get(0).event()).isEqualTo("OperationRefused");
    assertThat(trail.get(0).method()).isEqualTo("widgets.create");
    assertThat(trail.get(0).reason()).isEqualTo("widget_quota");
    assertThat(trail.get(0).network()).isEqualTo("198.51.100.0/24");
    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            AuthEvent.OperationRefused.class,
            e -> {
              assertThat(e.userId()).isEqualTo(account);
              assertThat(e.operation()).isEqualTo("widgets.create");
            });
  }

  @Test
  void aRefusalWhoseCodeIsNotAuditedIsOnlyAnswered() {
    Gatehouse g = gatehouse();
    UUID account = UUID.randomUUID();
    AuthException refusal = new RejectedInputException(BAD_NAME, "bad name");

    assertThat(
            g.feature(ModuleAudit.class).refusedOperation("widgets.rename", account, refusal, null))
        .isSameAs(refusal);
    assertThat(g.audit().forUser(account, 10)).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void anOperationNameThatCouldForgeAnEntryIsRefused() {
    ModuleAudit audit = gatehouse().feature(ModuleAudit.class);
    RejectedInputException refusal = new RejectedInputException(OVER_QUOTA, "over quota");
    for (String bad : List.of("", "a b", "x\ny", "é", "a".repeat(41))) {
      assertThatThrownBy(() -> audit.refusedOperation(bad, null, refusal, null))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
