package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.AuditSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;

/**
 * Where the flows report what happened: each event is kept in the audit trail ({@code
 * gh_audit_event}, unless {@code gatehouse.audit.enabled} is off) and delivered to the listeners
 * through the {@link EventBus}. The one place an event becomes an audit entry. Internal: not API.
 *
 * <p>Three moments, one per kind of event:
 *
 * <ul>
 *   <li>{@link #publish(StoreTransaction, AuthEvent)}: in the transaction of the change, so the
 *       entry commits and rolls back with it (and with a host transaction it joined);
 *   <li>{@link #publish(AuthEvent)}: after the flow's own work, in the transaction open on this
 *       thread (the host's) or a short one of its own;
 *   <li>{@link #publishNow(AuthEvent)}: a refusal, which stands whatever the host's transaction
 *       does (as the failure counters do): in a transaction of its own.
 * </ul>
 */
public final class SecurityEvents {

  /** Who caused an event. */
  public enum Actor {
    /** A request of the account's own client. */
    USER("user"),
    /** The host's administration calls. */
    ADMIN("admin"),
    /** Gatehouse itself (a revocation it decided). */
    SYSTEM("system");

    private final String code;

    Actor(String code) {
      this.code = code;
    }

    /** {@return the code kept in the audit trail} */
    public String code() {
      return code;
    }
  }

  private final EventBus bus;
  private final AuthStore store;
  private final boolean audited;
  private final String correlationKey;

  /**
   * @param bus delivers events to the listeners
   * @param store where the audit trail is kept
   * @param config {@code gatehouse.audit.enabled}, {@code gatehouse.audit.correlation-key}
   */
  public SecurityEvents(EventBus bus, AuthStore store, GatehouseConfig config) {
    this.bus = requireNonNull(bus, "bus");
    this.store = requireNonNull(store, "store");
    this.audited = config.get(AuditSettings.AUDIT_ENABLED);
    this.correlationKey = config.get(AuditSettings.AUDIT_CORRELATION_KEY);
  }

  /**
   * Records an event of the user's own request in the transaction of the change; listeners hear of
   * it after that transaction commits.
   *
   * @param tx the change's transaction
   * @param event what happened
   */
  public void publish(StoreTransaction tx, AuthEvent event) {
    publish(tx, Actor.USER, event);
  }

  /**
   * Records an event in the transaction of the change; listeners hear of it after that transaction
   * commits.
   *
   * @param tx the change's transaction
   * @param actor who caused it
   * @param event what happened
   */
  public void publish(StoreTransaction tx, Actor actor, AuthEvent event) {
    if (audited) {
      tx.audit().append(entry(actor, event));
    }
    tx.afterCommit(() -> bus.publishNow(event));
  }

  /**
   * Records an event of the user's own request after the flow's work: in the transaction open on
   * this thread (a host's the flow joined) or one of its own.
   *
   * @param event what happened
   */
  public void publish(AuthEvent event) {
    publish(Actor.USER, event);
  }

  /**
   * Records an event after the flow's work: in the transaction open on this thread (a host's the
   * flow joined) or one of its own.
   *
   * @param actor who caused it
   * @param event what happened
   */
  public void publish(Actor actor, AuthEvent event) {
    if (audited) {
      store.inTransaction(
          tx -> {
            tx.audit().append(entry(actor, event));
            return null;
          });
    }
    bus.publish(event);
  }

  /**
   * Records a refusal that stands whatever the surrounding transaction does (a failed sign-in, a
   * lockout), in a transaction of its own, and tells the listeners at once.
   *
   * @param event what happened
   */
  public void publishNow(AuthEvent event) {
    if (audited) {
      store.inNewTransaction(
          tx -> {
            tx.audit().append(entry(Actor.USER, event));
            return null;
          });
    }
    bus.publishNow(event);
  }

  /**
   * An entry of the importer, written in the transaction given.
   *
   * @param tx the transaction
   * @param entry the entry
   */
  public void append(StoreTransaction tx, AuditEntry entry) {
    if (audited) {
      tx.audit().append(entry);
    }
  }

  /** {@return whether the audit trail is kept} */
  public boolean audited() {
    return audited;
  }

  private AuditEntry entry(Actor actor, AuthEvent event) {
    Parts p = Parts.of(event);
    String ip = event.origin().ipAddress();
    // The origin may carry the full address (gatehouse.events.full-ip); the trail keeps the
    // network.
    String network = ip == null || ip.contains("/") ? ip : ClientDetails.coarseIp(ip);
    return new AuditEntry(
        event.at(),
        event.getClass().getSimpleName(),
        event.userId(),
        actor.code(),
        p.method,
        p.reason,
        p.detail,
        network,
        event.origin().userAgent(),
        AuditEntry.correlationIdOf(correlationKey));
  }

  /** The parts of an event the trail keeps beside its type, subject and origin. */
  private record Parts(String method, String reason, String detail) {
    static Parts of(AuthEvent e) {
      if (e instanceof AuthEvent.LoggedIn x) {
        return new Parts(x.method(), null, null);
      } else if (e instanceof AuthEvent.LoginFailed x) {
        return new Parts(x.method(), x.reason(), null);
      } else if (e instanceof AuthEvent.Locked x) {
        return new Parts(null, null, "until " + x.until());
      } else if (e instanceof AuthEvent.TokenReuseDetected x) {
        return new Parts(null, "refresh_token_reuse", "session " + x.sessionId());
      } else if (e instanceof AuthEvent.SessionRevoked x) {
        return new Parts(null, x.reason(), "session " + x.sessionId());
      } else if (e instanceof AuthEvent.SecondFactorEnabled x) {
        return new Parts(x.method(), null, null);
      } else if (e instanceof AuthEvent.SecondFactorDisabled x) {
        return new Parts(x.method(), null, null);
      } else if (e instanceof AuthEvent.RecoveryCodeUsed x) {
        return new Parts("recovery_code", null, "remaining " + x.remaining());
      } else if (e instanceof AuthEvent.DeviceRemembered x) {
        return new Parts(null, null, "until " + x.expiresAt());
      } else if (e instanceof AuthEvent.RememberedDevicesRevoked x) {
        return new Parts(null, x.reason(), "count " + x.count());
      } else if (e instanceof AuthEvent.SecondFactorEnrolmentRequired x) {
        return new Parts(null, null, "due " + x.dueAt());
      } else if (e instanceof AuthEvent.SocialLinked x) {
        return new Parts(x.provider(), null, null);
      } else if (e instanceof AuthEvent.SocialUnlinked x) {
        return new Parts(x.provider(), null, null);
      } else if (e instanceof AuthEvent.PasskeyRegistered x) {
        return new Parts("passkey", null, "passkey " + x.passkeyId());
      } else if (e instanceof AuthEvent.PasskeyRemoved x) {
        return new Parts("passkey", null, "passkey " + x.passkeyId());
      } else if (e instanceof AuthEvent.PasskeyUsed x) {
        return new Parts("passkey", x.purpose(), "passkey " + x.passkeyId());
      } else if (e instanceof AuthEvent.PasskeyCounterRegressed x) {
        return new Parts(
            "passkey",
            "counter_regressed",
            "passkey " + x.passkeyId() + " " + x.storedCount() + ">" + x.presentedCount());
      }
      return new Parts(null, null, null);
    }
  }
}
