package dev.gatehouse.core.event;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened to an account, delivered to the host's {@link AuthEventListener}s. Events
 * carry no secret and no raw identifier an attacker typed; {@code userId} is the public id.
 */
public sealed interface AuthEvent {
  /** {@return when the event happened} */
  Instant at();

  /**
   * A user registered.
   *
   * @param at when
   * @param userId the new user's public id
   */
  record Registered(Instant at, UUID userId) implements AuthEvent {}

  /**
   * A user logged in.
   *
   * @param at when
   * @param userId who
   * @param method how: {@code pwd}, {@code otp}, {@code sms}
   */
  record LoggedIn(Instant at, UUID userId, String method) implements AuthEvent {}

  /**
   * A login failed.
   *
   * @param at when
   * @param userId the account's public id when the identifier named one, else {@code null}
   * @param reason a stable reason code, e.g. {@code invalid_credentials}, {@code account_locked},
   *     {@code invalid_code}, {@code otp_expired}
   * @param method how the login was tried, as in {@link LoggedIn#method()}: {@code pwd} or {@code
   *     otp}
   */
  record LoginFailed(Instant at, UUID userId, String reason, String method) implements AuthEvent {
    /**
     * A failed password login ({@code method} {@code pwd}).
     *
     * @param at when
     * @param userId the account's public id when the identifier named one, else {@code null}
     * @param reason a stable reason code
     */
    public LoginFailed(Instant at, UUID userId, String reason) {
      this(at, userId, reason, "pwd");
    }
  }

  /**
   * An account was locked after repeated failures.
   *
   * @param at when
   * @param userId who
   * @param until when the lock ends
   */
  record Locked(Instant at, UUID userId, Instant until) implements AuthEvent {}

  /**
   * A password was changed by its owner.
   *
   * @param at when
   * @param userId who
   */
  record PasswordChanged(Instant at, UUID userId) implements AuthEvent {}

  /**
   * A password was reset through a reset link.
   *
   * @param at when
   * @param userId who
   */
  record PasswordReset(Instant at, UUID userId) implements AuthEvent {}

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
   */
  record TokenReuseDetected(Instant at, UUID userId, String sessionId) implements AuthEvent {}

  /**
   * A user's session ended (logout, revocation, password change).
   *
   * @param at when
   * @param userId whose
   * @param sessionId which, or {@code null} for all of them
   * @param reason why, e.g. {@code logout}
   */
  record SessionRevoked(Instant at, UUID userId, String sessionId, String reason)
      implements AuthEvent {}
}
