package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.audit.ActingAccount;
import dev.gatehouse.core.config.AuditSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Clock;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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
 *
 * <p>Refusals come in through {@link #signInRefused} and {@link #adminRefused}, which keep a
 * refusal exactly when {@link #audits(ErrorCode)} says its code is one, as the code's declaration
 * decides ({@link ErrorCode#audited()}).
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
  private final Clock clock;
  private final boolean audited;
  private final String correlationKey;

  /**
   * @param bus delivers events to the listeners
   * @param store where the audit trail is kept
   * @param config {@code gatehouse.audit.enabled}, {@code gatehouse.audit.correlation-key}
   * @param clock the time a refusal is recorded at
   */
  public SecurityEvents(EventBus bus, AuthStore store, GatehouseConfig config, Clock clock) {
    this.bus = requireNonNull(bus, "bus");
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
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
    publish(tx, actor, null, event);
  }

  /**
   * Records an event of an administration call in the transaction of the change, naming the account
   * that made the call (its public id, in the entry's detail); listeners hear of the event after
   * that transaction commits.
   *
   * @param tx the change's transaction
   * @param actor who caused it
   * @param actingAccount the public id of the calling account (a superuser creating staff), or
   *     {@code null} when no account made the call
   * @param event what happened
   */
  public void publish(
      StoreTransaction tx, Actor actor, @Nullable UUID actingAccount, AuthEvent event) {
    if (audited) {
      tx.audit().append(entry(actor, actingAccount, event));
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
            tx.audit().append(entry(actor, null, event));
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
    publishNow(Actor.USER, event);
  }

  private void publishNow(Actor actor, AuthEvent event) {
    if (audited) {
      store.inNewTransaction(
          tx -> {
            tx.audit().append(entry(actor, null, event));
            return null;
          });
    }
    bus.publishNow(event);
  }

  /**
   * Records a refused sign-in (or second step) as {@code LoginFailed}, when its code is one the
   * trail keeps ({@link #audits}), in a transaction of its own, as a failed password is: the entry
   * stands whatever the caller's transaction does. Answers the refusal, for the caller to throw.
   *
   * @param method how the sign-in was tried, as {@code LoggedIn} names it
   * @param subject the public id of the account the credential or identifier named, or {@code null}
   *     when it named none (never the identifier itself)
   * @param refusal the refusal
   * @param origin where the request came from
   * @param <E> the refusal's type
   * @return {@code refusal}
   */
  public <E extends AuthException> E signInRefused(
      String method, @Nullable UUID subject, E refusal, RequestOrigin origin) {
    if (audits(refusal.error())) {
      publishNow(
          new AuthEvent.LoginFailed(
              clock.instant(), subject, refusal.error().code(), method, origin));
    }
    return refusal;
  }

  /**
   * Records a refused administration call (the superuser bootstrap, a staff creation) as {@code
   * AdminRefused} with the actor {@code admin}, when its code is one the trail keeps ({@link
   * #audits}), in a transaction of its own. Answers the refusal, for the caller to throw.
   *
   * @param operation the call, e.g. {@code bootstrap}, {@code create_staff}
   * @param subject the public id of the calling account, or {@code null} when the call names none
   * @param refusal the refusal
   * @param <E> the refusal's type
   * @return {@code refusal}
   */
  public <E extends AuthException> E adminRefused(
      String operation, @Nullable UUID subject, E refusal) {
    if (audits(refusal.error())) {
      publishNow(
          Actor.ADMIN,
          new AuthEvent.AdminRefused(
              clock.instant(), subject, refusal.error().code(), operation, RequestOrigin.UNKNOWN));
    }
    return refusal;
  }

  /**
   * Whether a refusal with this code is kept in the audit trail, as its declaration says ({@link
   * ErrorCode#audited()}: a core code's constant, a module's {@link ErrorCode#auditedRefusal}).
   *
   * @param code the refusal's code
   * @return whether the trail keeps it
   */
  public static boolean audits(ErrorCode code) {
    return code.audited();
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

  private AuditEntry entry(Actor actor, @Nullable UUID actingAccount, AuthEvent event) {
    // Under an impersonation's token the staff account acts, whichever flow writes the entry.
    UUID staff = actingAccount == null ? ActingAccount.current().orElse(null) : null;
    if (staff != null) {
      return entry(actor == Actor.USER ? Actor.ADMIN : actor, staff, event);
    }
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
        detail(actingAccount, p.detail),
        network,
        event.origin().userAgent(),
        AuditEntry.correlationIdOf(correlationKey));
  }

  /** The parts of an event the trail keeps beside its type, subject and origin. */
  /** The entry's detail: who acted, then the event's own detail, within the column's 200. */
  private static @Nullable String detail(@Nullable UUID actingAccount, @Nullable String own) {
    String d =
        actingAccount == null
            ? own
            : own == null ? "by " + actingAccount : "by " + actingAccount + ": " + own;
    return d == null || d.length() <= 200 ? d : d.substring(0, 200);
  }

  private record Parts(String method, String reason, String detail) {
    static Parts of(AuthEvent e) {
      if (e instanceof AuthEvent.LoggedIn x) {
        return new Parts(x.method(), null, null);
      } else if (e instanceof AuthEvent.LoginFailed x) {
        return new Parts(x.method(), x.reason(), null);
      } else if (e instanceof AuthEvent.AdminRefused x) {
        return new Parts(x.operation(), x.reason(), null);
      } else if (e instanceof AuthEvent.OperationRefused x) {
        return new Parts(x.operation(), x.reason(), null);
      } else if (e instanceof AuthEvent.Locked x) {
        return new Parts(null, null, "until " + x.until());
      } else if (e instanceof AuthEvent.TokenReuseDetected x) {
        return new Parts(null, "refresh_token_reuse", "session " + x.sessionId());
      } else if (e instanceof AuthEvent.SessionRevoked x) {
        return new Parts(null, x.reason(), "session " + x.sessionId());
      } else if (e instanceof AuthEvent.SecondFactorDisabled x) {
        return new Parts(x.method(), null, null);
      } else if (e instanceof AuthEvent.RememberedDevicesRevoked x) {
        return new Parts(null, x.reason(), "count " + x.count());
      } else if (e instanceof AuthEvent.SecondFactorEnrolmentRequired x) {
        return new Parts(null, null, "due " + x.dueAt());
      } else if (e instanceof AuthEvent.MembershipChanged x) {
        return new Parts(
            "organization",
            x.change(),
            "organization "
                + x.organization()
                + " role "
                + x.role()
                + (x.by() == null ? "" : " by " + x.by()));
      } else if (e instanceof AuthEvent.ModuleEvent x) {
        return new Parts(x.auditMethod(), x.auditReason(), x.auditDetail());
      }
      return new Parts(null, null, null);
    }
  }
}
