package dev.gatehouse.admin;

import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A staff member acted on an account through the administration module ({@code auth-admin}):
 * disabled or enabled it, ended its sessions, deleted it. Its audit entry has the actor {@code
 * admin}, the account as subject, the action as method and names the staff member and the reason in
 * its detail.
 *
 * <p>{@link #toString()} leaves the reason out: it is the staff member's free text.
 *
 * @param at when
 * @param userId the account acted on
 * @param adminId the staff member who acted
 * @param action what was done, e.g. {@code disable}, {@code enable}, {@code revoke_sessions},
 *     {@code delete}
 * @param reason the reason the staff member gave, or {@code null}
 * @param origin where the request came from
 */
public record AdminAction(
    Instant at,
    UUID userId,
    UUID adminId,
    String action,
    @Nullable String reason,
    RequestOrigin origin)
    implements AuthEvent.ModuleEvent {
  @Override
  public String auditMethod() {
    return action;
  }

  @Override
  public @Nullable String auditDetail() {
    return reason;
  }

  @Override
  public String toString() {
    return "AdminAction[at="
        + at
        + ", userId="
        + userId
        + ", adminId="
        + adminId
        + ", action="
        + action
        + "]";
  }
}
