package dev.gatehouse.legacy;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The password login of a user only the legacy system knows, once the core verified the typed
 * password ({@code ExternalAccounts.Account#signIn}): the check the core runs through its one
 * pipeline. In the sign-in's transaction it moves the user in, settles the login's counted attempt
 * (a right password was no guess) and proves the new account with {@code pwd}; an account that must
 * be confirmed first ({@code gatehouse.account.require-verified}) is moved in but refused, as a
 * local one is.
 */
final class MigratingSignIn implements CredentialCheck {
  /** Moves the legacy user in, or answers {@code null} when an account took its identifiers. */
  interface MoveIn {
    @Nullable UserRecord moveIn(StoreTransaction tx, Instant now);
  }

  private final MoveIn move;
  private final boolean mayStart;
  private final ModuleLimits.Guess attempt;

  /**
   * @param move the move, with the re-hashed password
   * @param mayStart whether the account may sign in without being confirmed first
   * @param attempt the login's counted attempt
   */
  MigratingSignIn(MoveIn move, boolean mayStart, ModuleLimits.Guess attempt) {
    this.move = move;
    this.mayStart = mayStart;
    this.attempt = attempt;
  }

  @Override
  public String method() {
    return "pwd";
  }

  @Override
  public Proof check(StoreTransaction tx, Instant now) {
    UserRecord u = move.moveIn(tx, now);
    if (u == null) {
      // Rolls the sign-in back; the core retries the login as an ordinary one.
      throw new DuplicateKeyException("an account took the legacy user's identifiers", null);
    }
    attempt.settle(tx);
    if (!mayStart) {
      return new Refused(
          new RejectedInputException(
              ErrorCode.ACCOUNT_NOT_VERIFIED, "the account must be confirmed before it can log in"),
          u.publicId());
    }
    return new Proven(u, List.of("pwd"), true, false);
  }

  @Override
  public AuthException inactiveAccount(UserRecord user) {
    return new RejectedInputException(
        ErrorCode.INVALID_CREDENTIALS, "the identifier or the password is wrong");
  }
}
