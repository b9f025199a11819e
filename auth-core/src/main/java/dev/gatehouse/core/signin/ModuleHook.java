package dev.gatehouse.core.signin;

/**
 * A module's hook on the pipeline, registered with {@code SignInContext#hook} when the module's
 * feature is built. The kinds are the interfaces that extend it: {@code SignInGuard} (a say over
 * every proven sign-in), {@code SignInCompleted} (every completed sign-in), {@code SessionsEnded}
 * (every end of sessions), {@code Reauthentication.Check} (a kind of proof of presence), {@code
 * CarryOver} (a legacy system's tokens), {@code ExternalAccounts} (accounts another system knows),
 * {@code SessionClaims} (claims kept in sessions), {@link AccountChangeListener} (every change of
 * an account), {@link OutboxChannel} (a module's own outbox entries) and {@link DeferredMail} (a
 * request whose mail depends on the address). One object may be several kinds; it is registered for
 * each.
 */
public interface ModuleHook {}
