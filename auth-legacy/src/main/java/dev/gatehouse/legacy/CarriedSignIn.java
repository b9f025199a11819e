package dev.gatehouse.legacy;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.ActionTokenStore.ActionToken;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The credential check of a sign-in carried over from a legacy system: a legacy token, verified
 * before the sign-in ({@link LegacyTokens}), proves its account once and carries the legacy
 * sign-in's time into the session ({@link CredentialCheck.CarriedOver}). The token is recorded as
 * spent in the sign-in's transaction, bound to the session it produced; presented again, the check
 * hands that session to {@code replayed} (which ends it as reuse) and refuses.
 *
 * <p>A legacy credential cannot answer a second step: for an account that needs one, the sign-in is
 * refused and its transaction rolls back, so the token stays unspent and nothing else changes; the
 * user signs in with a password and answers the step.
 *
 * <p>One instance per sign-in: its {@link #method()} is the legacy kind's once the token proved its
 * account, and {@code refusalMethod} while it has not (the name a refusal's audit entry keeps).
 */
final class CarriedSignIn implements CredentialCheck {
  private final LegacyToken token;
  private final UUID account;
  private final String refusalMethod;
  private final Supplier<? extends AuthException> refusal;
  private final BiConsumer<StoreTransaction, SessionState> replayed;
  private boolean proven;

  CarriedSignIn(
      LegacyToken token,
      UUID account,
      String refusalMethod,
      Supplier<? extends AuthException> refusal,
      BiConsumer<StoreTransaction, SessionState> replayed) {
    this.token = token;
    this.account = account;
    this.refusalMethod = refusalMethod;
    this.refusal = refusal;
    this.replayed = replayed;
  }

  @Override
  public String method() {
    return proven ? token.method() : refusalMethod;
  }

  @Override
  public Proof check(StoreTransaction tx, Instant now) {
    Optional<ActionToken> seen = tx.actionTokens().findUsable(token.purpose(), token.hash(), now);
    if (seen.isPresent()) {
      String binding = seen.get().binding();
      if (binding != null) {
        tx.sessions()
            .findSession(binding)
            .filter(s -> s.liveAt(now))
            .ifPresent(s -> replayed.accept(tx, s));
      }
      return new Refused(refusal.get(), account);
    }
    Optional<UserRecord> user = tx.users().findByPublicId(account);
    if (user.isEmpty()) {
      return new Refused(refusal.get(), account);
    }
    proven = true;
    return new Proven(user.get(), token.amr(), false, false, new CarriedOver(token.signedInAt()));
  }

  @Override
  public AuthException inactiveAccount(UserRecord user) {
    proven = false;
    return refusal.get();
  }

  @Override
  public void answered(StoreTransaction tx, SignInResult result, Instant now) {
    if (!(result instanceof SignInResult.SignedIn in)) {
      proven = false;
      throw refusal.get();
    }
    tx.actionTokens()
        .add(
            account,
            token.purpose(),
            token.hash(),
            in.tokens().sessionId(),
            token.expiresAt(),
            now);
  }
}
