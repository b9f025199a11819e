package dev.gatehouse.jpa;

import static java.util.Objects.requireNonNull;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The sessions and sign-ins of whole accounts, for tools that work on accounts from outside the
 * sign-in flows (the importer's rollback): which accounts have sessions, ending them, and keeping
 * the record of an account's last sign-in equal to what the tool wrote. Runs in the transaction of
 * the entity manager it was made for, so it commits and rolls back with the caller's other writes.
 * This is the only way code outside {@code auth-jpa} reaches the library's session and sign-in
 * tables: how they are stored is not its business.
 */
public final class AccountSessions {
  private final EntityManager em;
  private final SqlDialect dialect;
  private final JpaSessionStore sessions;

  private AccountSessions(EntityManager em) {
    this.em = em;
    this.dialect = JpaConnections.dialect(em);
    this.sessions = new JpaSessionStore(new LibrarySql(em, dialect), () -> {}, null);
  }

  /**
   * The sessions of accounts, inside {@code em}'s current transaction.
   *
   * @param em an entity manager of a factory built over Gatehouse's tables, inside a transaction
   * @return the account sessions seen through it
   */
  public static AccountSessions of(EntityManager em) {
    return new AccountSessions(requireNonNull(em, "em"));
  }

  /**
   * The accounts among {@code accounts} that have a session, live or not, that started at or after
   * {@code startedSince}.
   *
   * @param accounts the accounts' public ids
   * @param startedSince the earliest start counted; {@code null} counts every session
   * @return those of them with such a session, in their natural order
   */
  public Set<UUID> withSessions(Collection<UUID> accounts, Instant startedSince) {
    requireNonNull(accounts, "accounts");
    return sessions.withSessions(accounts, startedSince);
  }

  /**
   * Ends the sessions of an account that started at or after {@code startedSince}: their refresh
   * tokens are deleted, and the sessions themselves deleted ({@code delete}) or revoked at {@code
   * now} with {@code reason} (a session already revoked keeps its first reason and time).
   *
   * @param account the account's public id
   * @param startedSince the earliest start ended; {@code null} ends every session
   * @param delete whether to delete the sessions rather than revoke them
   * @param now the revocation time
   * @param reason the revocation reason
   * @return how many sessions were ended
   */
  public int end(UUID account, Instant startedSince, boolean delete, Instant now, String reason) {
    requireNonNull(account, "account");
    requireNonNull(now, "now");
    requireNonNull(reason, "reason");
    return sessions.end(account, startedSince, delete, now, reason);
  }

  /**
   * Keeps the record of an account's last sign-in (which administration's pages by last sign-in
   * time read) equal to what a tool wrote into the account through the entity manager: the user
   * row's last login as it now is, or {@code null} when it has none or the account was deleted
   * outright. A login and every write through the store keep it themselves.
   *
   * @param account the account's public id
   * @param lastLoginAt the account's last login now, or {@code null} for none
   */
  public void lastSignInWritten(UUID account, @Nullable Instant lastLoginAt) {
    requireNonNull(account, "account");
    JpaConnections.onConnection(
        em,
        c -> {
          SignInTimes.write(
              c,
              dialect,
              JpaConnections.queryTimeoutSeconds(em),
              Collections.singletonMap(account, lastLoginAt));
          return null;
        });
  }
}
