package dev.gatehouse.core.migration;

import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The old auth system, consulted for lazy migration: when a login or a password reset names an
 * identifier that no Gatehouse account has, Gatehouse asks this authenticator. If the legacy system
 * knows the user (and, for a login, the password matches), Gatehouse creates the account the way a
 * registration does (user plus default profile, one transaction), stores the password re-hashed
 * with the current algorithm, starts the session through the normal login path, and then calls
 * {@link #markMigrated} so the legacy side can cut its link. From then on the user is local and the
 * legacy system is never asked about them again.
 *
 * <p>Register it once on the builder:
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store)
 *     .legacyAuthenticator(JdbcLegacyAuthenticator.django(legacyDataSource, "auth_user"))
 *     .build();
 * }</pre>
 *
 * <p><b>Hash computations.</b> A login for an unknown identifier costs the same number of password
 * hash computations whatever the legacy system answers: when it returns a stored hash, verifying
 * that hash takes the place of the dummy verification Gatehouse runs for unknown users; when it
 * confirms the password itself, or does not know the user, the dummy runs as before. So a login
 * that the legacy system cannot resolve still costs exactly one hash (two for a password not in
 * NFKC form), and a successful migration costs one more, to re-hash with the current algorithm —
 * the same as logging in with a legacy-format hash that needs an upgrade.
 *
 * <p><b>Contract.</b> Implementations must be thread-safe, must not log passwords or hashes, and
 * should answer within a bounded time: the login waits for them. An exception thrown by {@link
 * #lookup} fails the login as an infrastructure error; the account is not created.
 */
public interface LegacyAuthenticator {

  /**
   * Finds the user the identifier names in the legacy system.
   *
   * <p>An implementation that reads the legacy user store returns the account with its {@link
   * LegacyAccount#passwordHash() stored hash} and ignores {@code password}. An implementation that
   * asks the old application to check the password (an HTTP endpoint) returns the account with
   * {@link LegacyAccount#passwordConfirmed()} set only when the password was right, and empty
   * otherwise. Accounts the legacy system marks as already migrated should be answered as unknown.
   *
   * @param identifier what the user typed, and its canonical form
   * @param password the password exactly as typed for a login, or {@code null} for a password reset
   *     (an implementation that can only check passwords then answers empty)
   * @return the legacy account, or empty when the legacy system does not know it (or, for a
   *     password-checking implementation, the password is wrong)
   */
  Optional<LegacyAccount> lookup(LegacyIdentifier identifier, @Nullable String password);

  /**
   * Called after the Gatehouse account has been committed: the legacy side may now mark the user
   * migrated (so {@link #lookup} stops answering for them) or disable the old login. Failures are
   * logged by Gatehouse and do not undo the migration; the local account already wins every later
   * lookup. The default does nothing.
   *
   * @param legacyId the {@link LegacyAccount#legacyId()} that was migrated
   * @param userPublicId the new Gatehouse account's public id
   */
  default void markMigrated(String legacyId, UUID userPublicId) {}
}
