package dev.gatehouse.core.migration;

import java.util.Optional;

/**
 * What the legacy system's own credential tables say during the transition window: the owner of a
 * djangorestframework {@code Token} key, and whether djangorestframework-simplejwt's blacklist
 * holds a refresh token. Registered with {@code Gatehouse.Builder#legacyCredentials}; {@code new
 * DjangoCredentialTables(dataSource)} reads a Django database's {@code authtoken_token} and {@code
 * token_blacklist_*} tables.
 *
 * <p>Called outside Gatehouse's transaction, once per carried-over credential; must be thread-safe.
 * A lookup that cannot reach the legacy store throws: the credential is then refused (a blacklist
 * that cannot be read does not let a revoked token through).
 */
public interface LegacyCredentials {

  /**
   * The legacy user a DRF {@code Token} key belongs to.
   *
   * @param key the key as the client sends it ({@code Authorization: Token <key>})
   * @return the user's key in the legacy system, or empty when no such token exists
   */
  Optional<String> drfTokenOwner(String key);

  /**
   * Whether simplejwt's blacklist holds the refresh token with this {@code jti} (its logout, or a
   * rotation with {@code BLACKLIST_AFTER_ROTATION}).
   *
   * @param jti the token's {@code jti}
   * @return whether it was blacklisted; false when the project has no blacklist tables
   */
  boolean simpleJwtBlacklisted(String jti);

  /**
   * {@return the lookup of a host without legacy credential tables: no DRF token exists, nothing is
   * blacklisted}
   */
  static LegacyCredentials none() {
    return None.INSTANCE;
  }

  /** The {@link #none()} lookup. */
  enum None implements LegacyCredentials {
    /** The one instance. */
    INSTANCE;

    @Override
    public Optional<String> drfTokenOwner(String key) {
      return Optional.empty();
    }

    @Override
    public boolean simpleJwtBlacklisted(String jti) {
      return false;
    }
  }
}
