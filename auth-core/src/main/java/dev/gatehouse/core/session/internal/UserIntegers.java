package dev.gatehouse.core.session.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.store.StoreTransaction;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integer a client of the legacy system knows a user by ({@code
 * gatehouse.token.integer-user-ids}): an imported user's legacy key, else the user table's numeric
 * primary key. Shown to clients only (the {@code user_id} claim, the jb-drf-auth contract's user
 * {@code id}); nothing finds an account by it for a request.
 *
 * <p>Two accounts never show the same integer: a key that is also another account's legacy key (a
 * fresh user table whose keys were not moved past the legacy ones after an import) is not shown,
 * and the account keeps its public id. This also keeps a token signed with the legacy key during
 * the window from naming another account through its {@code user_id}: the legacy path maps that
 * claim with the same resolver, to this account or to none.
 *
 * <p>Immutable and thread-safe.
 */
public final class UserIntegers {
  private static final Logger LOG = LoggerFactory.getLogger(UserIntegers.class);

  private final boolean enabled;
  private final @Nullable LegacyAccountResolver legacyAccounts;

  /** Built by the facade's wiring. */
  public UserIntegers(GatehouseConfig config, @Nullable LegacyAccountResolver legacyAccounts) {
    this.enabled = config.get(TokenSettings.TOKEN_INTEGER_USER_IDS);
    this.legacyAccounts = legacyAccounts;
  }

  /** {@return whether integers are shown at all} */
  boolean enabled() {
    return enabled;
  }

  /**
   * The user's integer, read in {@code tx}.
   *
   * @param tx the transaction the user's key is read in
   * @param user the user's public id
   * @return the integer, or empty when the setting is off or the user has none to show
   */
  OptionalLong of(StoreTransaction tx, UUID user) {
    if (!enabled) {
      return OptionalLong.empty();
    }
    if (legacyAccounts != null) {
      Optional<String> legacy = legacyAccounts.legacyUserIdOf(user);
      if (legacy.isPresent()) {
        return parse(legacy.get());
      }
    }
    OptionalLong key = tx.users().numericKey(user);
    if (key.isPresent() && legacyAccounts != null) {
      Optional<UUID> owner = legacyAccounts.accountOf(Long.toString(key.getAsLong()));
      if (owner.isPresent() && !owner.get().equals(user)) {
        LOG.warn(
            "A user's table key is also an imported user's legacy id: the user keeps its public"
                + " id. Restart the user table's key sequence above the largest legacy id.");
        return OptionalLong.empty();
      }
    }
    return key;
  }

  private static OptionalLong parse(String legacyId) {
    if (!legacyId.isEmpty()
        && legacyId.length() <= 18
        && legacyId.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.of(Long.parseLong(legacyId));
    }
    return OptionalLong.empty();
  }
}
