package dev.gatehouse.imports.verify;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.LoginRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.identity.Usernames;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.imports.internal.HashLabels;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Replays known (identifier, password) pairs through the application's real login ({@link
 * AccountService#login}) after an import, tallying the outcome per stored hash format, so that an
 * encoding, salt-order or pepper mistake shows up before cut-over. The format is read before the
 * login (a successful login upgrades the hash). Logins start sessions and upgrade hashes, so run it
 * against a staging copy or accept those effects. {@code account_not_verified} counts as a match
 * (the password was right). Not thread-safe.
 */
public final class LoginReplay {
  private final AccountService accounts;
  private final AuthStore store;
  private final PhoneNumbers phones;
  private final HashCheck tally;
  private final Map<String, Long> failures = new TreeMap<>();

  /**
   * @param accounts the application's account service
   * @param store its store, to read the stored hash's format before each login
   * @param phones the normaliser for phone identifiers
   * @param hashCheck where the tally goes (its hashing is not used)
   */
  public LoginReplay(
      AccountService accounts, AuthStore store, PhoneNumbers phones, HashCheck hashCheck) {
    this.accounts = requireNonNull(accounts, "accounts");
    this.store = requireNonNull(store, "store");
    this.phones = requireNonNull(phones, "phones");
    this.tally = requireNonNull(hashCheck, "hashCheck");
  }

  /**
   * Replays one login.
   *
   * @param identifier email, phone or username as the user would type it
   * @param password the known password
   * @return whether the password was accepted
   */
  public boolean replay(String identifier, String password) {
    String label =
        store
            .inTransaction(tx -> find(tx, identifier))
            .map(u -> HashLabels.label(u.passwordHash()))
            .orElse("no account");
    boolean ok;
    try {
      accounts.login(LoginRequest.of(identifier, password));
      ok = true;
    } catch (AuthException e) {
      ok = "account_not_verified".equals(e.code());
      if (!ok) {
        failures.merge(label + ": " + e.code(), 1L, Long::sum);
      }
    }
    tally.record(label, ok);
    return ok;
  }

  /** {@return failure codes per format, e.g. {@code "argon2id ...: invalid_credentials" -> 2}} */
  public Map<String, Long> failures() {
    return Map.copyOf(failures);
  }

  private Optional<UserRecord> find(dev.gatehouse.core.store.StoreTransaction tx, String id) {
    try {
      if (id.contains("@")) {
        return tx.users().findByEmail(EmailAddresses.canonical(id));
      }
      if (id.strip().startsWith("+") || id.strip().matches("[0-9 ()\\-]{7,}")) {
        return tx.users().findByPhone(phones.normalize(id));
      }
      return tx.users().findByUsername(Usernames.canonical(id));
    } catch (RejectedInputException e) {
      return Optional.empty();
    }
  }
}
