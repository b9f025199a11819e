package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The audit trail's table: append-only for the flows, read by the host's administration, trimmed by
 * the retention cleanup. Values only.
 */
public interface AuditStore {

  /**
   * Appends one entry in the transaction this store belongs to.
   *
   * @param entry the entry
   */
  void append(AuditEntry entry);

  /**
   * The newest entries of one account, newest first.
   *
   * @param subject the account's public id
   * @param limit the most entries to return
   * @return the entries
   */
  List<AuditEntry> forSubject(UUID subject, int limit);

  /**
   * Deletes at most {@code limit} entries older than {@code cutoff}, oldest first.
   *
   * @param cutoff entries before this instant go
   * @param limit the most to delete in this call
   * @return how many were deleted
   */
  int deleteBefore(Instant cutoff, int limit);

  /**
   * Counts the entries of the given events that happened in {@code [from, to)}, by event and
   * method, in one statement over the index on the entries' time ({@code ix_gh_audit_event_time}):
   * a range of the index is read, never the whole table.
   *
   * @param from the first instant counted
   * @param to the first instant no longer counted (after {@code from})
   * @param events the events to count (their {@link AuditEntry#event()} names, 1 to 20 of them)
   * @return one count per event and method met, in no particular order; none for what did not
   *     happen
   * @throws IllegalArgumentException when {@code to} is not after {@code from} or the events are
   *     empty or more than 20
   */
  List<EventCount> count(Instant from, Instant to, Set<String> events);

  /**
   * How many entries of one event and method {@link #count} found.
   *
   * @param event the event's name
   * @param method its method, or {@code null} for entries without one
   * @param count how many, at least 1
   */
  record EventCount(String event, @Nullable String method, long count) {
    /**
     * Checks the parts.
     *
     * @param event the event's name
     * @param method its method, or {@code null}
     * @param count how many, at least 1
     */
    public EventCount {
      requireNonNull(event, "event");
    }

    /**
     * Checks a range and an event set as {@link #count} takes them.
     *
     * @param from the first instant counted
     * @param to the first instant no longer counted
     * @param events the events to count
     * @throws IllegalArgumentException when they are not as {@link #count} takes them
     */
    public static void checkQuery(Instant from, Instant to, Set<String> events) {
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("to must be after from");
      }
      if (events.isEmpty() || events.size() > 20) {
        throw new IllegalArgumentException("1 to 20 events, were " + events.size());
      }
    }
  }

  /**
   * One row of the audit trail: a security event as it is kept ({@code gh_audit_event}). It holds
   * no secret, no address an attacker typed and no full IP address: the client's network only.
   *
   * @param at when it happened (UTC)
   * @param event what happened: the {@code AuthEvent} type's simple name (e.g. {@code LoggedIn},
   *     {@code LoginFailed}) or {@code ImportRun} / {@code ImportRollback} for the importer
   * @param subject the account it happened to (its public id), or {@code null} when none is known
   *     (a failed sign-in for an address with no account, an import run)
   * @param actor who caused it: {@code user} (a request of the account's own client), {@code admin}
   *     (the host's administration calls), {@code system} (Gatehouse itself, e.g. a reuse
   *     revocation) or {@code import}
   * @param method the sign-in or second-factor method ({@code pwd}, {@code otp}, {@code totp}, a
   *     social provider...), or {@code null}
   * @param reason why, for refusals and revocations (e.g. {@code invalid_credentials}, {@code
   *     logout}), or {@code null}
   * @param detail a short value the event carries (a lock's end, a session id, a count), or {@code
   *     null}; never a secret
   * @param network the client's network ({@code 203.0.113.0/24}, {@code 2001:db8:1::/48}), or
   *     {@code null}
   * @param userAgent the client's User-Agent (at most 255 characters), or {@code null}
   * @param correlationId the request's correlation id from the logging context (see {@code
   *     gatehouse.audit.correlation-key}), or {@code null}
   */
  public record AuditEntry(
      Instant at,
      String event,
      @Nullable UUID subject,
      String actor,
      @Nullable String method,
      @Nullable String reason,
      @Nullable String detail,
      @Nullable String network,
      @Nullable String userAgent,
      @Nullable String correlationId) {

    /**
     * Checks the required parts: {@code at}, {@code event} and {@code actor}.
     *
     * @param at see the record description
     * @param event see the record description
     * @param subject see the record description
     * @param actor see the record description
     * @param method see the record description
     * @param reason see the record description
     * @param detail see the record description
     * @param network see the record description
     * @param userAgent see the record description
     * @param correlationId see the record description
     */
    public AuditEntry {
      requireNonNull(at, "at");
      requireNonNull(event, "event");
      requireNonNull(actor, "actor");
    }

    /**
     * The correlation id of the request the calling thread serves, as the logging context (SLF4J
     * MDC) holds it: control characters removed, at most 64 characters.
     *
     * @param key the MDC key ({@code gatehouse.audit.correlation-key})
     * @return the id, or {@code null} when the context has none
     */
    public static @Nullable String correlationIdOf(String key) {
      String id = org.slf4j.MDC.get(key);
      if (id == null) {
        return null;
      }
      String clean = id.replaceAll("\\p{Cntrl}", "").strip();
      return clean.isEmpty() ? null : clean.length() > 64 ? clean.substring(0, 64) : clean;
    }

    /** Shows what happened and to whom, never where from. */
    @Override
    public String toString() {
      return "AuditEntry[" + at + " " + event + " subject=" + subject + " actor=" + actor + "]";
    }
  }
}
