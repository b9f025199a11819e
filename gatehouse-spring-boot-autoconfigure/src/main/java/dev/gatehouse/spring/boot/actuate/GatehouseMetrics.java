package dev.gatehouse.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.AuthEventListener;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseObserver.DeliveryAttempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Records Gatehouse's events and observations as Micrometer meters. Every tag takes its value from
 * a bounded set (outcomes, reason codes, methods, channels, purposes, provider names); none carries
 * a user id, an address or a code. Thread-safe: Micrometer meters are, and this holds no state.
 *
 * <ul>
 *   <li>{@value #LOGINS} (counter; {@code outcome} = {@code success}|{@code failure}, {@code
 *       reason} = the failure's code or {@code none}, {@code method} = {@code pwd}|{@code otp})
 *   <li>{@value #LOCKOUTS} (counter)
 *   <li>{@value #REFRESH_REUSE} (counter)
 *   <li>{@value #MEMBERSHIPS} (counter; {@code change} = {@code joined}|{@code role_changed}|{@code
 *       left}|{@code removed}|{@code organization_deleted}, from {@code auth-organizations})
 *   <li>{@value #CODES_SENT} (counter; {@code channel}, {@code provider})
 *   <li>{@value #DELIVERIES} (timer of the provider call; {@code channel}, {@code provider}, {@code
 *       outcome} = {@code sent}|{@code retrying}|{@code failed})
 *   <li>{@value #HASHING} (timer of each hash computation) and {@value #HASHING_QUEUE} (timer of
 *       the wait for a hashing permit)
 * </ul>
 */
final class GatehouseMetrics implements AuthEventListener, GatehouseObserver {
  static final String LOGINS = "gatehouse.logins";
  static final String LOCKOUTS = "gatehouse.lockouts";
  static final String REFRESH_REUSE = "gatehouse.refresh.reuse";
  static final String MEMBERSHIPS = "gatehouse.organizations.memberships";
  static final String CODES_SENT = "gatehouse.codes.sent";
  static final String DELIVERIES = "gatehouse.deliveries";
  static final String HASHING = "gatehouse.password.hashing";
  static final String HASHING_QUEUE = "gatehouse.password.hashing.queue";

  private final MeterRegistry registry;
  private final Counter lockouts;
  private final Counter reuse;
  private final Timer hashing;
  private final Timer queue;

  GatehouseMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    this.lockouts =
        Counter.builder(LOCKOUTS)
            .description("Accounts locked after repeated failed logins")
            .register(registry);
    this.reuse =
        Counter.builder(REFRESH_REUSE)
            .description("Rotated refresh tokens presented again (their session was revoked)")
            .register(registry);
    this.hashing =
        Timer.builder(HASHING)
            .description("Password hash computations (hashing and verification)")
            .register(registry);
    this.queue =
        Timer.builder(HASHING_QUEUE)
            .description("Wait for a password hashing permit")
            .register(registry);
  }

  @Override
  public void on(AuthEvent event) {
    if (event instanceof AuthEvent.LoggedIn e) {
      login("success", "none", e.method());
    } else if (event instanceof AuthEvent.LoginFailed e) {
      login("failure", e.reason(), e.method());
    } else if (event instanceof AuthEvent.Locked) {
      lockouts.increment();
    } else if (event instanceof AuthEvent.TokenReuseDetected) {
      reuse.increment();
    } else if (event instanceof AuthEvent.MembershipChanged e) {
      Counter.builder(MEMBERSHIPS)
          .description("Changes of organisations' memberships, by change")
          .tag("change", tag(e.change()))
          .register(registry)
          .increment();
    }
  }

  private void login(String outcome, String reason, String method) {
    Counter.builder(LOGINS)
        .description("Login attempts by outcome, reason and method")
        .tag("outcome", outcome)
        .tag("reason", tag(reason))
        .tag("method", tag(method))
        .register(registry)
        .increment();
  }

  @Override
  public void passwordHashed(Duration permitWait, Duration computation) {
    queue.record(permitWait);
    hashing.record(computation);
  }

  @Override
  public void deliveryAttempted(DeliveryAttempt attempt) {
    Timer.builder(DELIVERIES)
        .description("Attempts to hand a message to a provider, by outcome")
        .tag("channel", tag(attempt.channel()))
        .tag("provider", tag(attempt.provider()))
        .tag("outcome", attempt.outcome().tag())
        .register(registry)
        .record(attempt.duration());
  }

  @Override
  public void codeSent(String channel, String purpose, String provider) {
    Counter.builder(CODES_SENT)
        .description("One-time codes accepted by a provider")
        .tag("channel", tag(channel))
        .tag("provider", tag(provider))
        .register(registry)
        .increment();
  }

  private static String tag(String value) {
    return value == null || value.isBlank() ? "unknown" : value;
  }

  @Override
  public String toString() {
    return "GatehouseMetrics";
  }
}
