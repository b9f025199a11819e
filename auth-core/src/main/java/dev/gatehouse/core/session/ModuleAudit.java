package dev.gatehouse.core.session;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The audit trail and events of a module's flows: an event written with the change it records and
 * handed to listeners after the commit, a staff member's action, a refusal the pipeline never saw.
 * Asked for with {@code context.capability(ModuleAudit.class)}.
 *
 * <p>{@link #publish} and {@link #publishByAdmin} are called in the transaction that writes the
 * change; {@link #refused}, {@link #refusedOperation} and {@link #refusedToStaff} on a request's
 * thread outside any of the module's transactions (each writes its entry in one of its own).
 * Thread-safe.
 */
public interface ModuleAudit {
  /**
   * Appends the event to the audit trail in {@code tx} (when it is audited) and hands it to the
   * listeners after the commit.
   *
   * @param tx the transaction the event's change is written in
   * @param event the event
   */
  void publish(StoreTransaction tx, AuthEvent event);

  /**
   * Appends the event of a staff member's action to the audit trail in {@code tx} with the actor
   * {@code admin}, naming the staff member in the entry's detail, and hands it to the listeners
   * after the commit. The caller has checked that {@code admin} may act.
   *
   * @param tx the transaction the action's change is written in
   * @param admin the public id of the staff member who acted
   * @param event the event, whose {@link AuthEvent#userId()} is the account acted on
   */
  void publishByAdmin(StoreTransaction tx, UUID admin, AuthEvent event);

  /**
   * Keeps a sign-in refused before the pipeline ran (a limit of the method's own) as the pipeline
   * keeps its refusals: the audit entry in a transaction of its own and {@code LoginFailed} after
   * it.
   *
   * @param method the method, as {@link CredentialCheck#method()}
   * @param account the account the attempt named, or {@code null}
   * @param error the refusal
   * @param client who is calling, or {@code null}
   * @return {@code error}, to throw
   */
  AuthException refused(
      String method, @Nullable UUID account, AuthException error, @Nullable ClientInfo client);

  /**
   * Keeps any other operation of the module refused to its caller (not a sign-in, {@link #refused};
   * not a staff operation, {@link #refusedToStaff}) as the pipeline keeps a sign-in's refusal: when
   * the code is one the trail keeps ({@code ErrorCode#audited()}, a module's {@code
   * ErrorCode.auditedRefusal}), an {@link AuthEvent.OperationRefused} entry naming the account, the
   * operation and the code, written in a transaction of its own (so that the refused change's
   * rollback keeps it) and handed to the listeners after it. Called outside the refused operation's
   * transaction.
   *
   * <pre>{@code
   * throw audit.refusedOperation("api_keys.create", owner.publicId(), overQuota, client);
   * }</pre>
   *
   * @param operation what was refused, as the module names it ({@code api_keys.create}): 1 to 40
   *     letters, digits, {@code _}, {@code -} and {@code .}
   * @param account the calling account's public id, or {@code null} when the call names none
   * @param error the refusal
   * @param client who is calling, or {@code null}
   * @param <E> the refusal's type
   * @return {@code error}, to throw
   * @throws IllegalArgumentException when {@code operation} is not of that shape
   */
  <E extends AuthException> E refusedOperation(
      String operation, @Nullable UUID account, E error, @Nullable ClientInfo client);

  /**
   * Keeps a staff operation refused to its caller: when {@code error} is {@code forbidden}, an
   * {@link AuthEvent.AdminRefused} entry naming the caller and the operation, written in a
   * transaction of its own (so that a refused change's rollback keeps it) and handed to the
   * listeners after it. Any other error is answered as it is: bad input is not a refusal of the
   * caller. Called outside the refused operation's transaction.
   *
   * @param caller the caller who was refused
   * @param operation what the caller asked for, as the entry names it ({@code "search"})
   * @param error the refusal
   * @return {@code error}, to throw
   */
  RejectedInputException refusedToStaff(
      VerifiedAccessToken caller, String operation, RejectedInputException error);
}
