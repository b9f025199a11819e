package dev.gatehouse.core.internal;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.store.ProfileRecord;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;

/**
 * Kept only so that code written against it still compiles. Internal: not API.
 *
 * @deprecated use {@link AccountFactory}, which creates the whole account (and is public API).
 */
@Deprecated
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
   * @deprecated use {@link AccountFactory#addDefaultProfile}
   */
  @Deprecated
  public static ProfileRecord addDefaultProfile(
      StoreTransaction tx, AuthUserBase user, GatehouseConfig config, Instant now) {
    return AccountFactory.of(config).addDefaultProfile(tx, user.getPublicId(), now);
  }
}
