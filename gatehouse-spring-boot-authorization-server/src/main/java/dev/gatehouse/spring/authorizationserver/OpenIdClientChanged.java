package dev.gatehouse.spring.authorizationserver;

import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A staff member changed the provider's clients ({@link OpenIdClientAdmin}). Its audit entry has
 * the actor {@code admin}, the staff member as subject (the change is a client's, not an
 * account's), the change as method ({@code openid_client_registered}, {@code _changed}, {@code
 * _secret_replaced}, {@code _removed}) and the client's id in its detail; never a secret.
 *
 * @param at when
 * @param userId the staff member
 * @param clientId the client
 * @param change what was done
 * @param origin where the request came from
 */
public record OpenIdClientChanged(
    Instant at, UUID userId, String clientId, Change change, RequestOrigin origin)
    implements AuthEvent.ModuleEvent {

  /** What a staff member did to a client. */
  public enum Change {
    /** Registered it. */
    REGISTERED,
    /** Changed its name, party, redirect URIs or scopes. */
    CHANGED,
    /** Replaced its secret. */
    SECRET_REPLACED,
    /** Removed it with everything issued to it. */
    REMOVED
  }

  @Override
  public String auditMethod() {
    return "openid_client_" + change.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String auditDetail() {
    return clientId;
  }
}
