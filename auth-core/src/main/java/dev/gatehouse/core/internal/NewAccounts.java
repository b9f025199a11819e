package dev.gatehouse.core.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.store.ProfileRecord;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;

/**
 * What every path that creates an account (registration, sign-up by code, import, admin bootstrap)
 * does after inserting the user, so they cannot drift apart. Internal: not API.
 */
public final class NewAccounts {
  private NewAccounts() {}

  /**
   * Adds the user's first profile, with the configured default role, as their default.
   *
   * @param tx the creating flow's transaction
   * @param user the new, already inserted user
   * @param config the configuration
   * @param now creation time
   * @return the profile
   */
  public static ProfileRecord addDefaultProfile(
      StoreTransaction tx, AuthUserBase user, GatehouseConfig config, Instant now) {
    return tx.profiles()
        .create(
            ProfileRecord.of(
                    user.getPublicId(), config.get(GatehouseConfig.DEFAULT_PROFILE_ROLE), now)
                .withDefaultProfile(true));
  }
}
