package dev.gatehouse.core.migration;

import java.util.Optional;
import java.util.UUID;

/**
 * Finds the Gatehouse account a user of the legacy system became, by the legacy system's own key
 * for that user: the {@code user_id} claim of a djangorestframework-simplejwt token, for example.
 * Registered with {@code Gatehouse.Builder#legacyAccounts}; a session carried over from the legacy
 * system (see {@code gatehouse.legacy.simplejwt.*}) belongs to the account this answers.
 *
 * <p>The importer's mapping answers it for imported users ({@code
 * GatehouseImports.legacyAccounts}); a host whose legacy ids live elsewhere (a column on its user
 * table, a lookup service) implements it itself. Called outside Gatehouse's transaction, once per
 * carried-over credential; must be thread-safe.
 */
@FunctionalInterface
public interface LegacyAccountResolver {

  /**
   * The account the legacy user became.
   *
   * @param legacyUserId the legacy system's key for the user, as its credential carries it (a
   *     number's decimal digits, or the string as it is)
   * @return the account's public id, or empty when the user was not moved over (yet)
   */
  Optional<UUID> accountOf(String legacyUserId);

  /**
   * The legacy system's key for the user an account was imported from: the integer its clients knew
   * the user by ({@code gatehouse.token.integer-user-ids}). Only shown to clients, never used to
   * find an account for a request.
   *
   * @param account the account's public id
   * @return the legacy key (a number's decimal digits, or the string as it is), or empty when the
   *     account was not imported (the default)
   */
  default Optional<String> legacyUserIdOf(UUID account) {
    return Optional.empty();
  }
}
