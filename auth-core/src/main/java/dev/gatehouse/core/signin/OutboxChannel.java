package dev.gatehouse.core.signin;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A module's own kind of outbox entry, beside the core's emails and SMS: recorded with {@link
 * dev.gatehouse.core.session.ModuleMail#enqueue} in a flow's transaction (sealed, like every
 * entry), and handed to the module by the core's delivery workers after the commit, with the
 * outbox's claims, leases and doubling backoff. Entries of such a channel go after every
 * interactive message that is due, and never reach the host's delivery log. Registered once per
 * channel with {@link dev.gatehouse.core.session.SignInContext#hook}; an entry whose channel has no
 * handler (the module was taken out) is kept and retried until one is back. Implementations are
 * thread-safe.
 */
public interface OutboxChannel extends ModuleHook {
  /**
   * {@return the channel's name, which its entries are recorded under ({@code ModuleMail#enqueue}):
   * lower case, and not {@code email}, {@code sms} or {@code request}, the core's own}
   */
  String channel();

  /** {@return a short name of where entries go, for logs and metrics (e.g. {@code django})} */
  String name();

  /**
   * Delivers one entry, on a delivery worker, outside any transaction. Must be idempotent: an entry
   * may be delivered again after a worker died.
   *
   * @param entry the entry
   * @return empty when delivered, else why it failed for good (no value of the entry: the reason is
   *     logged and kept), which is never retried
   * @throws RuntimeException when the destination cannot be reached: the entry is retried later
   *     (its error is logged by the exception's kind only)
   */
  Optional<String> deliver(Entry entry);

  /**
   * One entry of a module's channel.
   *
   * @param id the outbox key: increasing, the same on every delivery attempt
   * @param purpose the entry's purpose (in the clear, e.g. in logs)
   * @param key what the entry is about (in the clear; entries of a channel with the same key are
   *     claimed one at a time, in order, where the store orders them)
   * @param loggedText a short text logs may show, or {@code null}
   * @param fields what the entry carries, sealed at rest: at most {@value #MAX_FIELDS}, each may be
   *     {@code null}
   */
  record Entry(
      long id,
      String purpose,
      String key,
      @Nullable String loggedText,
      List<@Nullable String> fields) {
    /** How many fields an entry carries at most. */
    public static final int MAX_FIELDS = 6;

    /**
     * Checks the components.
     *
     * @param id the outbox key ({@code 0} before it is recorded)
     * @param purpose the purpose
     * @param key what the entry is about
     * @param loggedText a text logs may show, or {@code null}
     * @param fields the sealed fields
     */
    public Entry {
      java.util.Objects.requireNonNull(purpose, "purpose");
      java.util.Objects.requireNonNull(key, "key");
      if (fields.size() > MAX_FIELDS) {
        throw new IllegalArgumentException("an entry carries at most " + MAX_FIELDS + " fields");
      }
      fields = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(fields));
    }

    @Override
    public String toString() {
      // The fields are sealed at rest: never logged.
      return "Entry[" + id + ", " + purpose + ", " + key + "]";
    }
  }
}
