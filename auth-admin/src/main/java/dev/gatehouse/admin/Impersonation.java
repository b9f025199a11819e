package dev.gatehouse.admin;

import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleSessions;
import dev.gatehouse.core.session.SessionClaims;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Impersonation ({@link AdminService#impersonate}): a short session of the user whose access tokens
 * carry RFC 8693's {@value #ACT} claim naming the superuser who acts ({@code {"sub": "<admin>"}}).
 * At each refresh the admin is read again: one who is no longer an active superuser ends the
 * session ({@link #endsSession}), audited. The core refuses every sensitive change to a token that
 * carries {@value #ACT}.
 */
final class Impersonation implements SessionClaims {
  /** RFC 8693's actor claim. */
  static final String ACT = "act";

  /** How long an impersonation lasts at most, refreshes included. */
  static final Duration LIFETIME = Duration.ofMinutes(Impersonation.LIFETIME_MINUTES);

  /** {@link #LIFETIME} in minutes. */
  static final int LIFETIME_MINUTES = 15;

  /** The audit action, and the revoked session's reason, of an impersonation's end. */
  static final String ENDED = "impersonation_ended";

  /** The {@code amr} of an impersonation session: no sign-in of the user's happened. */
  static final String AMR = "imp";

  private final SignInContext context;
  private final ModuleAudit auditTrail;
  private final ModuleSessions moduleSessions;

  Impersonation(SignInContext context) {
    this.context = context;
    this.auditTrail = context.capability(ModuleAudit.class);
    this.moduleSessions = context.capability(ModuleSessions.class);
  }

  @Override
  public String name() {
    return "admin";
  }

  @Override
  public boolean endsSession() {
    return true;
  }

  /**
   * Starts the session of {@code target} that {@code admin} acts in, in the caller's transaction.
   */
  TokenPair start(
      StoreTransaction tx, UserRecord admin, UserRecord target, @Nullable ClientInfo client) {
    // Always a web session without a device: the admin's device is never linked to the user's
    // account, and no single-session rule of mobile clients ends the user's own sessions.
    ClientInfo web =
        client == null
            ? ClientInfo.web()
            : new ClientInfo("web", client.ipAddress(), client.userAgent(), null);
    return moduleSessions.startSessionFor(
        tx,
        target.publicId(),
        List.of(AMR),
        web,
        LIFETIME,
        this,
        Map.of(ACT, Map.of("sub", admin.publicId().toString())));
  }

  /**
   * Ends the impersonation session {@code token} belongs to, in one transaction with its audit
   * entry naming both people; refuses a token that carries no {@value #ACT}.
   */
  boolean end(VerifiedAccessToken token, AuthEvent.RequestOrigin origin) {
    UUID admin = actor(token.claims()).orElseThrow(DefaultAdminService::forbidden);
    UUID user = token.userPublicId();
    return context
        .store()
        .inTransaction(
            tx -> {
              boolean ended = moduleSessions.endSession(tx, user, token.sessionId(), ENDED);
              if (ended) {
                audit(tx, user, admin, "ended", origin);
              }
              return ended;
            });
  }

  private void audit(
      StoreTransaction tx, UUID user, UUID admin, String why, AuthEvent.RequestOrigin origin) {
    auditTrail.publishByAdmin(
        tx, admin, new AdminAction(context.clock().instant(), user, admin, ENDED, why, origin));
  }

  @Override
  public Map<String, Object> atRefresh(
      StoreTransaction tx, UUID account, Map<String, Object> kept) {
    Optional<UUID> admin = actor(kept);
    if (admin.isPresent()
        && tx.users()
            .findByPublicId(admin.get())
            .filter(u -> u.superuser() && u.active() && !u.deleted())
            .isPresent()) {
      return kept;
    }
    // The session ends with this refresh (endsSession): the trail says why, naming both people.
    admin.ifPresent(
        a -> audit(tx, account, a, "admin_no_longer_superuser", AuthEvent.RequestOrigin.UNKNOWN));
    return Map.of();
  }

  /** The acting admin's public id, from the kept claims. */
  static Optional<UUID> actor(Map<String, ?> claims) {
    if (!(claims.get(ACT) instanceof Map<?, ?> act) || !(act.get("sub") instanceof String sub)) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(sub));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
