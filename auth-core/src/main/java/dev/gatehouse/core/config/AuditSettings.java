package dev.gatehouse.core.config;

import java.time.Duration;

/**
 * The settings of security events and the audit trail. Each is read with {@link
 * GatehouseConfig#get(Setting)} and set like every other setting (its key, its {@code GATEHOUSE_*}
 * variable, or {@link GatehouseConfig.Builder#set(Setting, Object)}); {@link
 * GatehouseConfig#settings()} lists them all.
 */
public final class AuditSettings {
  private AuditSettings() {}

  /**
   * Whether events carry the client's full IP address; by default they carry its network only
   * ({@code /24} for IPv4, {@code /48} for IPv6), as the session list does.
   */
  public static final Setting<Boolean> EVENTS_FULL_IP =
      Setting.ofBoolean("gatehouse.events.full-ip", false);

  /**
   * Whether security events (sign-ins and their refusals, lockouts, second factors, password, email
   * and phone changes, revocations, legacy exchanges, import runs) are kept in the audit trail
   * table {@code gh_audit_event}, each in the transaction of its change. Off, the events still
   * reach the registered listeners, which may keep them elsewhere.
   */
  public static final Setting<Boolean> AUDIT_ENABLED =
      Setting.ofBoolean("gatehouse.audit.enabled", true);

  /** How long the audit trail keeps an entry; older ones go in the cleanup's batches. */
  public static final Setting<Duration> AUDIT_RETENTION =
      Setting.ofDuration(
          "gatehouse.audit.retention",
          Duration.ofDays(365),
          Duration.ofDays(1),
          Duration.ofDays(3650));

  /**
   * The logging-context (SLF4J MDC) key whose value an audit entry keeps as its correlation id:
   * {@code traceId} is what Micrometer Tracing puts there; a host with its own request id names its
   * key.
   */
  public static final Setting<String> AUDIT_CORRELATION_KEY =
      Setting.ofString(
          "gatehouse.audit.correlation-key",
          "traceId",
          s -> !s.isBlank() && s.length() <= 64,
          "must be 1 to 64 characters");

  /**
   * Whether a sign-in from a mobile device the account has not used before sends the account a
   * notice (email, or SMS for an account without email).
   */
  public static final Setting<Boolean> NOTIFY_NEW_DEVICE =
      Setting.ofBoolean("gatehouse.notify.new-device", false);
}
