package dev.gatehouse.core.event;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to an account, delivered to the host's {@link AuthEventListener}s. Events
 * carry no secret and no raw identifier an attacker typed; {@code userId} is the public id. Events
 * of flows that know their client carry its {@link #origin()}; the shorter constructors leave it
 * {@link RequestOrigin#UNKNOWN}.
 */
public sealed interface AuthEvent {
  /** {@return when the event happened} */
  Instant at();

  /**
   * {@return the public id of the account it happened to; {@code null} only for a failed sign-in
   * whose identifier matched no account and a refused administration call that names none}
   */
  UUID userId();

  /**
   * {@return where the request came from; {@link RequestOrigin#UNKNOWN} when the flow had no client
   * information or the event is not caused by a request}
   */
  default RequestOrigin origin() {
    return RequestOrigin.UNKNOWN;
  }

  /**
   * A user registered.
   *
   * @param at when
   * @param userId the new user's public id
   * @param origin where the request came from
   */
  record Registered(Instant at, UUID userId, RequestOrigin origin) implements AuthEvent {
    /**
     * An event with no client information.
     *
     * @param at when
     * @param userId the new user's public id
     */
    public Registered(Instant at, UUID userId) {
      this(at, userId, RequestOrigin.UNKNOWN);
    }
  }

  /**
   * A user logged in.
   *
   * @param at when
   * @param userId who
   * @param method how: {@code pwd}, {@code otp}, {@code sms}
   * @param origin where the request came from
   */
  record LoggedIn(Instant at, UUID userId, String method, RequestOrigin origin)
      implements AuthEvent {
    /**
     * An event with no client information.
     *
     * @param at when
     * @param userId who
     * @param method how
     */
    public LoggedIn(Instant at, UUID userId, String method) {
      this(at, userId, method, RequestOrigin.UNKNOWN);
    }
  }

  /**
   * A login failed.
   *
   * @param at when
   * @param userId the account's public id when the identifier named one, else {@code null}
   * @param reason a stable reason code, e.g. {@code invalid_credentials}, {@code account_locked},
   *     {@code invalid_code}, {@code otp_expired}
   * @param method how the login was tried, as in {@link LoggedIn#method()}: {@code pwd} or {@code
   *     otp}
   * @param origin where the request came from
   */
  record LoginFailed(
      Instant at, @Nullable UUID userId, String reason, String method, RequestOrigin origin)
      implements AuthEvent {
    /**
     * A failed password login ({@code method} {@code pwd}) with no client information.
     *
     * @param at when
     * @param userId the account's public id when the identifier named one, else {@code null}
     * @param reason a stable reason code
     */
    public LoginFailed(Instant at, @Nullable UUID userId, String reason) {
      this(at, userId, reason, "pwd", RequestOrigin.UNKNOWN);
    }

    /**
     * A failed login with no client information.
     *
     * @param at when
     * @param userId the account, or {@code null}
     * @param reason a stable reason code
     * @param method {@code pwd} or {@code otp}
     */
    public LoginFailed(Instant at, @Nullable UUID userId, String reason, String method) {
      this(at, userId, reason, method, RequestOrigin.UNKNOWN);
    }

    /**
     * A failed password login ({@code method} {@code pwd}).
     *
     * @param at when
     * @param userId the account, or {@code null}
     * @param reason a stable reason code
     * @param origin where the request came from
     */
    public LoginFailed(Instant at, @Nullable UUID userId, String reason, RequestOrigin origin) {
      this(at, userId, reason, "pwd", origin);
    }
  }

  /**
   * An administration call was refused: the superuser bootstrap (a wrong token, a bootstrap that is
   * off or closed) or a staff creation by a caller who is not a superuser. Kept in the audit trail
   * with the actor {@code admin}.
   *
   * @param at when
   * @param userId the calling account's public id, or {@code null} when the call names none (the
   *     bootstrap)
   * @param reason the refusal's code, e.g. {@code invalid_bootstrap_token}, {@code forbidden}
   * @param operation the call: {@code bootstrap} or {@code create_staff}
   * @param origin where the request came from
   */
  record AdminRefused(
      Instant at, @Nullable UUID userId, String reason, String operation, RequestOrigin origin)
      implements AuthEvent {}

  /**
   * A module's operation that is not a sign-in (those are {@link LoginFailed}) nor a staff member's
   * (those are {@link AdminRefused}) was refused to its caller with a code its module declares
   * audited: an API key over its account's quota, say. Written by {@code
   * ModuleAudit#refusedOperation} in a transaction of its own.
   *
   * @param at when
   * @param userId the calling account's public id, or {@code null} when the call names none
   * @param reason the refusal's code, e.g. {@code api_key_quota}
   * @param operation what was refused, as the module names it ({@code api_keys.create}), at most 40
   *     characters
   * @param origin where the request came from
   */
  record OperationRefused(
      Instant at, @Nullable UUID userId, String reason, String operation, RequestOrigin origin)
      implements AuthEvent {}

  /**
   * An account was locked after repeated failures.
   *
   * @param at when
   * @param userId who
   * @param until when the lock ends
   * @param origin where the failing request came from
   */
  record Locked(Instant at, UUID userId, Instant until, RequestOrigin origin) implements AuthEvent {
    /**
     * An event with no client information.
     *
     * @param at when
     * @param userId who
     * @param until when the lock ends
     */
    public Locked(Instant at, UUID userId, Instant until) {
      this(at, userId, until, RequestOrigin.UNKNOWN);
    }
  }

  /**
   * A password was changed by its owner.
   *
   * @param at when
   * @param userId who
   * @param origin where the request came from
   */
  record PasswordChanged(Instant at, UUID userId, RequestOrigin origin) implements AuthEvent {
    /**
     * An event with no client information.
     *
     * @param at when
     * @param userId who
     */
    public PasswordChanged(Instant at, UUID userId) {
      this(at, userId, RequestOrigin.UNKNOWN);
    }
  }

  /**
   * A password was reset through a reset link.
   *
   * @param at when
   * @param userId who
   * @param origin where the request came from
   */
  record PasswordReset(Instant at, UUID userId, RequestOrigin origin) implements AuthEvent {
    /**
     * An event with no client information.
     *
     * @param at when
     * @param userId who
     */
    public PasswordReset(Instant at, UUID userId) {
      this(at, userId, RequestOrigin.UNKNOWN);
    }
  }

  /**
   * An email address was verified.
   *
   * @param at when
   * @param userId who
   */
  record EmailVerified(Instant at, UUID userId) implements AuthEvent {}

  /**
   * A phone number was verified.
   *
   * @param at when
   * @param userId who
   */
  record PhoneVerified(Instant at, UUID userId) implements AuthEvent {}

  /**
   * A refresh token that had already been rotated was presented again; its session was revoked.
   *
   * @param at when
   * @param userId whose session
   * @param sessionId the revoked session
   * @param origin where the replayed token came from
   */
  record TokenReuseDetected(Instant at, UUID userId, String sessionId, RequestOrigin origin)
      implements AuthEvent {
    /**
     * An event with no client information.
     *
     * @param at when
     * @param userId whose session
     * @param sessionId the revoked session
     */
    public TokenReuseDetected(Instant at, UUID userId, String sessionId) {
      this(at, userId, sessionId, RequestOrigin.UNKNOWN);
    }
  }

  /**
   * A user's session ended (logout, revocation, password change).
   *
   * @param at when
   * @param userId whose
   * @param sessionId which, or {@code null} for all of them
   * @param reason why, e.g. {@code logout}
   */
  record SessionRevoked(Instant at, UUID userId, @Nullable String sessionId, String reason)
      implements AuthEvent {}

  /**
   * An account was deleted by its owner (soft delete: its identifiers stay taken).
   *
   * @param at when
   * @param userId who
   * @param origin where the request came from
   */
  record AccountDeleted(Instant at, UUID userId, RequestOrigin origin) implements AuthEvent {}

  /**
   * An account's email address was replaced by a new one whose ownership was proven.
   *
   * @param at when
   * @param userId who
   * @param origin where the confirming request came from
   */
  record EmailChanged(Instant at, UUID userId, RequestOrigin origin) implements AuthEvent {}

  /**
   * An account's phone number was replaced by a new one whose ownership was proven.
   *
   * @param at when
   * @param userId who
   * @param origin where the confirming request came from
   */
  record PhoneChanged(Instant at, UUID userId, RequestOrigin origin) implements AuthEvent {}

  /**
   * A second factor was removed (with its recovery codes when it was the last).
   *
   * @param at when
   * @param userId who
   * @param method which factor: {@code totp}
   * @param origin where the request came from
   */
  record SecondFactorDisabled(Instant at, UUID userId, String method, RequestOrigin origin)
      implements AuthEvent {}

  /**
   * A remembered device stood in for the second factor of a login ({@code amr} has {@code rdt}).
   *
   * @param at when
   * @param userId who
   * @param origin where the request came from
   */
  record RememberedDeviceUsed(Instant at, UUID userId, RequestOrigin origin) implements AuthEvent {}

  /**
   * Remembered devices of a user were revoked: by the user, or because the password changed, the
   * second factor was removed or the account was logged out everywhere.
   *
   * @param at when
   * @param userId who
   * @param count how many
   * @param reason why: {@code user}, {@code second_factor_removed}, or the reason sessions were
   *     revoked ({@code password_changed}, {@code password_reset}, …)
   */
  record RememberedDevicesRevoked(Instant at, UUID userId, int count, String reason)
      implements AuthEvent {}

  /**
   * A login was refused with {@code mfa_enrolment_required}: the second-factor policy covers the
   * account, it has no factor, and its grace period ended.
   *
   * @param at when
   * @param userId who
   * @param dueAt when the grace period ended
   * @param origin where the request came from
   */
  record SecondFactorEnrolmentRequired(Instant at, UUID userId, Instant dueAt, RequestOrigin origin)
      implements AuthEvent {}

  /**
   * An account's membership of an organisation began, changed or ended ({@code
   * auth-organizations}).
   *
   * @param at when
   * @param userId the member's public id
   * @param organization the organisation's id
   * @param change {@code joined} (created the organisation, accepted an invitation, signed up by
   *     one), {@code role_changed}, {@code left}, {@code removed} (by another member) or {@code
   *     organization_deleted}
   * @param role the member's role after the change, or before it when the membership ended
   * @param by the account that made the change (for a member who joined by invitation, the
   *     inviter), or {@code null} when it is the member's own (creating the organisation, leaving)
   */
  record MembershipChanged(
      Instant at, UUID userId, UUID organization, String change, String role, @Nullable UUID by)
      implements AuthEvent {
    /** The member joined. */
    public static final String JOINED = "joined";

    /** The member's role was changed. */
    public static final String ROLE_CHANGED = "role_changed";

    /** The member left. */
    public static final String LEFT = "left";

    /** Another member removed the member. */
    public static final String REMOVED = "removed";

    /** The organisation was deleted. */
    public static final String ORGANIZATION_DELETED = "organization_deleted";
  }

  /**
   * An event a feature module defines and publishes through {@code ModuleAudit#publish} (a passkey
   * registered, a provider identity linked, recovery codes renewed): listeners get it as any other
   * event, and the audit trail keeps it as the core's own (its type's simple name, its subject and
   * origin) with the parts it names here. Modules' events are immutable records.
   */
  non-sealed interface ModuleEvent extends AuthEvent {
    /** {@return the audit entry's method (as {@code LoggedIn#method()}), or {@code null}} */
    default @Nullable String auditMethod() {
      return null;
    }

    /** {@return the audit entry's reason, or {@code null}} */
    default @Nullable String auditReason() {
      return null;
    }

    /** {@return the audit entry's detail (at most 200 characters are kept), or {@code null}} */
    default @Nullable String auditDetail() {
      return null;
    }
  }

  /**
   * Where the request that caused an event came from, as the host's web layer reported it in its
   * {@code ClientInfo}: the client's network (or full address, with {@code
   * gatehouse.events.full-ip}) and its user agent. Both are {@code null} when the flow had no
   * client information, for example a server-side call or a link followed from an email.
   *
   * @param ipAddress the client's network, e.g. {@code 203.0.113.0/24} (IPv4 {@code /24}, IPv6
   *     {@code /48}); its full address when {@code gatehouse.events.full-ip} is on; or {@code null}
   * @param userAgent the User-Agent without control characters, at most 255 characters, or {@code
   *     null}
   */
  public record RequestOrigin(@Nullable String ipAddress, @Nullable String userAgent) {
    /** No client information. */
    public static final RequestOrigin UNKNOWN = new RequestOrigin(null, null);
  }

  /**
   * Receives {@link AuthEvent}s. Registered explicitly on the {@code Gatehouse} builder.
   *
   * <p>Called synchronously after the flow's transaction committed, on the thread that ran the
   * flow; must be thread-safe and quick. An exception thrown here is logged and swallowed: it never
   * undoes or fails the flow.
   */
  @FunctionalInterface
  public interface AuthEventListener {
    /**
     * @param event what happened
     */
    void on(AuthEvent event);
  }
}
