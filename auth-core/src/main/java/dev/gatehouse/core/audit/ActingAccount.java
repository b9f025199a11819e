package dev.gatehouse.core.audit;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SignedInCaller;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Who acts for the caller of the work this thread does: the staff account an impersonation's access
 * token names in RFC 8693's {@code act} claim. Every audit entry written while it is known names it
 * (the actor {@code admin}, the detail {@code by <its public id>}), whichever flow writes the
 * entry: the trail never records a change made under {@code act} as the user's own.
 *
 * <p>Known only inside a {@link #open() scope} (the Spring starter opens one per request), from the
 * moment a caller's token is {@linkplain #note noted}: the core notes every token it checks a
 * caller's session with, the starter's contracts the token of their one caller check. Outside a
 * scope nothing is kept, so no thread carries an actor into later work. Thread-confined.
 */
public final class ActingAccount {
  private static final ThreadLocal<Slot> CURRENT = new ThreadLocal<>();

  private ActingAccount() {}

  /** Ends a scope: the thread's earlier one, if any, is current again. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** The acting account noted in one scope. */
  private static final class Slot {
    private @Nullable UUID acting;
  }

  /**
   * Opens a scope on this thread (one request's work); close it when the work ends.
   *
   * @return the scope
   */
  public static Scope open() {
    Slot previous = CURRENT.get();
    CURRENT.set(new Slot());
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /**
   * Notes the caller's verified token: when it carries {@code act} naming an account, that account
   * acts for the rest of the scope. Nothing happens outside a scope or for a token without {@code
   * act}.
   *
   * @param caller the caller's verified access token
   */
  public static void note(VerifiedAccessToken caller) {
    requireNonNull(caller, "caller");
    Slot slot = CURRENT.get();
    if (slot != null) {
      SignedInCaller.of(caller).actor().ifPresent(a -> slot.acting = a);
    }
  }

  /**
   * {@return the account acting for the caller in this thread's scope, if a noted token named one}
   */
  public static Optional<UUID> current() {
    Slot slot = CURRENT.get();
    return slot == null ? Optional.empty() : Optional.ofNullable(slot.acting);
  }
}
