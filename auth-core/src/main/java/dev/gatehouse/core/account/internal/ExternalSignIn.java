package dev.gatehouse.core.account.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.internal.Credentials.Identifier;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ExternalAccounts;
import dev.gatehouse.core.session.ExternalAccounts.Account;
import dev.gatehouse.core.session.SignInResult.SignedIn;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The password login's and the reset's question to the {@link ExternalAccounts} a module
 * registered, and the move of a user it knows into an account (at a login whose password matched,
 * or before a password reset).
 */
public final class ExternalSignIn {
  private final GatehouseConfig config;
  private final AuthStore store;
  private final PasswordHashing passwords;
  private final SignInPipeline pipeline;
  private final LoginThrottle throttle;
  private volatile @Nullable ExternalAccounts accounts;

  public ExternalSignIn(
      GatehouseConfig config,
      AuthStore store,
      PasswordHashing passwords,
      SignInPipeline pipeline,
      LoginThrottle throttle) {
    this.config = config;
    this.store = store;
    this.passwords = passwords;
    this.pipeline = pipeline;
    this.throttle = throttle;
  }

  /** Takes the accounts a module registered; once. */
  public void register(ExternalAccounts external) {
    requireNonNull(external, "external");
    synchronized (this) {
      if (accounts != null) {
        throw new IllegalStateException("external accounts are registered already");
      }
      accounts = external;
    }
  }

  /** Asks the registered module, if any; answers {@code null} when it does not know. */
  @Nullable Account lookup(Identifier id, String typed, @Nullable String password) {
    ExternalAccounts external = accounts;
    if (external == null) {
      return null;
    }
    Account a = external.find(id.kind(), id.canonical(), typed, password).orElse(null);
    // A confirmation without a password is meaningless; keep only what the lookup says.
    return a != null && password == null && a.passwordConfirmed() ? null : a;
  }

  /**
   * Moves in a user whose password just matched and starts the session in the same transaction
   * (unless the account must be verified first).
   *
   * @return the session's tokens, or {@code null} when a concurrent login moved the same user (or
   *     took one of its identifiers) first: the account is local now, so the caller retries the
   *     ordinary path
   */
  @Nullable SignedIn moveInAtLogin(
      Account found, String password, String bucket, ClientInfo client, Instant now) {
    // Always re-hashed: the other system's hash (if any) is in its own format and parameters.
    String hash = passwords.hash(password);
    boolean mayStart = !config.get(AccountSettings.REQUIRE_VERIFIED) || found.verified();
    Moved m;
    try {
      m =
          store.inTransaction(
              tx -> {
                UserRecord u = found.moveIn(tx, hash, now);
                if (u == null) {
                  return null;
                }
                if (!mayStart) {
                  return new Moved(null);
                }
                tx.users().recordLogin(u.publicId(), now);
                throttle.clear(tx, bucket);
                return new Moved(
                    pipeline.complete(tx, u, List.of("pwd"), "pwd", client, now, true, List.of()));
              });
    } catch (DuplicateKeyException e) {
      m = null;
    }
    if (m == null) {
      return null;
    }
    if (m.signedIn() == null) {
      throw new RejectedInputException(
          ErrorCode.ACCOUNT_NOT_VERIFIED, "the account must be confirmed before it can log in");
    }
    return m.signedIn();
  }

  /**
   * Before a password reset for an address no account has: moves the user over (keeping its hash
   * verbatim, so the old password also keeps working and is upgraded at its first login), so that
   * the reset then proceeds as for any account.
   */
  void moveInForReset(String email, String canonical, Instant now) {
    if (accounts == null
        || store.inTransaction(tx -> tx.users().findByEmail(canonical).isPresent())) {
      return;
    }
    Account found = lookup(new Identifier(IdentifierKind.EMAIL, canonical), email, null);
    if (found == null || !found.active()) {
      return;
    }
    try {
      store.inTransaction(tx -> found.moveIn(tx, found.passwordHash(), now));
    } catch (DuplicateKeyException e) {
      // moved concurrently; the reset finds the account
    }
  }

  /** What a move at login did. */
  private record Moved(@Nullable SignedIn signedIn) {}
}
