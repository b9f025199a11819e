package dev.gatehouse.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.AuthEventListener;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Turns every {@link AuthEvent} into a Spring Boot {@link AuditApplicationEvent} (principal: the
 * user's public id, or {@code anonymous}; type: {@code GATEHOUSE_} and the event's name, e.g.
 * {@code GATEHOUSE_LOGGED_IN}; data: the event's other fields). Active when the host has an
 * actuator {@code AuditEventRepository}. Events carry no secret, so neither does the audit trail.
 * Thread-safe.
 */
final class AuditEventPublisher implements AuthEventListener {
  private final ApplicationEventPublisher publisher;

  AuditEventPublisher(ApplicationEventPublisher publisher) {
    this.publisher = requireNonNull(publisher, "publisher");
  }

  @Override
  public void on(AuthEvent event) {
    String principal = "anonymous";
    Map<String, Object> data = new LinkedHashMap<>();
    for (RecordComponent c : event.getClass().getRecordComponents()) {
      Object value = value(c, event);
      if (c.getName().equals("userId")) {
        if (value != null) {
          principal = value.toString();
        }
      } else if (!c.getName().equals("at") && value != null) {
        data.put(c.getName(), value.toString());
      }
    }
    AuditApplicationEvent audit =
        new AuditApplicationEvent(event.at(), principal, type(event), data);
    publisher.publishEvent(audit);
  }

  /** {@return {@code GATEHOUSE_LOGGED_IN} for {@code AuthEvent.LoggedIn}} */
  static String type(AuthEvent event) {
    String name = event.getClass().getSimpleName();
    return "GATEHOUSE_" + name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static Object value(RecordComponent c, AuthEvent event) {
    try {
      return c.getAccessor().invoke(event);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of an auth event", e);
    }
  }

  @Override
  public String toString() {
    return "AuditEventPublisher";
  }
}
