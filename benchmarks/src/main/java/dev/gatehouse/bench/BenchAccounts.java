package dev.gatehouse.bench;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;

/**
 * The benchmarks' accounts, written through {@link AccountFactory} as the library's flows write
 * them (the account and its default profile), so that every benchmark measures rows shaped alike.
 */
final class BenchAccounts {
  /** A password that no login can match: the accounts signed in directly never use one. */
  static final String UNUSABLE_PASSWORD = "!unusable";

  private static final ClientInfo CLIENT = ClientInfo.web("198.51.100.7");

  private BenchAccounts() {}

  /**
   * Writes an account with its default profile in {@code tx}.
   *
   * @param confirmed whether the account and its email are verified
   * @param staff whether the account is staff
   */
  static UserRecord insert(
      AccountFactory accounts,
      StoreTransaction tx,
      String email,
      String passwordHash,
      boolean confirmed,
      boolean staff,
      Instant now) {
    UserRecord u =
        accounts.insertUser(
            tx,
            UserRecord.newAccount(now)
                .email(email, email)
                .passwordHash(passwordHash)
                .verified(confirmed)
                .emailVerified(confirmed)
                .staff(staff)
                .build());
    accounts.addDefaultProfile(tx, u.publicId(), now);
    return u;
  }

  /**
   * Writes a confirmed account with an unusable password and starts its session, as a password
   * sign-in would, in one transaction.
   */
  static TokenPair signedIn(Gatehouse g, AuthStore store, String email, boolean staff) {
    Instant now = Instant.now();
    AccountFactory accounts = AccountFactory.of(g.config());
    return store.inTransaction(
        tx -> {
          UserRecord u = insert(accounts, tx, email, UNUSABLE_PASSWORD, true, staff, now);
          return g.sessions().start(tx, u.publicId(), List.of("pwd"), CLIENT);
        });
  }
}
